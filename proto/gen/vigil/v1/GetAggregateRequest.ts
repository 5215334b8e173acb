// Original file: proto/vigil/v1/federation.proto


/**
 * Asks for a published round's encrypted sum.
 */
export interface GetAggregateRequest {
  /**
   * Round id.
   */
  'roundId'?: (string);
}

/**
 * Asks for a published round's encrypted sum.
 */
export interface GetAggregateRequest__Output {
  /**
   * Round id.
   */
  'roundId': (string);
}
