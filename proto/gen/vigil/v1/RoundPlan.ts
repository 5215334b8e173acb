// Original file: proto/vigil/v1/federation.proto

import type { ModelKind as _vigil_v1_ModelKind, ModelKind__Output as _vigil_v1_ModelKind__Output } from '../../vigil/v1/ModelKind.js';
import type { RoundState as _vigil_v1_RoundState, RoundState__Output as _vigil_v1_RoundState__Output } from '../../vigil/v1/RoundState.js';
import type { TrainingConfig as _vigil_v1_TrainingConfig, TrainingConfig__Output as _vigil_v1_TrainingConfig__Output } from '../../vigil/v1/TrainingConfig.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The work a node is asked to do.
 */
export interface RoundPlan {
  /**
   * True when the node is selected for the round below; false = nothing to do now.
   */
  'selected'?: (boolean);
  /**
   * Round id.
   */
  'roundId'?: (string);
  /**
   * Which model.
   */
  'modelKind'?: (_vigil_v1_ModelKind);
  /**
   * Round state.
   */
  'state'?: (_vigil_v1_RoundState);
  /**
   * Version (SHA-256 of the weights) of the global model to start from.
   */
  'globalVersion'?: (string);
  /**
   * Local training settings.
   */
  'config'?: (_vigil_v1_TrainingConfig | null);
  /**
   * Submissions after this time are refused, epoch ms.
   */
  'deadlineAtMs'?: (number | string | Long);
  /**
   * Fewest nodes for the round to publish.
   */
  'minNodes'?: (number);
  /**
   * Nodes the round waits for before closing early.
   */
  'targetNodes'?: (number);
  /**
   * Number of weights in the model.
   */
  'weightCount'?: (number);
  /**
   * One-time token to put in the update header (refuses replays and duplicates).
   */
  'submissionToken'?: (string);
}

/**
 * The work a node is asked to do.
 */
export interface RoundPlan__Output {
  /**
   * True when the node is selected for the round below; false = nothing to do now.
   */
  'selected': (boolean);
  /**
   * Round id.
   */
  'roundId': (string);
  /**
   * Which model.
   */
  'modelKind': (_vigil_v1_ModelKind__Output);
  /**
   * Round state.
   */
  'state': (_vigil_v1_RoundState__Output);
  /**
   * Version (SHA-256 of the weights) of the global model to start from.
   */
  'globalVersion': (string);
  /**
   * Local training settings.
   */
  'config': (_vigil_v1_TrainingConfig__Output | null);
  /**
   * Submissions after this time are refused, epoch ms.
   */
  'deadlineAtMs': (number);
  /**
   * Fewest nodes for the round to publish.
   */
  'minNodes': (number);
  /**
   * Nodes the round waits for before closing early.
   */
  'targetNodes': (number);
  /**
   * Number of weights in the model.
   */
  'weightCount': (number);
  /**
   * One-time token to put in the update header (refuses replays and duplicates).
   */
  'submissionToken': (string);
}
