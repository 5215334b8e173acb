// Original file: proto/vigil/v1/scoring.proto

/**
 * What an alert is about.
 */
export const AlertKind = {
  ALERT_KIND_UNSPECIFIED: 'ALERT_KIND_UNSPECIFIED',
  /**
   * Suspend the pump: a burst of anomalous commands or a predicted severe hypoglycaemia.
   */
  ALERT_KIND_SUSPEND_RECOMMENDED: 'ALERT_KIND_SUSPEND_RECOMMENDED',
  /**
   * Several anomalous commands on one pump.
   */
  ALERT_KIND_ANOMALY_BURST: 'ALERT_KIND_ANOMALY_BURST',
  /**
   * Several bad frames from one device.
   */
  ALERT_KIND_BAD_FRAME_BURST: 'ALERT_KIND_BAD_FRAME_BURST',
  /**
   * Glucose predicted to fall below the severe threshold.
   */
  ALERT_KIND_PREDICTED_HYPOGLYCAEMIA: 'ALERT_KIND_PREDICTED_HYPOGLYCAEMIA',
  /**
   * Adherence risk above the configured level.
   */
  ALERT_KIND_ADHERENCE_RISK: 'ALERT_KIND_ADHERENCE_RISK',
  /**
   * Telemetry window anomalous.
   */
  ALERT_KIND_TELEMETRY_ANOMALY: 'ALERT_KIND_TELEMETRY_ANOMALY',
  /**
   * The deployed model failed; the gate runs on rules only.
   */
  ALERT_KIND_MODEL_DEGRADED: 'ALERT_KIND_MODEL_DEGRADED',
  /**
   * A clinician's dose confirmations are locked after repeated wrong TOTP codes.
   */
  ALERT_KIND_AUTH_LOCKOUT: 'ALERT_KIND_AUTH_LOCKOUT',
} as const;

/**
 * What an alert is about.
 */
export type AlertKind =
  | 'ALERT_KIND_UNSPECIFIED'
  | 0
  /**
   * Suspend the pump: a burst of anomalous commands or a predicted severe hypoglycaemia.
   */
  | 'ALERT_KIND_SUSPEND_RECOMMENDED'
  | 1
  /**
   * Several anomalous commands on one pump.
   */
  | 'ALERT_KIND_ANOMALY_BURST'
  | 2
  /**
   * Several bad frames from one device.
   */
  | 'ALERT_KIND_BAD_FRAME_BURST'
  | 3
  /**
   * Glucose predicted to fall below the severe threshold.
   */
  | 'ALERT_KIND_PREDICTED_HYPOGLYCAEMIA'
  | 4
  /**
   * Adherence risk above the configured level.
   */
  | 'ALERT_KIND_ADHERENCE_RISK'
  | 5
  /**
   * Telemetry window anomalous.
   */
  | 'ALERT_KIND_TELEMETRY_ANOMALY'
  | 6
  /**
   * The deployed model failed; the gate runs on rules only.
   */
  | 'ALERT_KIND_MODEL_DEGRADED'
  | 7
  /**
   * A clinician's dose confirmations are locked after repeated wrong TOTP codes.
   */
  | 'ALERT_KIND_AUTH_LOCKOUT'
  | 8

/**
 * What an alert is about.
 */
export type AlertKind__Output = typeof AlertKind[keyof typeof AlertKind]
