// Original file: proto/vigil/v1/federation.proto


/**
 * Local training settings for one round.
 */
export interface TrainingConfig {
  /**
   * Local epochs per round.
   */
  'localEpochs'?: (number);
  /**
   * Learning rate.
   */
  'learningRate'?: (number | string);
  /**
   * Mini-batch size.
   */
  'batchSize'?: (number);
  /**
   * L2 norm the update is clipped to before encryption.
   */
  'clipNorm'?: (number | string);
  /**
   * Gaussian noise multiplier for client-level differential privacy (0 = off).
   */
  'dpNoiseMultiplier'?: (number | string);
  /**
   * FedProx proximal term (0 = FedAvg).
   */
  'fedproxMu'?: (number | string);
}

/**
 * Local training settings for one round.
 */
export interface TrainingConfig__Output {
  /**
   * Local epochs per round.
   */
  'localEpochs': (number);
  /**
   * Learning rate.
   */
  'learningRate': (number);
  /**
   * Mini-batch size.
   */
  'batchSize': (number);
  /**
   * L2 norm the update is clipped to before encryption.
   */
  'clipNorm': (number);
  /**
   * Gaussian noise multiplier for client-level differential privacy (0 = off).
   */
  'dpNoiseMultiplier': (number);
  /**
   * FedProx proximal term (0 = FedAvg).
   */
  'fedproxMu': (number);
}
