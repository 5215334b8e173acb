// Original file: proto/vigil/v1/federation.proto


/**
 * Last message of an update stream.
 */
export interface UpdateTrailer {
  /**
   * SHA-256 over all chunk bytes in order, hex (detects truncation and corruption).
   */
  'chunksSha256Hex'?: (string);
}

/**
 * Last message of an update stream.
 */
export interface UpdateTrailer__Output {
  /**
   * SHA-256 over all chunk bytes in order, hex (detects truncation and corruption).
   */
  'chunksSha256Hex': (string);
}
