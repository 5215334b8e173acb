// Original file: proto/vigil/v1/federation.proto


/**
 * Asks for a model.
 */
export interface DownloadModelRequest {
  /**
   * Version to download (SHA-256 hex of the weights).
   */
  'version'?: (string);
}

/**
 * Asks for a model.
 */
export interface DownloadModelRequest__Output {
  /**
   * Version to download (SHA-256 hex of the weights).
   */
  'version': (string);
}
