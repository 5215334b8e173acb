// Original file: proto/vigil/v1/federation.proto


/**
 * One serialised CKKS ciphertext.
 */
export interface CiphertextChunk {
  /**
   * Zero-based index; chunks arrive in order.
   */
  'index'?: (number);
  /**
   * SEAL-serialised (seed-compressed) ciphertext.
   */
  'ciphertext'?: (Buffer | Uint8Array | string);
}

/**
 * One serialised CKKS ciphertext.
 */
export interface CiphertextChunk__Output {
  /**
   * Zero-based index; chunks arrive in order.
   */
  'index': (number);
  /**
   * SEAL-serialised (seed-compressed) ciphertext.
   */
  'ciphertext': (Buffer);
}
