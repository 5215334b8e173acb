// Original file: proto/vigil/v1/federation.proto

import type { Metric as _vigil_v1_Metric, Metric__Output as _vigil_v1_Metric__Output } from '../../vigil/v1/Metric.js';

/**
 * A node's evaluation of a round's candidate model.
 */
export interface EvaluationReport {
  /**
   * Round id.
   */
  'roundId'?: (string);
  /**
   * SHA-256 of the decrypted candidate weights (all nodes must agree).
   */
  'weightsSha256Hex'?: (string);
  /**
   * Metrics on the node's hold-out data: the candidate's, and the round's base version's under names
   * prefixed "base_" (so the coordinator can rank the version the round started from).
   */
  'metrics'?: (_vigil_v1_Metric)[];
  /**
   * Whether the node promoted the candidate.
   */
  'promoted'?: (boolean);
  /**
   * Why it promoted or kept the old model.
   */
  'reason'?: (string);
  /**
   * Hold-out samples evaluated.
   */
  'sampleCount'?: (number);
  /**
   * tfjs backend the node trained its update on: "tensorflow", "wasm" or "cpu" (empty when unknown).
   */
  'trainingBackend'?: (string);
}

/**
 * A node's evaluation of a round's candidate model.
 */
export interface EvaluationReport__Output {
  /**
   * Round id.
   */
  'roundId': (string);
  /**
   * SHA-256 of the decrypted candidate weights (all nodes must agree).
   */
  'weightsSha256Hex': (string);
  /**
   * Metrics on the node's hold-out data: the candidate's, and the round's base version's under names
   * prefixed "base_" (so the coordinator can rank the version the round started from).
   */
  'metrics': (_vigil_v1_Metric__Output)[];
  /**
   * Whether the node promoted the candidate.
   */
  'promoted': (boolean);
  /**
   * Why it promoted or kept the old model.
   */
  'reason': (string);
  /**
   * Hold-out samples evaluated.
   */
  'sampleCount': (number);
  /**
   * tfjs backend the node trained its update on: "tensorflow", "wasm" or "cpu" (empty when unknown).
   */
  'trainingBackend': (string);
}
