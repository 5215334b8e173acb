// Original file: proto/vigil/v1/scoring.proto

import type { FrameRejection as _vigil_v1_FrameRejection, FrameRejection__Output as _vigil_v1_FrameRejection__Output } from '../../vigil/v1/FrameRejection.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One refused frame.
 */
export interface RejectedFrame {
  /**
   * Device the frame claimed to come from.
   */
  'deviceId'?: (string);
  /**
   * Its counter.
   */
  'counter'?: (number | string | Long);
  /**
   * Why it was refused.
   */
  'reason'?: (_vigil_v1_FrameRejection);
}

/**
 * One refused frame.
 */
export interface RejectedFrame__Output {
  /**
   * Device the frame claimed to come from.
   */
  'deviceId': (string);
  /**
   * Its counter.
   */
  'counter': (number);
  /**
   * Why it was refused.
   */
  'reason': (_vigil_v1_FrameRejection__Output);
}
