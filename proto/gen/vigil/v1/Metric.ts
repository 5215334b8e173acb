// Original file: proto/vigil/v1/federation.proto


/**
 * One named metric.
 */
export interface Metric {
  /**
   * Name, e.g. "false_alarm_rate", "auroc".
   */
  'name'?: (string);
  /**
   * Value.
   */
  'value'?: (number | string);
}

/**
 * One named metric.
 */
export interface Metric__Output {
  /**
   * Name, e.g. "false_alarm_rate", "auroc".
   */
  'name': (string);
  /**
   * Value.
   */
  'value': (number);
}
