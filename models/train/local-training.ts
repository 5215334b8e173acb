/**
 * Local training as edge nodes and the federation client call it: train a model kind from the current
 * global weights (or a seeded start) for E epochs, optionally with FedProx μ, and hand back the weight
 * vector, metrics and sample count (the FedAvg weight). No I/O; the caller owns data and transport.
 */
import { InvalidArgumentError } from '../../common/errors/index.js';
import { trainAutoencoder } from '../autoencoder/train-autoencoder.js';
import type { AutoencoderScoring } from '../autoencoder/anomaly-scorer.js';
import { trainAdherenceModel, type AdherenceDataset } from '../adherence/train-adherence.js';
import type { AdherenceHead } from '../adherence/risk-scorer.js';
import type { ModelKind } from '../card/schema.js';
import type { Normalisation } from '../features/feature-spec.js';
import type { DenseNetConfig } from '../nn/dense-net.js';
import { specForKind } from '../features/registry.js';

/** The global model a round starts from. */
export interface GlobalModel {
  net: DenseNetConfig;
  weights: Float32Array;
  /** The global standardisation statistics (every node must standardise alike for averaging to make sense). */
  normalisation: Normalisation;
}

/** Options of {@link trainLocal}. */
export interface LocalTrainingOptions {
  kind: ModelKind;
  /** Autoencoders: normal raw rows; adherence: rows and labels. Held-out rows for threshold/calibration. */
  data: { train: Float32Array; holdout: Float32Array } | { train: AdherenceDataset; holdout: AdherenceDataset };
  /** Start here (a federated round); without it, a seeded initialisation and locally fitted statistics. */
  global?: GlobalModel;
  epochs: number;
  seed: number;
  /** FedProx proximal term (needs `global`). */
  proximalMu?: number;
  targetFalseAlarmRate?: number;
  learningRate?: number;
  batchSize?: number;
  patience?: number;
  /** Architecture when starting without `global`. */
  net?: DenseNetConfig;
}

/** What {@link trainLocal} returns. */
export interface LocalTrainingResult {
  weights: Float32Array;
  net: DenseNetConfig;
  normalisation: Normalisation;
  /** Training rows used for gradient steps: weight this update by it in FedAvg. */
  sampleCount: number;
  metrics: { trainLoss: number; validationLoss: number | null; epochsRun: number; bestEpoch: number };
  /** The locally calibrated threshold (autoencoders) or calibrators (adherence), for shadow evaluation. */
  scoring: AutoencoderScoring | AdherenceHead;
}

/**
 * Trains one model locally.
 * @returns weights, metrics and sample count. @throws InvalidArgumentError on invalid rows, data of the
 * wrong shape for the kind, or μ > 0 without global weights.
 */
export async function trainLocal(options: LocalTrainingOptions): Promise<LocalTrainingResult> {
  if ((options.proximalMu ?? 0) > 0 && !options.global) throw new InvalidArgumentError([{ field: 'proximalMu', description: 'FedProx needs the global weights' }]);
  const common = {
    seed: options.seed,
    epochs: options.epochs,
    ...(options.global ? { initialWeights: options.global.weights, normalisation: options.global.normalisation } : {}),
    ...(options.proximalMu !== undefined ? { proximalMu: options.proximalMu } : {}),
    ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.patience !== undefined ? { patience: options.patience } : {}),
  };
  const net = options.global?.net ?? options.net;
  const metricsOf = (fit: { trainLoss: number[]; validationLoss: number[]; epochsRun: number; bestEpoch: number }) => ({
    trainLoss: fit.trainLoss[fit.bestEpoch] ?? Number.NaN,
    validationLoss: fit.validationLoss[fit.bestEpoch] ?? null,
    epochsRun: fit.epochsRun,
    bestEpoch: fit.bestEpoch,
  });
  if (options.kind === 'adherence-risk') {
    const data = options.data;
    if (data.train instanceof Float32Array || data.holdout instanceof Float32Array) throw new InvalidArgumentError([{ field: 'data', description: 'adherence training needs rows and labels' }]);
    const trained = await trainAdherenceModel({ ...common, train: data.train, calibration: data.holdout, ...(net ? { net } : {}) });
    return { weights: trained.weights, net: trained.net, normalisation: trained.normalisation, sampleCount: trained.fit.sampleCount, metrics: metricsOf(trained.fit), scoring: trained.head };
  }
  const data = options.data;
  if (!(data.train instanceof Float32Array) || !(data.holdout instanceof Float32Array)) throw new InvalidArgumentError([{ field: 'data', description: 'autoencoder training needs raw feature rows' }]);
  const trained = await trainAutoencoder({
    ...common,
    spec: specForKind(options.kind),
    trainRows: data.train,
    calibrationRows: data.holdout,
    targetFalseAlarmRate: options.targetFalseAlarmRate ?? 0.01,
    ...(net ? { net } : {}),
  });
  return { weights: trained.weights, net: trained.net, normalisation: trained.normalisation, sampleCount: trained.fit.sampleCount, metrics: metricsOf(trained.fit), scoring: trained.scoring };
}
