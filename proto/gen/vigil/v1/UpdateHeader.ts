// Original file: proto/vigil/v1/federation.proto


/**
 * First message of an update stream.
 */
export interface UpdateHeader {
  /**
   * Round id.
   */
  'roundId'?: (string);
  /**
   * From RoundPlan.submission_token.
   */
  'submissionToken'?: (string);
  /**
   * Plaintext sample weight the update was scaled by.
   */
  'sampleWeight'?: (number | string);
  /**
   * Number of ciphertext chunks that follow.
   */
  'chunkCount'?: (number);
  /**
   * Number of weights encoded.
   */
  'weightCount'?: (number);
  /**
   * Fingerprint of the keyset used.
   */
  'keysetFingerprintHex'?: (string);
}

/**
 * First message of an update stream.
 */
export interface UpdateHeader__Output {
  /**
   * Round id.
   */
  'roundId': (string);
  /**
   * From RoundPlan.submission_token.
   */
  'submissionToken': (string);
  /**
   * Plaintext sample weight the update was scaled by.
   */
  'sampleWeight': (number);
  /**
   * Number of ciphertext chunks that follow.
   */
  'chunkCount': (number);
  /**
   * Number of weights encoded.
   */
  'weightCount': (number);
  /**
   * Fingerprint of the keyset used.
   */
  'keysetFingerprintHex': (string);
}
