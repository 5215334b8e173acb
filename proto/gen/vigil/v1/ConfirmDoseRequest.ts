// Original file: proto/vigil/v1/scoring.proto

import type { ClinicianDecision as _vigil_v1_ClinicianDecision, ClinicianDecision__Output as _vigil_v1_ClinicianDecision__Output } from '../../vigil/v1/ClinicianDecision.js';

/**
 * Releases or declines a held dose.
 */
export interface ConfirmDoseRequest {
  /**
   * From GateVerdict.hold_id.
   */
  'holdId'?: (string);
  /**
   * Six-digit RFC 6238 TOTP code of the calling clinician.
   */
  'totpCode'?: (string);
  /**
   * Confirm or decline.
   */
  'decision'?: (_vigil_v1_ClinicianDecision);
  /**
   * Free-text note, at most 200 characters; must not name the patient.
   */
  'note'?: (string);
}

/**
 * Releases or declines a held dose.
 */
export interface ConfirmDoseRequest__Output {
  /**
   * From GateVerdict.hold_id.
   */
  'holdId': (string);
  /**
   * Six-digit RFC 6238 TOTP code of the calling clinician.
   */
  'totpCode': (string);
  /**
   * Confirm or decline.
   */
  'decision': (_vigil_v1_ClinicianDecision__Output);
  /**
   * Free-text note, at most 200 characters; must not name the patient.
   */
  'note': (string);
}
