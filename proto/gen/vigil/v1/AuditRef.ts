// Original file: proto/vigil/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Reference to an entry of an audit log (RFC 9162 Merkle tree).
 */
export interface AuditRef {
  /**
   * Zero-based index of the entry in the log.
   */
  'index'?: (number | string | Long);
  /**
   * Hex SHA-256 leaf hash of the entry.
   */
  'leafHashHex'?: (string);
}

/**
 * Reference to an entry of an audit log (RFC 9162 Merkle tree).
 */
export interface AuditRef__Output {
  /**
   * Zero-based index of the entry in the log.
   */
  'index': (number);
  /**
   * Hex SHA-256 leaf hash of the entry.
   */
  'leafHashHex': (string);
}
