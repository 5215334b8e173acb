// Original file: proto/vigil/v1/scoring.proto

/**
 * A clinician's decision on a held dose.
 */
export const ClinicianDecision = {
  CLINICIAN_DECISION_UNSPECIFIED: 'CLINICIAN_DECISION_UNSPECIFIED',
  /**
   * Release the dose.
   */
  CLINICIAN_DECISION_CONFIRM: 'CLINICIAN_DECISION_CONFIRM',
  /**
   * Cancel the dose.
   */
  CLINICIAN_DECISION_DECLINE: 'CLINICIAN_DECISION_DECLINE',
} as const;

/**
 * A clinician's decision on a held dose.
 */
export type ClinicianDecision =
  | 'CLINICIAN_DECISION_UNSPECIFIED'
  | 0
  /**
   * Release the dose.
   */
  | 'CLINICIAN_DECISION_CONFIRM'
  | 1
  /**
   * Cancel the dose.
   */
  | 'CLINICIAN_DECISION_DECLINE'
  | 2

/**
 * A clinician's decision on a held dose.
 */
export type ClinicianDecision__Output = typeof ClinicianDecision[keyof typeof ClinicianDecision]
