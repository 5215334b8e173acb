/**
 * How the federation suite scores a model on patients it never trained on: the dose gate's autoencoder
 * stage (threshold calibrated on held-out patients' normal commands to a target false-alarm rate, exactly as
 * a node calibrates — calibrateAutoencoder — then detection of contextual in-limit attacks and false alarms on
 * test patients) and the adherence model (AUROC of both heads on test patients; raw outputs, since
 * calibration is monotone and does not change AUROC). Plain Float32Array math; no tensors.
 */
import { AnomalyScorer, applyNormalisation, auroc, bootstrap, calibrateAutoencoder, DenseForward, DOSE_CONTEXT_SPEC, type AdherenceDataset, type GlobalModel } from '../../models/index.js';
import { detectionAtFalseAlarmRate } from '../metrics/index.js';

/** Gate (dose autoencoder) metrics on one test set. */
export interface GateMetrics {
  /** Share of attack commands scored above the calibrated threshold. */
  detectionRate: number;
  /** Share of the test patients' normal commands above it (target: the calibration rate). */
  falseAlarmRate: number;
  /** Detection at exactly the target false-alarm rate on the test normals (threshold-transfer noise removed). */
  detectionAtTestFar: number;
  /** Threshold-free separation of attacks from normal commands. */
  auroc: number;
  attacks: number;
  normals: number;
}

/** Adherence metrics on one test set. */
export interface AdherenceMetrics {
  aurocMissNext: number;
  aurocPdcBelow80: number;
  rows: number;
}

/** Raw scores of one dose model on test rows (kept for paired bootstraps). */
export interface GateScores {
  threshold: number;
  normal: Float32Array;
  attacks: Float32Array;
}

/**
 * Calibrates the threshold on `calibration` (train rows for the error statistics, hold-out normal rows for the
 * quantile) and scores the test rows.
 * @returns the threshold and the scores.
 */
export function gateScores(model: GlobalModel, calibration: { train: Float32Array; holdout: Float32Array }, test: { normal: Float32Array; attacks: Float32Array }, targetFalseAlarmRate: number): GateScores {
  const scoring = calibrateAutoencoder(DOSE_CONTEXT_SPEC, model.normalisation, model.net, model.weights, calibration.train, calibration.holdout, targetFalseAlarmRate);
  const scorer = new AnomalyScorer(DOSE_CONTEXT_SPEC, model.normalisation, model.net, model.weights, scoring);
  return { threshold: scoring.threshold, normal: scorer.scoreBatch(test.normal), attacks: scorer.scoreBatch(test.attacks) };
}

const share = (scores: Float32Array, threshold: number) => (scores.length === 0 ? Number.NaN : scores.reduce((n, s) => n + (s > threshold ? 1 : 0), 0) / scores.length);

/** @returns gate metrics of scored test rows. */
export function gateMetrics(scores: GateScores, targetFalseAlarmRate: number): GateMetrics {
  const all = [...scores.normal, ...scores.attacks];
  const labels = [...new Array<number>(scores.normal.length).fill(0), ...new Array<number>(scores.attacks.length).fill(1)];
  return {
    detectionRate: share(scores.attacks, scores.threshold),
    falseAlarmRate: share(scores.normal, scores.threshold),
    detectionAtTestFar: scores.attacks.length && scores.normal.length ? detectionAtFalseAlarmRate(all, labels, targetFalseAlarmRate).detectionRate : Number.NaN,
    auroc: scores.attacks.length && scores.normal.length ? auroc(all, labels) : Number.NaN,
    attacks: scores.attacks.length,
    normals: scores.normal.length,
  };
}

/** @returns the adherence net's raw probabilities, two per row. */
export function adherenceProbabilities(model: GlobalModel, data: AdherenceDataset): Float32Array {
  const n = data.labels.length / 2;
  return n === 0 ? new Float32Array(0) : new DenseForward(model.net, model.weights).forward(applyNormalisation(data.rows, model.normalisation), n);
}

const column = (values: Float32Array, k: number, rows: ArrayLike<number> | null = null): number[] => {
  const n = rows ? rows.length : values.length / 2;
  return Array.from({ length: n }, (_, i) => values[2 * (rows ? rows[i]! : i) + k]!);
};

/** @returns AUROC of both heads (NaN when a head has one class only). */
export function adherenceMetrics(probabilities: Float32Array, labels: Float32Array): AdherenceMetrics {
  const rows = labels.length / 2;
  if (rows === 0) return { aurocMissNext: Number.NaN, aurocPdcBelow80: Number.NaN, rows };
  return { aurocMissNext: auroc(column(probabilities, 0), column(labels, 0)), aurocPdcBelow80: auroc(column(probabilities, 1), column(labels, 1)), rows };
}

/**
 * Paired bootstrap of a difference of AUROCs (a − b) on the same rows of one head.
 * @returns the estimate with its 95% percentile interval.
 */
export function pairedAurocDifference(a: Float32Array, b: Float32Array, labels: Float32Array, head: 0 | 1, seed: number, resamples = 200) {
  return bootstrap(labels.length / 2, (idx) => auroc(column(a, head, idx), column(labels, head, idx)) - auroc(column(b, head, idx), column(labels, head, idx)), { seed, resamples });
}

/**
 * Paired bootstrap of a difference of detection rates (a − b) over the same attack rows, thresholds fixed.
 * @returns the estimate with its 95% percentile interval.
 */
export function pairedDetectionDifference(a: GateScores, b: GateScores, seed: number, resamples = 200) {
  return bootstrap(a.attacks.length, (idx) => {
    let d = 0;
    for (const i of idx) d += (a.attacks[i]! > a.threshold ? 1 : 0) - (b.attacks[i]! > b.threshold ? 1 : 0);
    return d / idx.length;
  }, { seed, resamples });
}
