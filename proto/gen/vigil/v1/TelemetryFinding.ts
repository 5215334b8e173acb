// Original file: proto/vigil/v1/scoring.proto

/**
 * Physical-plausibility findings on a telemetry window.
 */
export const TelemetryFinding = {
  TELEMETRY_FINDING_UNSPECIFIED: 'TELEMETRY_FINDING_UNSPECIFIED',
  /**
   * Glucose changes faster than 4 mg/dL/min.
   */
  TELEMETRY_FINDING_RAPID_GLUCOSE_CHANGE: 'TELEMETRY_FINDING_RAPID_GLUCOSE_CHANGE',
  /**
   * CGM reports the same value for too long.
   */
  TELEMETRY_FINDING_FROZEN_CGM: 'TELEMETRY_FINDING_FROZEN_CGM',
  /**
   * Line pressure high and delivery below commanded.
   */
  TELEMETRY_FINDING_OCCLUSION: 'TELEMETRY_FINDING_OCCLUSION',
  /**
   * Delivery above commanded with low line pressure.
   */
  TELEMETRY_FINDING_FREE_FLOW: 'TELEMETRY_FINDING_FREE_FLOW',
  /**
   * Too many missing CGM readings.
   */
  TELEMETRY_FINDING_CGM_DROPOUT: 'TELEMETRY_FINDING_CGM_DROPOUT',
  /**
   * The telemetry autoencoder's score is above its threshold.
   */
  TELEMETRY_FINDING_ANOMALY: 'TELEMETRY_FINDING_ANOMALY',
} as const;

/**
 * Physical-plausibility findings on a telemetry window.
 */
export type TelemetryFinding =
  | 'TELEMETRY_FINDING_UNSPECIFIED'
  | 0
  /**
   * Glucose changes faster than 4 mg/dL/min.
   */
  | 'TELEMETRY_FINDING_RAPID_GLUCOSE_CHANGE'
  | 1
  /**
   * CGM reports the same value for too long.
   */
  | 'TELEMETRY_FINDING_FROZEN_CGM'
  | 2
  /**
   * Line pressure high and delivery below commanded.
   */
  | 'TELEMETRY_FINDING_OCCLUSION'
  | 3
  /**
   * Delivery above commanded with low line pressure.
   */
  | 'TELEMETRY_FINDING_FREE_FLOW'
  | 4
  /**
   * Too many missing CGM readings.
   */
  | 'TELEMETRY_FINDING_CGM_DROPOUT'
  | 5
  /**
   * The telemetry autoencoder's score is above its threshold.
   */
  | 'TELEMETRY_FINDING_ANOMALY'
  | 6

/**
 * Physical-plausibility findings on a telemetry window.
 */
export type TelemetryFinding__Output = typeof TelemetryFinding[keyof typeof TelemetryFinding]
