/**
 * The models an edge node federates, built on models/: local training from the global weights
 * (trainLocal, FedProx μ from the round), shadow validation of a candidate against the model in service on
 * the node's own hold-out data, and deployment of a promoted candidate into the running gate / predictor.
 */
import { join } from 'node:path';
import type { Logger } from '../../common/log/index.js';
import { AdherenceRiskScorer, AnomalyScorer, applyNormalisation, auroc, calibrateAutoencoder, DenseForward, fitPlatt, type LoadedModel } from '../../models/index.js';
import type { DoseScorer } from '../gate/model-stage.js';
import { FileVault } from './file-vault.js';
import type { FederatedModel } from './federation-loop.js';
import type { SiteTrainingData } from './site-training-data.js';

let training: Promise<typeof import('../../models/training.js')> | undefined;

/**
 * The training stack (tfjs), loaded at a node's first round (serving and shadow validation do not need
 * it) on the best backend available — tfjs-node when the host installed it, else wasm, else cpu — which
 * the node logs once.
 */
function loadTraining(logger: Logger): Promise<typeof import('../../models/training.js')> {
  training ??= import('../../models/training.js')
    .then(async (module) => {
      await module.selectBackend({ logger });
      return module;
    })
    .catch((error: unknown) => {
      training = undefined; // the next round tries again
      throw error;
    });
  return training;
}

/** Tolerances of shadow validation: a candidate is promoted unless it is worse than this. */
export const SHADOW_TOLERANCE = { detectionRate: 0.02, falseAlarmRate: 0.01, auroc: 0.02 } as const;

/** @returns a gate DoseScorer over an autoencoder scorer. */
export function doseScorerOf(version: string, scorer: AnomalyScorer): DoseScorer {
  return {
    version,
    threshold: scorer.scoring.threshold,
    score(row) {
      const explained = scorer.explain(Float32Array.from(row), 5);
      return { score: explained.score, attributions: explained.attributions.map((a) => ({ feature: a.feature, humanName: a.humanName, contribution: a.contribution, value: a.value })) };
    },
  };
}

/** What validation needs of the genesis artifact: the feature spec, normalisation and architecture. */
export type ModelShape = Pick<LoadedModel, 'spec' | 'normalisation' | 'net'>;

function calibratedScorer(genesis: ModelShape, weights: Float32Array, data: SiteTrainingData['dose'], targetFalseAlarmRate: number): AnomalyScorer {
  const scoring = calibrateAutoencoder(genesis.spec, genesis.normalisation, genesis.net, weights, data.train.rows, data.holdout.rows, targetFalseAlarmRate);
  return new AnomalyScorer(genesis.spec, genesis.normalisation, genesis.net, weights, scoring);
}

function flaggedShare(scorer: AnomalyScorer, rows: { rows: Float32Array; count: number }): number {
  if (rows.count === 0) return 0;
  const width = scorer.spec.features.length;
  let flagged = 0;
  for (let i = 0; i < rows.count; i++) if (scorer.score(rows.rows.subarray(i * width, (i + 1) * width)).anomalous) flagged++;
  return flagged / rows.count;
}

/**
 * The hold-out metrics a node reports to the coordinator for dose-autoencoder weights (what its federated
 * evaluation and the deployable choice rank): threshold calibrated on the node's hold-out normal commands to
 * the target false-alarm rate, then the share of hold-out commands and of labelled attacks it flags.
 * @returns `false_alarm_rate` and `detection_rate`.
 */
export function doseHoldoutMetrics(genesis: ModelShape, weights: Float32Array, data: SiteTrainingData['dose'], targetFalseAlarmRate: number): { false_alarm_rate: number; detection_rate: number } {
  const scorer = calibratedScorer(genesis, weights, data, targetFalseAlarmRate);
  return { false_alarm_rate: flaggedShare(scorer, data.holdout), detection_rate: flaggedShare(scorer, data.attacks) };
}

