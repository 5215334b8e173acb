// Original file: proto/vigil/v1/scoring.proto

import type { RejectedFrame as _vigil_v1_RejectedFrame, RejectedFrame__Output as _vigil_v1_RejectedFrame__Output } from '../../vigil/v1/RejectedFrame.js';

/**
 * Result of an Ingest stream: every accepted frame is durable.
 */
export interface IngestSummary {
  /**
   * Frames opened, checked and stored durably.
   */
  'accepted'?: (number);
  /**
   * Frames refused.
   */
  'rejected'?: (number);
  /**
   * Refused frames (at most the first 1,000).
   */
  'rejections'?: (_vigil_v1_RejectedFrame)[];
}

/**
 * Result of an Ingest stream: every accepted frame is durable.
 */
export interface IngestSummary__Output {
  /**
   * Frames opened, checked and stored durably.
   */
  'accepted': (number);
  /**
   * Frames refused.
   */
  'rejected': (number);
  /**
   * Refused frames (at most the first 1,000).
   */
  'rejections': (_vigil_v1_RejectedFrame__Output)[];
}
