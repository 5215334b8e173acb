// Original file: proto/vigil/v1/scoring.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A device frame sealed by the device with Ascon-AEAD128, forwarded unopened.
 */
export interface SealedFrame {
  /**
   * Device that sealed the frame.
   */
  'deviceId'?: (string);
  /**
   * 64-bit monotonic frame counter (part of the associated data).
   */
  'counter'?: (number | string | Long);
  /**
   * 16-byte nonce.
   */
  'nonce'?: (Buffer | Uint8Array | string);
  /**
   * Ciphertext followed by the 16-byte tag.
   */
  'ciphertext'?: (Buffer | Uint8Array | string);
}

/**
 * A device frame sealed by the device with Ascon-AEAD128, forwarded unopened.
 */
export interface SealedFrame__Output {
  /**
   * Device that sealed the frame.
   */
  'deviceId': (string);
  /**
   * 64-bit monotonic frame counter (part of the associated data).
   */
  'counter': (number);
  /**
   * 16-byte nonce.
   */
  'nonce': (Buffer);
  /**
   * Ciphertext followed by the 16-byte tag.
   */
  'ciphertext': (Buffer);
}
