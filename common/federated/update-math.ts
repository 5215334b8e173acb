/** Pure vector math of federated updates, shared by edge nodes and tests. No I/O. */

/** @returns local − global, element-wise. @throws RangeError when the lengths differ. */
export function difference(local: Float32Array, global: Float32Array): Float32Array {
  if (local.length !== global.length) throw new RangeError(`length mismatch: ${local.length} vs ${global.length}`);
  const out = new Float32Array(local.length);
  for (let i = 0; i < local.length; i++) out[i] = local[i]! - global[i]!;
  return out;
}

/** @returns the L2 norm (accumulated in float64). */
export function l2Norm(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return Math.sqrt(sum);
}

/**
 * Clips an update to L2 norm `maxNorm` (scales it down, never up), as client-level DP requires.
 * @returns the clipped copy and the norm before clipping.
 */
export function clipToNorm(update: Float32Array, maxNorm: number): { clipped: Float32Array; normBefore: number } {
  if (!(maxNorm > 0)) throw new RangeError('maxNorm must be positive');
  const normBefore = l2Norm(update);
  const factor = normBefore > maxNorm ? maxNorm / normBefore : 1;
  const clipped = new Float32Array(update.length);
  for (let i = 0; i < update.length; i++) clipped[i] = update[i]! * factor;
  return { clipped, normBefore };
}

/**
 * Adds Gaussian noise N(0, (noiseMultiplier·clipNorm)²) to each coordinate (client-level DP).
 * @param normal a source of standard normal draws (seeded in tests).
 * @returns a noisy copy.
 */
export function addGaussianNoise(update: Float32Array, noiseMultiplier: number, clipNorm: number, normal: () => number): Float32Array {
  const sigma = noiseMultiplier * clipNorm;
  const out = new Float32Array(update.length);
  for (let i = 0; i < update.length; i++) out[i] = update[i]! + sigma * normal();
  return out;
}

/** One node's contribution to a weighted average. */
export interface WeightedUpdate {
  update: Float32Array;
  sampleWeight: number;
}

/**
 * Plaintext FedAvg: Σ wᵢ·uᵢ / Σ wᵢ, accumulated in float64. The encrypted path must match it to 1e-5.
 * @throws RangeError when there are no updates, lengths differ, or the total weight is not positive.
 */
export function weightedAverage(updates: readonly WeightedUpdate[]): Float32Array {
  const first = updates[0];
  if (!first) throw new RangeError('no updates to average');
  const sum = new Float64Array(first.update.length);
  let total = 0;
  for (const { update, sampleWeight } of updates) {
    if (update.length !== sum.length) throw new RangeError('updates differ in length');
    total += sampleWeight;
    for (let i = 0; i < sum.length; i++) sum[i]! += sampleWeight * update[i]!;
  }
  if (!(total > 0)) throw new RangeError('total weight must be positive');
  const out = new Float32Array(sum.length);
  for (let i = 0; i < sum.length; i++) out[i] = sum[i]! / total;
  return out;
}

/** @returns global + delta, element-wise. */
export function applyDelta(global: Float32Array, delta: Float32Array): Float32Array {
  if (global.length !== delta.length) throw new RangeError(`length mismatch: ${global.length} vs ${delta.length}`);
  const out = new Float32Array(global.length);
  for (let i = 0; i < global.length; i++) out[i] = global[i]! + delta[i]!;
  return out;
}