/** The dose-context autoencoder of a node. */
export function federatedDoseModel(options: {
  data: SiteTrainingData['dose'];
  genesis: LoadedModel;
  vaultDir: string;
  seed: number;
  targetFalseAlarmRate: number;
  deploy: (scorer: DoseScorer) => void;
  logger: Logger;
}): FederatedModel {
  const { data, genesis } = options;
  let serving: { version: string; scorer: AnomalyScorer } | null = null;
  const vault = new FileVault(join(options.vaultDir, 'dose-autoencoder'), async (version, weights) => {
    serving = { version, scorer: calibratedScorer(genesis, weights, data, options.targetFalseAlarmRate) };
    options.deploy(doseScorerOf(version, serving.scorer));
  });
  const restored = vault.serving();
  if (restored) {
    serving = { version: restored.version, scorer: calibratedScorer(genesis, restored.weights, data, options.targetFalseAlarmRate) };
    options.deploy(doseScorerOf(restored.version, serving.scorer));
  }
  const holdoutMetrics = (weights: Float32Array) => doseHoldoutMetrics(genesis, weights, data, options.targetFalseAlarmRate);
  return {
    kind: 'MODEL_KIND_DOSE_AUTOENCODER',
    vault,
    trainer: {
      async train(global, config) {
        const { trainLocal, activeBackend } = await loadTraining(options.logger);
        const result = await trainLocal({
          kind: 'dose-autoencoder',
          data: { train: data.train.rows, holdout: data.holdout.rows },
          global: { net: genesis.net, weights: global, normalisation: genesis.normalisation },
          epochs: config.localEpochs, seed: options.seed, learningRate: config.learningRate, batchSize: config.batchSize,
          targetFalseAlarmRate: options.targetFalseAlarmRate,
          ...(config.fedproxMu > 0 ? { proximalMu: config.fedproxMu } : {}),
        });
        return { weights: result.weights, sampleCount: result.sampleCount, metrics: { train_loss: result.metrics.trainLoss }, backend: activeBackend() };
      },
    },
    validator: {
      holdoutMetrics,
      async validate(candidate, current) {
        const now = serving?.scorer ?? calibratedScorer(genesis, current, data, options.targetFalseAlarmRate);
        const metrics = {
          ...holdoutMetrics(candidate),
          current_false_alarm_rate: flaggedShare(now, data.holdout),
          current_detection_rate: flaggedShare(now, data.attacks),
        };
        const worseDetection = metrics.detection_rate < metrics.current_detection_rate - SHADOW_TOLERANCE.detectionRate;
        const worseAlarms = metrics.false_alarm_rate > metrics.current_false_alarm_rate + SHADOW_TOLERANCE.falseAlarmRate;
        const promote = serving === null || (!worseDetection && !worseAlarms);
        const reason = promote
          ? `promoted: detection ${(metrics.detection_rate * 100).toFixed(1)}% (was ${(metrics.current_detection_rate * 100).toFixed(1)}%), false alarms ${(metrics.false_alarm_rate * 100).toFixed(1)}% on ${data.holdout.count} hold-out commands`
          : `kept the current model: candidate ${worseDetection ? 'detects fewer attacks' : 'raises more false alarms'} on hold-out data`;
        return { promote, reason, metrics, sampleCount: data.holdout.count };
      },
    },
  };
}

function adherenceAuroc(genesis: ModelShape, weights: Float32Array, data: { rows: Float32Array; labels: Float32Array }): { missNext: number; pdc: number; raw: Float32Array } {
  const width = genesis.spec.features.length;
  const n = data.rows.length / width;
  // The adherence net ends in a sigmoid: `raw` holds uncalibrated probabilities, two per row.
  const raw = new DenseForward(genesis.net, weights).forward(applyNormalisation(data.rows, genesis.normalisation), n);
  const missNext = auroc(Array.from({ length: n }, (_, i) => raw[i * 2]!), Array.from({ length: n }, (_, i) => data.labels[i * 2]!));
  const pdc = auroc(Array.from({ length: n }, (_, i) => raw[i * 2 + 1]!), Array.from({ length: n }, (_, i) => data.labels[i * 2 + 1]!));
  return { missNext, pdc, raw };
}

/**
 * The hold-out metrics a node reports for adherence weights: AUROC of each head on its hold-out doses.
 * @returns `auroc_miss_next` and `auroc_pdc_below_80` (NaN when the hold-out has one class only).
 */
