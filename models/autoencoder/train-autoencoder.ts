/**
 * Training side of an autoencoder: fits on normal rows only (from scratch or from global weights,
 * optionally with FedProx), then calibrates the score on held-out normal rows so the threshold meets a
 * target false-alarm rate.
 */
import { InvalidArgumentError } from '../../common/errors/index.js';
import { applyNormalisation, fitNormalisation, validateFeatureRow, type FeatureSpec, type Normalisation } from '../features/feature-spec.js';
import type { DenseNetConfig } from '../nn/dense-net.js';
import { buildDenseModel } from '../nn/dense-model.js';
import { assignWeights } from '../nn/model-weights.js';
import { fitModel, type FitResult } from '../train/fit.js';
import { AnomalyScorer, type AutoencoderScoring } from './anomaly-scorer.js';
import { autoencoderConfig, calibrateAutoencoder } from './autoencoder-net.js';

/** Options of {@link trainAutoencoder}. */
export interface TrainAutoencoderOptions {
  spec: FeatureSpec;
  /** Normal raw rows to train on (row-major). */
  trainRows: Float32Array;
  /** Held-out normal raw rows for the threshold (other patients than training, ideally). */
  calibrationRows: Float32Array;
  targetFalseAlarmRate: number;
  seed: number;
  epochs?: number;
  net?: DenseNetConfig;
  batchSize?: number;
  learningRate?: number;
  patience?: number;
  /** Start from these weights (federated round) instead of a seeded initialisation. */
  initialWeights?: Float32Array;
  /** Use these statistics (the global model's) instead of fitting them on `trainRows`. */
  normalisation?: Normalisation;
  proximalMu?: number;
}

/** What {@link trainAutoencoder} returns. */
export interface TrainedAutoencoder {
  net: DenseNetConfig;
  weights: Float32Array;
  normalisation: Normalisation;
  scoring: AutoencoderScoring;
  scorer: AnomalyScorer;
  fit: FitResult;
}

function checkRows(spec: FeatureSpec, rows: Float32Array, field: string): number {
  const width = spec.features.length;
  const n = rows.length / width;
  if (!Number.isInteger(n) || n < 2) throw new InvalidArgumentError([{ field, description: `need ≥ 2 rows of ${width} features` }]);
  for (let r = 0; r < n; r++) validateFeatureRow(spec, rows.subarray(r * width, r * width + width));
  return n;
}

/**
 * Trains an autoencoder on normal rows and calibrates its threshold.
 * @returns weights, statistics, scoring parameters and a ready scorer.
 * @throws InvalidArgumentError on invalid rows (NaN, ±∞, out of range) or too few rows.
 */
export async function trainAutoencoder(options: TrainAutoencoderOptions): Promise<TrainedAutoencoder> {
  const width = options.spec.features.length;
  checkRows(options.spec, options.trainRows, 'trainRows');
  checkRows(options.spec, options.calibrationRows, 'calibrationRows');
  const normalisation = options.normalisation ?? fitNormalisation(options.trainRows, width);
  const net = options.net ?? autoencoderConfig(width);
  const z = applyNormalisation(options.trainRows, normalisation);
  const model = buildDenseModel(net, options.seed);
  try {
    if (options.initialWeights) assignWeights(model, options.initialWeights);
    const fit = await fitModel(model, z, z, {
      loss: 'mse',
      epochs: options.epochs ?? 60,
      seed: options.seed,
      batchSize: options.batchSize ?? 64,
      learningRate: options.learningRate ?? 3e-3,
      patience: options.patience ?? 8,
      ...(options.proximalMu !== undefined && options.initialWeights ? { proximalMu: options.proximalMu, anchorWeights: options.initialWeights } : {}),
    });
    const scoring = calibrateAutoencoder(options.spec, normalisation, net, fit.weights, options.trainRows, options.calibrationRows, options.targetFalseAlarmRate);
    return { net, weights: fit.weights, normalisation, scoring, scorer: new AnomalyScorer(options.spec, normalisation, net, fit.weights, scoring), fit };
  } finally {
    model.dispose();
  }
}
