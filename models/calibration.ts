/**
 * Probability calibration: Platt scaling (a logistic fit of the logit) and isotonic regression
 * (pool-adjacent-violators). Both are fitted on held-out data, serialise to JSON, and map a raw
 * probability to a calibrated one.
 */
import { z } from 'zod';
import { InvalidArgumentError } from '../common/errors/index.js';

/** A fitted calibrator, as stored in a model artifact. */
export const Calibrator = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('platt'), a: z.number().finite(), b: z.number().finite() }),
  z.strictObject({ method: z.literal('isotonic'), thresholds: z.array(z.number().finite()), values: z.array(z.number().min(0).max(1)) }),
  z.strictObject({ method: z.literal('identity') }),
]);
/** A fitted calibrator. */
export type Calibrator = z.infer<typeof Calibrator>;

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
};

/**
 * Fits Platt scaling p' = σ(a·logit(p) + b) by Newton's method, with Platt's smoothed targets.
 * @throws InvalidArgumentError when the inputs differ in length or are empty.
 */
export function fitPlatt(probabilities: ArrayLike<number>, labels: ArrayLike<boolean | number>): Calibrator {
  const n = probabilities.length;
  if (n === 0 || labels.length !== n) throw new InvalidArgumentError([{ field: 'calibration', description: 'needs equal, non-empty probabilities and labels' }]);
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i]) positives++;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (n - positives + 2);
  const x = Array.from({ length: n }, (_, i) => logit(probabilities[i]!));
  const t = Array.from({ length: n }, (_, i) => (labels[i] ? hi : lo));
  const loss = (a: number, b: number): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const z = a * x[i]! + b;
      // log(1 + e^z) − t·z, computed stably
      sum += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - t[i]! * z;
    }
    return sum;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let g0 = 0, g1 = 0, h00 = 1e-9, h01 = 0, h11 = 1e-9;
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-(a * x[i]! + b)));
      const d = p - t[i]!;
      const w = p * (1 - p);
      g0 += d * x[i]!; g1 += d;
      h00 += w * x[i]! * x[i]!; h01 += w * x[i]!; h11 += w;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(Math.abs(det) > 1e-12)) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    // Backtracking: a full Newton step can overshoot far from the optimum (Platt/Lin's fix).
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > current && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current) break;
    a -= step * da;
    b -= step * db;
    const improvement = current - next;
    current = next;
    if (improvement < 1e-10 * n) break;
  }
  return { method: 'platt', a, b };
}

/**
 * Fits isotonic regression (non-decreasing step function) by pool-adjacent-violators.
 * @throws InvalidArgumentError when the inputs differ in length or are empty.
 */
export function fitIsotonic(probabilities: ArrayLike<number>, labels: ArrayLike<boolean | number>): Calibrator {
  const n = probabilities.length;
  if (n === 0 || labels.length !== n) throw new InvalidArgumentError([{ field: 'calibration', description: 'needs equal, non-empty probabilities and labels' }]);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => probabilities[i]! - probabilities[j]!);
  const blocks: { sum: number; count: number; max: number }[] = [];
  for (const i of order) {
    blocks.push({ sum: labels[i] ? 1 : 0, count: 1, max: probabilities[i]! });
    while (blocks.length > 1 && blocks[blocks.length - 2]!.sum / blocks[blocks.length - 2]!.count >= blocks[blocks.length - 1]!.sum / blocks[blocks.length - 1]!.count) {
      const last = blocks.pop()!;
      const previous = blocks[blocks.length - 1]!;
      previous.sum += last.sum;
      previous.count += last.count;
      previous.max = last.max;
    }
  }
  return { method: 'isotonic', thresholds: blocks.map((b) => b.max), values: blocks.map((b) => b.sum / b.count) };
}

/** @returns the calibrated probability of a raw probability. */
export function calibrate(calibrator: Calibrator, probability: number): number {
  switch (calibrator.method) {
    case 'identity':
      return probability;
    case 'platt':
      return 1 / (1 + Math.exp(-(calibrator.a * logit(probability) + calibrator.b)));
    case 'isotonic': {
      const { thresholds, values } = calibrator;
      if (values.length === 0) return probability;
      // Linear interpolation between block upper ends keeps ranks (a pure step function would tie them).
      if (probability <= thresholds[0]!) return values[0]!;
      for (let k = 1; k < thresholds.length; k++) {
        if (probability <= thresholds[k]!) {
          const span = thresholds[k]! - thresholds[k - 1]!;
          const f = span > 0 ? (probability - thresholds[k - 1]!) / span : 1;
          return values[k - 1]! + f * (values[k]! - values[k - 1]!);
        }
      }
      return values[values.length - 1]!;
    }
  }
}