export function adherenceHoldoutMetrics(genesis: ModelShape, weights: Float32Array, holdout: { rows: Float32Array; labels: Float32Array }): { auroc_miss_next: number; auroc_pdc_below_80: number } {
  const { missNext, pdc } = adherenceAuroc(genesis, weights, holdout);
  return { auroc_miss_next: missNext, auroc_pdc_below_80: pdc };
}

/** @returns a calibrated adherence scorer for weights (Platt on the node's hold-out rows). */
export function adherenceScorerOf(genesis: LoadedModel, weights: Float32Array, holdout: { rows: Float32Array; labels: Float32Array }): AdherenceRiskScorer {
  const { raw } = adherenceAuroc(genesis, weights, holdout);
  const n = holdout.labels.length / 2;
  const column = (k: number) => Array.from({ length: n }, (_, i) => raw[i * 2 + k]!);
  const labels = (k: number) => Array.from({ length: n }, (_, i) => holdout.labels[i * 2 + k]!);
  const rate = (k: number) => labels(k).reduce((s, y) => s + y, 0) / Math.max(1, n);
  const head = { calibrators: { missNext: fitPlatt(column(0), labels(0)), pdcBelow80Next7Days: fitPlatt(column(1), labels(1)) }, positiveRates: { missNext: rate(0), pdcBelow80Next7Days: rate(1) } };
  return new AdherenceRiskScorer(genesis.spec, genesis.normalisation, genesis.net, weights, head);
}

/** The adherence-risk model of a node. */
export function federatedAdherenceModel(options: {
  data: SiteTrainingData['adherence'];
  genesis: LoadedModel;
  vaultDir: string;
  seed: number;
  deploy: (version: string, scorer: AdherenceRiskScorer) => void;
  logger: Logger;
}): FederatedModel {
  const { data, genesis } = options;
  let servingWeights: Float32Array | null = null;
  const vault = new FileVault(join(options.vaultDir, 'adherence-risk'), async (version, weights) => {
    servingWeights = weights;
    options.deploy(version, adherenceScorerOf(genesis, weights, data.holdout));
  });
  const restored = vault.serving();
  if (restored) {
    servingWeights = restored.weights;
    options.deploy(restored.version, adherenceScorerOf(genesis, restored.weights, data.holdout));
  }
  return {
    kind: 'MODEL_KIND_ADHERENCE',
    vault,
    trainer: {
      async train(global, config) {
        const { trainLocal, activeBackend } = await loadTraining(options.logger);
        const result = await trainLocal({
          kind: 'adherence-risk',
          data: { train: data.train, holdout: data.holdout },
          global: { net: genesis.net, weights: global, normalisation: genesis.normalisation },
          epochs: config.localEpochs, seed: options.seed, learningRate: config.learningRate, batchSize: config.batchSize,
          ...(config.fedproxMu > 0 ? { proximalMu: config.fedproxMu } : {}),
        });
        return { weights: result.weights, sampleCount: result.sampleCount, metrics: { train_loss: result.metrics.trainLoss }, backend: activeBackend() };
      },
    },
    validator: {
      holdoutMetrics: (weights) => adherenceHoldoutMetrics(genesis, weights, data.holdout),
      async validate(candidate, current) {
        const next = adherenceAuroc(genesis, candidate, data.holdout);
        const now = adherenceAuroc(genesis, servingWeights ?? current, data.holdout);
        const score = (a: number) => (Number.isFinite(a) ? a : 0.5);
        const promote = servingWeights === null || score(next.missNext) >= score(now.missNext) - SHADOW_TOLERANCE.auroc;
        const metrics = { auroc_miss_next: next.missNext, auroc_pdc_below_80: next.pdc, current_auroc_miss_next: now.missNext };
        const reason = promote
          ? `promoted: hold-out AUROC ${score(next.missNext).toFixed(3)} (was ${score(now.missNext).toFixed(3)}) on ${data.holdout.labels.length / 2} doses`
          : `kept the current model: hold-out AUROC ${score(next.missNext).toFixed(3)} < ${score(now.missNext).toFixed(3)}`;
        return { promote, reason, metrics, sampleCount: data.holdout.labels.length / 2 };
      },
    },
  };
}
