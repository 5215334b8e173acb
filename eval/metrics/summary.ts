/**
 * Percentile summaries of a sample (latencies, errors): count, mean, min, p50, p90, p95, p99, max.
 * Percentiles interpolate linearly between order statistics (models/metrics.ts `quantile`).
 */
import { quantile } from '../../models/metrics.js';

/** A percentile summary; every field is NaN for an empty sample (count 0). */
export interface Summary {
  count: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * @returns the p-th percentile (p in [0, 100]) of the finite values, NaN when there are none.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  return quantile(Array.from(values as ArrayLike<number>).filter(Number.isFinite), p / 100);
}

/** @returns the summary of the finite values. */
export function summarize(values: ArrayLike<number>): Summary {
  const finite = Array.from(values as ArrayLike<number>).filter(Number.isFinite);
  const q = (p: number) => quantile(finite, p);
  return {
    count: finite.length,
    mean: finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN,
    min: q(0),
    p50: q(0.5),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    max: q(1),
  };
}
