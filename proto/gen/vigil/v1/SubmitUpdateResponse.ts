// Original file: proto/vigil/v1/federation.proto


/**
 * The coordinator's answer to an update.
 */
export interface SubmitUpdateResponse {
  /**
   * Round id.
   */
  'roundId'?: (string);
  /**
   * Chunks received and added to the running sum.
   */
  'chunksAccepted'?: (number);
  /**
   * Nodes whose updates the round now holds.
   */
  'nodesReceived'?: (number);
}

/**
 * The coordinator's answer to an update.
 */
export interface SubmitUpdateResponse__Output {
  /**
   * Round id.
   */
  'roundId': (string);
  /**
   * Chunks received and added to the running sum.
   */
  'chunksAccepted': (number);
  /**
   * Nodes whose updates the round now holds.
   */
  'nodesReceived': (number);
}
