// Original file: proto/vigil/v1/federation.proto


/**
 * The federation's parameters for a joined node.
 */
export interface JoinResponse {
  /**
   * Node id as enrolled (from the certificate subject).
   */
  'nodeId'?: (string);
  /**
   * Fingerprint of the coordinator's CKKS public context.
   */
  'keysetFingerprintHex'?: (string);
  /**
   * Largest chunk the coordinator accepts, bytes.
   */
  'maxChunkBytes'?: (number);
}

/**
 * The federation's parameters for a joined node.
 */
export interface JoinResponse__Output {
  /**
   * Node id as enrolled (from the certificate subject).
   */
  'nodeId': (string);
  /**
   * Fingerprint of the coordinator's CKKS public context.
   */
  'keysetFingerprintHex': (string);
  /**
   * Largest chunk the coordinator accepts, bytes.
   */
  'maxChunkBytes': (number);
}
