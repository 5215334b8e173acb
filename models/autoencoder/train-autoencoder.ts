/**
 * Training side of an autoencoder: fits on normal rows only (from scratch or from global weights,
 * optionally with FedProx), then calibrates the score on held-out normal rows so the threshold meets a
 * target false-alarm rate.
 */
import { InvalidArgumentError } from '../../common/errors/index.js';
import { applyNormalisation, fitNormalisation, validateFeatureRow, type FeatureSpec, type Normalisation } from '../features/feature-spec.js';
import { buildDenseModel, DenseForward, type Activation, type DenseNetConfig } from '../nn/dense-net.js';
import { fitModel, type FitResult } from '../train/fit.js';
import { assignWeights } from '../weights-codec.js';
import { quantile } from '../metrics.js';
import { AnomalyScorer, type AutoencoderScoring } from './anomaly-scorer.js';

/** @returns the symmetric autoencoder config: hidden layers with `activation`, then a linear output. */
export function autoencoderConfig(inputSize: number, hidden: readonly number[] = [24, 8, 24], activation: Activation = 'tanh'): DenseNetConfig {
  return { inputSize, layers: [...hidden.map((units) => ({ units, activation })), { units: inputSize, activation: 'linear' as const }] };
}

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
 * Residual SDs and error statistics on normal rows, and the threshold at the target false-alarm rate.
 * @returns scoring parameters for {@link AnomalyScorer}.
 */
export function calibrateAutoencoder(spec: FeatureSpec, normalisation: Normalisation, net: DenseNetConfig, weights: Float32Array, trainRows: Float32Array, calibrationRows: Float32Array, targetFalseAlarmRate: number): AutoencoderScoring {
  const width = spec.features.length;
  const n = trainRows.length / width;
  const z = applyNormalisation(trainRows, normalisation);
  const reconstruction = new DenseForward(net, weights).forward(z, n);
  const residualStd = new Array<number>(width).fill(0);
  for (let i = 0; i < z.length; i++) residualStd[i % width]! += (z[i]! - reconstruction[i]!) ** 2;
  // A floor keeps a feature the net reconstructs perfectly (a constant) from dominating with tiny variance.
  for (let j = 0; j < width; j++) residualStd[j] = Math.max(0.05, Math.sqrt(residualStd[j]! / n));
  const provisional: AutoencoderScoring = { residualStd, errorMean: 0, errorStd: 1, threshold: 0, targetFalseAlarmRate };
  const errorsOnTrain = new AnomalyScorer(spec, normalisation, net, weights, provisional).rawErrors(trainRows);
  let mean = 0;
  for (const e of errorsOnTrain) mean += e;
  mean /= errorsOnTrain.length;
  let variance = 0;
  for (const e of errorsOnTrain) variance += (e - mean) ** 2;
  const scoring: AutoencoderScoring = { ...provisional, errorMean: mean, errorStd: Math.max(1e-6, Math.sqrt(variance / errorsOnTrain.length)) };
  const scores = new AnomalyScorer(spec, normalisation, net, weights, scoring).scoreBatch(calibrationRows);
  return { ...scoring, threshold: quantile(scores, 1 - targetFalseAlarmRate) };
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
