// Original file: proto/vigil/v1/scoring.proto

/**
 * Machine-readable reasons, in the order of the gate's stages.
 */
export const ReasonCode = {
  REASON_UNSPECIFIED: 'REASON_UNSPECIFIED',
  /**
   * Stage 1, authenticity and freshness.
   */
  REASON_BAD_AUTH_TAG: 'REASON_BAD_AUTH_TAG',
  REASON_UNKNOWN_ISSUER: 'REASON_UNKNOWN_ISSUER',
  REASON_UNKNOWN_DEVICE: 'REASON_UNKNOWN_DEVICE',
  REASON_UNKNOWN_PATIENT: 'REASON_UNKNOWN_PATIENT',
  REASON_REPLAYED_COUNTER: 'REASON_REPLAYED_COUNTER',
  REASON_STALE_TIMESTAMP: 'REASON_STALE_TIMESTAMP',
  REASON_FUTURE_TIMESTAMP: 'REASON_FUTURE_TIMESTAMP',
  REASON_RATE_LIMITED: 'REASON_RATE_LIMITED',
  /**
   * Stage 2, hard limits (patient profile and drug library).
   */
  REASON_BOLUS_ABOVE_MAX: 'REASON_BOLUS_ABOVE_MAX',
  REASON_BASAL_ABOVE_MAX: 'REASON_BASAL_ABOVE_MAX',
  REASON_TEMP_BASAL_ABOVE_MAX_SAFE: 'REASON_TEMP_BASAL_ABOVE_MAX_SAFE',
  REASON_INSULIN_ON_BOARD_ABOVE_MAX: 'REASON_INSULIN_ON_BOARD_ABOVE_MAX',
  REASON_DAILY_TOTAL_ABOVE_MAX: 'REASON_DAILY_TOTAL_ABOVE_MAX',
  REASON_DRUG_SOFT_LIMIT: 'REASON_DRUG_SOFT_LIMIT',
  REASON_DRUG_HARD_LIMIT: 'REASON_DRUG_HARD_LIMIT',
  REASON_DRUG_NOT_IN_LIBRARY: 'REASON_DRUG_NOT_IN_LIBRARY',
  /**
   * An infusion rate order many times the pump's current rate for the same drug (the ×10 decimal-point
   * error), even inside the drug library's limits: HOLD for a clinician.
   */
  REASON_INFUSION_RATE_STEP: 'REASON_INFUSION_RATE_STEP',
  /**
   * Stage 3, physiological context.
   */
  REASON_GLUCOSE_BELOW_HYPO_THRESHOLD: 'REASON_GLUCOSE_BELOW_HYPO_THRESHOLD',
  /**
   * HOLD; on a bolus the announced carbs and glucose account for it comes with ALLOW, as a warning, when
   * the node is configured so (gate.coveredBolusPredictedHypo = warn).
   */
  REASON_PREDICTED_HYPOGLYCAEMIA: 'REASON_PREDICTED_HYPOGLYCAEMIA',
  REASON_GLUCOSE_FALLING_FAST: 'REASON_GLUCOSE_FALLING_FAST',
  REASON_NO_RECENT_GLUCOSE: 'REASON_NO_RECENT_GLUCOSE',
  /**
   * Stage 4, the deployed autoencoder.
   */
  REASON_ANOMALY_SCORE_ABOVE_THRESHOLD: 'REASON_ANOMALY_SCORE_ABOVE_THRESHOLD',
  /**
   * Degradation and bookkeeping.
   */
  REASON_MODEL_UNAVAILABLE: 'REASON_MODEL_UNAVAILABLE',
  REASON_DUPLICATE_COMMAND: 'REASON_DUPLICATE_COMMAND',
  REASON_SUSPEND_RECOMMENDED: 'REASON_SUSPEND_RECOMMENDED',
} as const;

/**
 * Machine-readable reasons, in the order of the gate's stages.
 */
export type ReasonCode =
  | 'REASON_UNSPECIFIED'
  | 0
  /**
   * Stage 1, authenticity and freshness.
   */
  | 'REASON_BAD_AUTH_TAG'
  | 1
  | 'REASON_UNKNOWN_ISSUER'
  | 2
  | 'REASON_UNKNOWN_DEVICE'
  | 3
  | 'REASON_UNKNOWN_PATIENT'
  | 4
  | 'REASON_REPLAYED_COUNTER'
  | 5
  | 'REASON_STALE_TIMESTAMP'
  | 6
  | 'REASON_FUTURE_TIMESTAMP'
  | 7
  | 'REASON_RATE_LIMITED'
  | 8
  /**
   * Stage 2, hard limits (patient profile and drug library).
   */
  | 'REASON_BOLUS_ABOVE_MAX'
  | 20
  | 'REASON_BASAL_ABOVE_MAX'
  | 21
  | 'REASON_TEMP_BASAL_ABOVE_MAX_SAFE'
  | 22
  | 'REASON_INSULIN_ON_BOARD_ABOVE_MAX'
  | 23
  | 'REASON_DAILY_TOTAL_ABOVE_MAX'
  | 24
  | 'REASON_DRUG_SOFT_LIMIT'
  | 25
  | 'REASON_DRUG_HARD_LIMIT'
  | 26
  | 'REASON_DRUG_NOT_IN_LIBRARY'
  | 27
  /**
   * An infusion rate order many times the pump's current rate for the same drug (the ×10 decimal-point
   * error), even inside the drug library's limits: HOLD for a clinician.
   */
  | 'REASON_INFUSION_RATE_STEP'
  | 28
  /**
   * Stage 3, physiological context.
   */
  | 'REASON_GLUCOSE_BELOW_HYPO_THRESHOLD'
  | 40
  /**
   * HOLD; on a bolus the announced carbs and glucose account for it comes with ALLOW, as a warning, when
   * the node is configured so (gate.coveredBolusPredictedHypo = warn).
   */
  | 'REASON_PREDICTED_HYPOGLYCAEMIA'
  | 41
  | 'REASON_GLUCOSE_FALLING_FAST'
  | 42
  | 'REASON_NO_RECENT_GLUCOSE'
  | 43
  /**
   * Stage 4, the deployed autoencoder.
   */
  | 'REASON_ANOMALY_SCORE_ABOVE_THRESHOLD'
  | 60
  /**
   * Degradation and bookkeeping.
   */
  | 'REASON_MODEL_UNAVAILABLE'
  | 80
  | 'REASON_DUPLICATE_COMMAND'
  | 81
  | 'REASON_SUSPEND_RECOMMENDED'
  | 82

/**
 * Machine-readable reasons, in the order of the gate's stages.
 */
export type ReasonCode__Output = typeof ReasonCode[keyof typeof ReasonCode]
