/**
 * Training side of the adherence-risk model: a small MLP with two sigmoid outputs, class weighting
 * (positives weighted by negatives/positives, capped), probability calibration on held-out rows (Platt
 * or isotonic, whichever has the lower calibration error there), and the last-7-day baseline.
 */
import { InvalidArgumentError } from '../../common/errors/index.js';
import { fitIsotonic, fitPlatt, calibrate, type Calibrator } from '../calibration.js';
import { applyNormalisation, fitNormalisation, validateFeatureRow, type FeatureSpec, type Normalisation } from '../features/feature-spec.js';
import { ADHERENCE_HISTORY_SPEC } from '../features/adherence-history.js';
import { expectedCalibrationError } from '../metrics.js';
import type { DenseNetConfig } from '../nn/dense-net.js';
import { buildDenseModel } from '../nn/dense-model.js';
import { assignWeights } from '../nn/model-weights.js';
import { fitModel, type FitResult } from '../train/fit.js';
import { adherenceNetConfig } from './adherence-net.js';
import { AdherenceRiskScorer, type AdherenceHead } from './risk-scorer.js';

/** Rows and labels (row-major features; labels as 0/1, two per row: missNext, pdcBelow80Next7Days). */
export interface AdherenceDataset {
  rows: Float32Array;
  labels: Float32Array;
}

/** Options of {@link trainAdherenceModel}. */
export interface TrainAdherenceOptions {
  train: AdherenceDataset;
  /** Held-out rows for calibration (other patients than training). */
  calibration: AdherenceDataset;
  seed: number;
  epochs?: number;
  net?: DenseNetConfig;
  learningRate?: number;
  batchSize?: number;
  patience?: number;
  /** Cap of the positive-class weight (default 10). */
  maxClassWeight?: number;
  calibrationMethod?: 'platt' | 'isotonic' | 'auto';
  initialWeights?: Float32Array;
  normalisation?: Normalisation;
  proximalMu?: number;
  spec?: FeatureSpec;
}

/** What {@link trainAdherenceModel} returns. */
export interface TrainedAdherenceModel {
  net: DenseNetConfig;
  weights: Float32Array;
  normalisation: Normalisation;
  head: AdherenceHead;
  scorer: AdherenceRiskScorer;
  fit: FitResult;
  classWeights: [number, number];
}

function pickCalibrator(method: 'platt' | 'isotonic' | 'auto', p: number[], y: number[]): Calibrator {
  if (method === 'platt') return fitPlatt(p, y);
  if (method === 'isotonic') return fitIsotonic(p, y);
  // Choose on the calibration rows with a 2-fold split, so the choice is not judged on its own fit.
  const half = Math.floor(p.length / 2);
  const errorOf = (fit: typeof fitPlatt): number => {
    const a = fit(p.slice(0, half), y.slice(0, half));
    const b = fit(p.slice(half), y.slice(half));
    return expectedCalibrationError(p.slice(half).map((v) => calibrate(a, v)), y.slice(half)) + expectedCalibrationError(p.slice(0, half).map((v) => calibrate(b, v)), y.slice(0, half));
  };
  return errorOf(fitIsotonic) < errorOf(fitPlatt) ? fitIsotonic(p, y) : fitPlatt(p, y);
}

/**
 * Trains and calibrates the adherence-risk model.
 * @returns the weights, head and a ready scorer. @throws InvalidArgumentError on invalid rows or labels.
 */
export async function trainAdherenceModel(options: TrainAdherenceOptions): Promise<TrainedAdherenceModel> {
  const spec = options.spec ?? ADHERENCE_HISTORY_SPEC;
  const width = spec.features.length;
  for (const [name, data] of [['train', options.train], ['calibration', options.calibration]] as const) {
    const n = data.rows.length / width;
    if (!Number.isInteger(n) || n < 4 || data.labels.length !== 2 * n) throw new InvalidArgumentError([{ field: name, description: `need ≥ 4 rows of ${width} features and 2 labels per row` }]);
    for (let r = 0; r < n; r++) validateFeatureRow(spec, data.rows.subarray(r * width, r * width + width));
    for (const label of data.labels) if (label !== 0 && label !== 1) throw new InvalidArgumentError([{ field: `${name}.labels`, description: 'must be 0 or 1' }]);
  }
  const n = options.train.rows.length / width;
  const positives = [0, 0];
  for (let r = 0; r < n; r++) for (let k = 0; k < 2; k++) positives[k]! += options.train.labels[2 * r + k]!;
  const cap = options.maxClassWeight ?? 10;
  const classWeights = positives.map((p) => Math.min(cap, Math.max(1, (n - p) / Math.max(1, p)))) as [number, number];
  const targetWeights = Float32Array.from(options.train.labels, (y, i) => (y === 1 ? classWeights[i % 2]! : 1));
  const normalisation = options.normalisation ?? fitNormalisation(options.train.rows, width);
  const net = options.net ?? adherenceNetConfig(width);
  const model = buildDenseModel(net, options.seed);
  try {
    if (options.initialWeights) assignWeights(model, options.initialWeights);
    const fit = await fitModel(model, applyNormalisation(options.train.rows, normalisation), options.train.labels, {
      loss: 'binary-crossentropy',
      epochs: options.epochs ?? 40,
      seed: options.seed,
      batchSize: options.batchSize ?? 128,
      learningRate: options.learningRate ?? 2e-3,
      patience: options.patience ?? 5,
      targetWeights,
      ...(options.proximalMu !== undefined && options.initialWeights ? { proximalMu: options.proximalMu, anchorWeights: options.initialWeights } : {}),
    });
    const identity: AdherenceHead = {
      calibrators: { missNext: { method: 'identity' }, pdcBelow80Next7Days: { method: 'identity' } },
      positiveRates: { missNext: positives[0]! / n, pdcBelow80Next7Days: positives[1]! / n },
    };
    const raw = new AdherenceRiskScorer(spec, normalisation, net, fit.weights, identity).rawProbabilities(options.calibration.rows);
    const m = options.calibration.labels.length / 2;
    const column = (data: Float32Array, k: number): number[] => Array.from({ length: m }, (_, r) => data[2 * r + k]!);
    const method = options.calibrationMethod ?? 'auto';
    const head: AdherenceHead = {
      ...identity,
      calibrators: {
        missNext: pickCalibrator(method, column(raw, 0), column(options.calibration.labels, 0)),
        pdcBelow80Next7Days: pickCalibrator(method, column(raw, 1), column(options.calibration.labels, 1)),
      },
    };
    return { net, weights: fit.weights, normalisation, head, scorer: new AdherenceRiskScorer(spec, normalisation, net, fit.weights, head), fit, classWeights };
  } finally {
    model.dispose();
  }
}
