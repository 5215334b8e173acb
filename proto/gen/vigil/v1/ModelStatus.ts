// Original file: proto/vigil/v1/scoring.proto

/**
 * Whether the gate's model stage ran.
 */
export const ModelStatus = {
  MODEL_STATUS_UNSPECIFIED: 'MODEL_STATUS_UNSPECIFIED',
  /**
   * The deployed autoencoder scored the command.
   */
  MODEL_STATUS_ACTIVE: 'MODEL_STATUS_ACTIVE',
  /**
   * No model is deployed: rules only (stages 1-3).
   */
  MODEL_STATUS_RULES_ONLY_NO_MODEL: 'MODEL_STATUS_RULES_ONLY_NO_MODEL',
  /**
   * The model failed on this command: rules only (stages 1-3).
   */
  MODEL_STATUS_RULES_ONLY_MODEL_FAILED: 'MODEL_STATUS_RULES_ONLY_MODEL_FAILED',
  /**
   * An earlier stage rejected the command, so the model was not consulted.
   */
  MODEL_STATUS_NOT_CONSULTED: 'MODEL_STATUS_NOT_CONSULTED',
} as const;

/**
 * Whether the gate's model stage ran.
 */
export type ModelStatus =
  | 'MODEL_STATUS_UNSPECIFIED'
  | 0
  /**
   * The deployed autoencoder scored the command.
   */
  | 'MODEL_STATUS_ACTIVE'
  | 1
  /**
   * No model is deployed: rules only (stages 1-3).
   */
  | 'MODEL_STATUS_RULES_ONLY_NO_MODEL'
  | 2
  /**
   * The model failed on this command: rules only (stages 1-3).
   */
  | 'MODEL_STATUS_RULES_ONLY_MODEL_FAILED'
  | 3
  /**
   * An earlier stage rejected the command, so the model was not consulted.
   */
  | 'MODEL_STATUS_NOT_CONSULTED'
  | 4

/**
 * Whether the gate's model stage ran.
 */
export type ModelStatus__Output = typeof ModelStatus[keyof typeof ModelStatus]
