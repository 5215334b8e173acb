// Original file: proto/vigil/v1/common.proto


/**
 * One feature's contribution to an anomaly score or a risk prediction.
 */
export interface FeatureAttribution {
  /**
   * Stable machine name of the feature, e.g. "insulin_on_board_rel".
   */
  'feature'?: (string);
  /**
   * Human-readable name, e.g. "insulin on board (relative to max)".
   */
  'humanName'?: (string);
  /**
   * Share of the score this feature explains (0..1 for anomaly scores; signed log-odds for risk).
   */
  'contribution'?: (number | string);
  /**
   * The feature's value in its natural unit, for display.
   */
  'value'?: (number | string);
}

/**
 * One feature's contribution to an anomaly score or a risk prediction.
 */
export interface FeatureAttribution__Output {
  /**
   * Stable machine name of the feature, e.g. "insulin_on_board_rel".
   */
  'feature': (string);
  /**
   * Human-readable name, e.g. "insulin on board (relative to max)".
   */
  'humanName': (string);
  /**
   * Share of the score this feature explains (0..1 for anomaly scores; signed log-odds for risk).
   */
  'contribution': (number);
  /**
   * The feature's value in its natural unit, for display.
   */
  'value': (number);
}
