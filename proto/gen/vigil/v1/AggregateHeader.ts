// Original file: proto/vigil/v1/federation.proto

import type { ModelKind as _vigil_v1_ModelKind, ModelKind__Output as _vigil_v1_ModelKind__Output } from '../../vigil/v1/ModelKind.js';

/**
 * First message of an aggregate stream.
 */
export interface AggregateHeader {
  /**
   * Round id.
   */
  'roundId'?: (string);
  /**
   * Sum of the participants' sample weights (divide the decrypted sum by it).
   */
  'totalWeight'?: (number | string);
  /**
   * Nodes that contributed.
   */
  'nodeCount'?: (number);
  /**
   * Ciphertext chunks that follow.
   */
  'chunkCount'?: (number);
  /**
   * Weights encoded.
   */
  'weightCount'?: (number);
  /**
   * Version of the global model the updates are relative to.
   */
  'baseVersion'?: (string);
  /**
   * Model kind.
   */
  'modelKind'?: (_vigil_v1_ModelKind);
}

/**
 * First message of an aggregate stream.
 */
export interface AggregateHeader__Output {
  /**
   * Round id.
   */
  'roundId': (string);
  /**
   * Sum of the participants' sample weights (divide the decrypted sum by it).
   */
  'totalWeight': (number);
  /**
   * Nodes that contributed.
   */
  'nodeCount': (number);
  /**
   * Ciphertext chunks that follow.
   */
  'chunkCount': (number);
  /**
   * Weights encoded.
   */
  'weightCount': (number);
  /**
   * Version of the global model the updates are relative to.
   */
  'baseVersion': (string);
  /**
   * Model kind.
   */
  'modelKind': (_vigil_v1_ModelKind__Output);
}
