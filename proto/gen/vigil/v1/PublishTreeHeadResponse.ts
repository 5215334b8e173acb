// Original file: proto/vigil/v1/federation.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The witness's answer.
 */
export interface PublishTreeHeadResponse {
  /**
   * True when the signature verified and the head is consistent with the last one seen.
   */
  'accepted'?: (boolean);
  /**
   * Tree size the coordinator now witnesses for this node.
   */
  'witnessedSize'?: (number | string | Long);
  /**
   * Why a head was refused.
   */
  'reason'?: (string);
}

/**
 * The witness's answer.
 */
export interface PublishTreeHeadResponse__Output {
  /**
   * True when the signature verified and the head is consistent with the last one seen.
   */
  'accepted': (boolean);
  /**
   * Tree size the coordinator now witnesses for this node.
   */
  'witnessedSize': (number);
  /**
   * Why a head was refused.
   */
  'reason': (string);
}
