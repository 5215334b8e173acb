// Original file: proto/vigil/v1/federation.proto


/**
 * Acknowledges an evaluation report.
 */
export interface ReportEvaluationResponse {
  /**
   * True when the node's weights hash agrees with the others reported so far.
   */
  'hashAgrees'?: (boolean);
}

/**
 * Acknowledges an evaluation report.
 */
export interface ReportEvaluationResponse__Output {
  /**
   * True when the node's weights hash agrees with the others reported so far.
   */
  'hashAgrees': (boolean);
}
