/**
 * Reliability bins for calibration: equal-width bins on [0, 1] (default 10; a probability of exactly 1
 * falls in the last bin), the same binning as the expected calibration error in models/metrics.ts, so
 * ECE = Σ_b (n_b / N) · |meanPredicted_b − observedRate_b| over these bins.
 */

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability of the bin's rows (NaN when empty). */
  meanPredicted: number;
  /** Share of the bin's rows that are positive (NaN when empty). */
  observedRate: number;
}

/**
 * @returns `bins` equal-width bins; non-finite probabilities are left out and values are clamped to [0, 1].
 * @throws RangeError when `bins` is not a positive integer.
 */
export function reliabilityBins(probabilities: ArrayLike<number>, labels: ArrayLike<boolean | number>, bins = 10): ReliabilityBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const count = new Float64Array(bins);
  const predicted = new Float64Array(bins);
  const observed = new Float64Array(bins);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (!Number.isFinite(p)) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[b]!++;
    predicted[b]! += p;
    observed[b]! += labels[i] ? 1 : 0;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: count[b]!,
    meanPredicted: count[b]! ? predicted[b]! / count[b]! : Number.NaN,
    observedRate: count[b]! ? observed[b]! / count[b]! : Number.NaN,
  }));
}

/** @returns ECE computed from reliability bins (0 for no rows). */
export function calibrationErrorFromBins(bins: readonly ReliabilityBin[]): number {
  const total = bins.reduce((s, b) => s + b.count, 0);
  if (total === 0) return 0;
  return bins.reduce((s, b) => (b.count ? s + (b.count / total) * Math.abs(b.meanPredicted - b.observedRate) : s), 0);
}
