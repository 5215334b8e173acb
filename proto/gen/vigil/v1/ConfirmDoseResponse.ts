// Original file: proto/vigil/v1/scoring.proto

import type { Verdict as _vigil_v1_Verdict, Verdict__Output as _vigil_v1_Verdict__Output } from '../../vigil/v1/Verdict.js';
import type { AuditRef as _vigil_v1_AuditRef, AuditRef__Output as _vigil_v1_AuditRef__Output } from '../../vigil/v1/AuditRef.js';

/**
 * The outcome of a confirmation.
 */
export interface ConfirmDoseResponse {
  /**
   * The held command.
   */
  'commandId'?: (string);
  /**
   * Final verdict: ALLOW when confirmed, REJECT when declined.
   */
  'verdict'?: (_vigil_v1_Verdict);
  /**
   * The adjudication's audit-log entry.
   */
  'audit'?: (_vigil_v1_AuditRef | null);
}

/**
 * The outcome of a confirmation.
 */
export interface ConfirmDoseResponse__Output {
  /**
   * The held command.
   */
  'commandId': (string);
  /**
   * Final verdict: ALLOW when confirmed, REJECT when declined.
   */
  'verdict': (_vigil_v1_Verdict__Output);
  /**
   * The adjudication's audit-log entry.
   */
  'audit': (_vigil_v1_AuditRef__Output | null);
}
