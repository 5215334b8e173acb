/**
 * Evaluation metrics with no tensors: AUROC, expected calibration error, Brier score, quantiles,
 * detection rate at a false-alarm rate, and percentile-bootstrap confidence intervals.
 */
import { createRandom } from '../datasets/random.js';

/**
 * Area under the ROC curve (Mann–Whitney U, ties counted half).
 * @returns AUROC in [0, 1], or NaN when one class is absent.
 */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k]!]) { positives++; rankSum += rank; }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Expected calibration error with equal-width bins: Σ (bin share) · |mean predicted − observed rate|.
 * @returns ECE in [0, 1] (0 for an empty input).
 */
export function expectedCalibrationError(probabilities: ArrayLike<number>, labels: ArrayLike<boolean | number>, bins = 10): number {
  const count = new Float64Array(bins);
  const predicted = new Float64Array(bins);
  const observed = new Float64Array(bins);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[b]!++;
    predicted[b]! += p;
    observed[b]! += labels[i] ? 1 : 0;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) ece += Math.abs(predicted[b]! - observed[b]!) / Math.max(1, probabilities.length);
  return ece;
}

/** @returns the mean squared difference between probabilities and outcomes. */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<boolean | number>): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += (probabilities[i]! - (labels[i] ? 1 : 0)) ** 2;
  return sum / Math.max(1, probabilities.length);
}

/**
 * The q-quantile with linear interpolation. @returns NaN for an empty input.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  if (sorted.length === 0) return Number.NaN;
  const position = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(sorted.length - 1, lower + 1);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** Detection rate and false-alarm rate of boolean flags against labels. */
export interface DetectionRates {
  detectionRate: number;
  falseAlarmRate: number;
  positives: number;
  negatives: number;
}

/** @returns the share of positives flagged and of negatives flagged. */
export function detectionRates(flags: ArrayLike<boolean>, labels: ArrayLike<boolean>): DetectionRates {
  let tp = 0;
  let fp = 0;
  let positives = 0;
  for (let i = 0; i < flags.length; i++) {
    if (labels[i]) { positives++; if (flags[i]) tp++; } else if (flags[i]) fp++;
  }
  const negatives = flags.length - positives;
  return { detectionRate: positives ? tp / positives : Number.NaN, falseAlarmRate: negatives ? fp / negatives : Number.NaN, positives, negatives };
}

/** A point estimate with a percentile-bootstrap confidence interval. */
export interface Estimate {
  value: number;
  lower: number;
  upper: number;
  /** Confidence level of [lower, upper], e.g. 0.95. */
  level: number;
}

/**
 * Percentile bootstrap over rows: resamples indices with replacement `resamples` times.
 * @param metric computes the statistic over a list of row indices.
 * @returns the statistic on all rows with its interval (NaN resamples are skipped).
 */
export function bootstrap(rows: number, metric: (indices: Int32Array) => number, options: { resamples?: number; level?: number; seed?: number } = {}): Estimate {
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  const value = metric(all);
  const random = createRandom(`bootstrap/${options.seed ?? 0}`);
  const level = options.level ?? 0.95;
  const stats: number[] = [];
  const sample = new Int32Array(rows);
  for (let b = 0; b < (options.resamples ?? 200); b++) {
    for (let i = 0; i < rows; i++) sample[i] = random.int(0, rows - 1);
    const s = metric(sample);
    if (Number.isFinite(s)) stats.push(s);
  }
  return { value, lower: quantile(stats, (1 - level) / 2), upper: quantile(stats, 1 - (1 - level) / 2), level };
}
