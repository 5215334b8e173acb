// Original file: proto/vigil/v1/federation.proto

import type { ModelKind as _vigil_v1_ModelKind, ModelKind__Output as _vigil_v1_ModelKind__Output } from '../../vigil/v1/ModelKind.js';

/**
 * A piece of a model's flattened weights.
 */
export interface ModelChunk {
  /**
   * Model version.
   */
  'version'?: (string);
  /**
   * Index of the first weight in this chunk.
   */
  'offset'?: (number);
  /**
   * Total weights in the model.
   */
  'weightCount'?: (number);
  /**
   * Little-endian float32 weights.
   */
  'weightsF32le'?: (Buffer | Uint8Array | string);
  /**
   * Model kind.
   */
  'modelKind'?: (_vigil_v1_ModelKind);
  /**
   * Set on the first chunk: the artifact's model.json and feature spec (JSON).
   */
  'manifestJson'?: (string);
}

/**
 * A piece of a model's flattened weights.
 */
export interface ModelChunk__Output {
  /**
   * Model version.
   */
  'version': (string);
  /**
   * Index of the first weight in this chunk.
   */
  'offset': (number);
  /**
   * Total weights in the model.
   */
  'weightCount': (number);
  /**
   * Little-endian float32 weights.
   */
  'weightsF32le': (Buffer);
  /**
   * Model kind.
   */
  'modelKind': (_vigil_v1_ModelKind__Output);
  /**
   * Set on the first chunk: the artifact's model.json and feature spec (JSON).
   */
  'manifestJson': (string);
}
