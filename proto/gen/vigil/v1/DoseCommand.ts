// Original file: proto/vigil/v1/scoring.proto

import type { DoseKind as _vigil_v1_DoseKind, DoseKind__Output as _vigil_v1_DoseKind__Output } from '../../vigil/v1/DoseKind.js';
import type { InfusionDose as _vigil_v1_InfusionDose, InfusionDose__Output as _vigil_v1_InfusionDose__Output } from '../../vigil/v1/InfusionDose.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A dose command as a gateway forwards it.
 */
export interface DoseCommand {
  /**
   * Unique id; the same id always gets the same verdict (idempotent).
   */
  'commandId'?: (string);
  /**
   * Pseudonymous patient id (p-<hex>).
   */
  'patientId'?: (string);
  /**
   * Pump the command is for.
   */
  'deviceId'?: (string);
  /**
   * Who issued it (AID controller, pump manager, clinician app).
   */
  'issuerId'?: (string);
  /**
   * Monotonic per-device counter (replay protection).
   */
  'counter'?: (number | string | Long);
  /**
   * When the issuer created the command, epoch milliseconds.
   */
  'issuedAtMs'?: (number | string | Long);
  /**
   * What the command asks for.
   */
  'kind'?: (_vigil_v1_DoseKind);
  /**
   * Amount: U for BOLUS, U/h for BASAL_RATE and TEMP_BASAL, 0 for SUSPEND.
   */
  'units'?: (number | string);
  /**
   * Duration for TEMP_BASAL and SUSPEND, minutes.
   */
  'durationMinutes'?: (number);
  /**
   * Present for INFUSION_RATE and INFUSION_BOLUS.
   */
  'infusion'?: (_vigil_v1_InfusionDose | null);
  /**
   * 16-byte Ascon-AEAD128 nonce used for `auth_tag`.
   */
  'authNonce'?: (Buffer | Uint8Array | string);
  /**
   * 16-byte Ascon-AEAD128 tag over the command's canonical encoding, keyed with the issuer's key.
   */
  'authTag'?: (Buffer | Uint8Array | string);
}

/**
 * A dose command as a gateway forwards it.
 */
export interface DoseCommand__Output {
  /**
   * Unique id; the same id always gets the same verdict (idempotent).
   */
  'commandId': (string);
  /**
   * Pseudonymous patient id (p-<hex>).
   */
  'patientId': (string);
  /**
   * Pump the command is for.
   */
  'deviceId': (string);
  /**
   * Who issued it (AID controller, pump manager, clinician app).
   */
  'issuerId': (string);
  /**
   * Monotonic per-device counter (replay protection).
   */
  'counter': (number);
  /**
   * When the issuer created the command, epoch milliseconds.
   */
  'issuedAtMs': (number);
  /**
   * What the command asks for.
   */
  'kind': (_vigil_v1_DoseKind__Output);
  /**
   * Amount: U for BOLUS, U/h for BASAL_RATE and TEMP_BASAL, 0 for SUSPEND.
   */
  'units': (number);
  /**
   * Duration for TEMP_BASAL and SUSPEND, minutes.
   */
  'durationMinutes': (number);
  /**
   * Present for INFUSION_RATE and INFUSION_BOLUS.
   */
  'infusion': (_vigil_v1_InfusionDose__Output | null);
  /**
   * 16-byte Ascon-AEAD128 nonce used for `auth_tag`.
   */
  'authNonce': (Buffer);
  /**
   * 16-byte Ascon-AEAD128 tag over the command's canonical encoding, keyed with the issuer's key.
   */
  'authTag': (Buffer);
}
