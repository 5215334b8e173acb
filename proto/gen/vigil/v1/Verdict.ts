// Original file: proto/vigil/v1/scoring.proto

/**
 * The gate's decision.
 */
export const Verdict = {
  VERDICT_UNSPECIFIED: 'VERDICT_UNSPECIFIED',
  /**
   * Deliver the dose.
   */
  VERDICT_ALLOW: 'VERDICT_ALLOW',
  /**
   * Deliver only after a clinician confirms (certificate + TOTP).
   */
  VERDICT_HOLD: 'VERDICT_HOLD',
  /**
   * Do not deliver.
   */
  VERDICT_REJECT: 'VERDICT_REJECT',
} as const;

/**
 * The gate's decision.
 */
export type Verdict =
  | 'VERDICT_UNSPECIFIED'
  | 0
  /**
   * Deliver the dose.
   */
  | 'VERDICT_ALLOW'
  | 1
  /**
   * Deliver only after a clinician confirms (certificate + TOTP).
   */
  | 'VERDICT_HOLD'
  | 2
  /**
   * Do not deliver.
   */
  | 'VERDICT_REJECT'
  | 3

/**
 * The gate's decision.
 */
export type Verdict__Output = typeof Verdict[keyof typeof Verdict]
