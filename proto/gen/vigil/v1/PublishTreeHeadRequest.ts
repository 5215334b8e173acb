// Original file: proto/vigil/v1/federation.proto


/**
 * A node's audit-log tree head.
 */
export interface PublishTreeHeadRequest {
  /**
   * Signed checkpoint (C2SP signed-note format).
   */
  'checkpoint'?: (string);
  /**
   * Consistency proof from the last tree head the coordinator witnessed to this one (node hashes).
   */
  'consistencyProof'?: (Buffer | Uint8Array | string)[];
}

/**
 * A node's audit-log tree head.
 */
export interface PublishTreeHeadRequest__Output {
  /**
   * Signed checkpoint (C2SP signed-note format).
   */
  'checkpoint': (string);
  /**
   * Consistency proof from the last tree head the coordinator witnessed to this one (node hashes).
   */
  'consistencyProof': (Buffer)[];
}
