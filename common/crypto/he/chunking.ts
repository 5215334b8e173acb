import { InvalidArgumentError } from '../../errors/index.js';

/**
 * How a weight vector maps onto ciphertext chunks. Every chunk has `slotsPerChunk` CKKS slots: the first
 * `dataSlotsPerChunk` carry weight·update values, the last (the canary slot) carries the node's weight, so a
 * decrypted sum's canary must equal the plaintext total weight.
 */
export interface ChunkLayout {
  readonly weightCount: number;
  readonly slotsPerChunk: number;
  readonly dataSlotsPerChunk: number;
  readonly chunkCount: number;
}

/**
 * @returns the layout of `weightCount` weights in chunks of `slotsPerChunk` slots (one slot per chunk is the canary).
 * @throws InvalidArgumentError when `weightCount` is not a positive integer or `slotsPerChunk` < 2.
 */
export function chunkLayout(weightCount: number, slotsPerChunk: number): ChunkLayout {
  if (!Number.isSafeInteger(weightCount) || weightCount < 1) throw new InvalidArgumentError([{ field: 'weightCount', description: `must be a positive integer, got ${weightCount}` }]);
  if (!Number.isSafeInteger(slotsPerChunk) || slotsPerChunk < 2) throw new InvalidArgumentError([{ field: 'slotsPerChunk', description: `must be an integer ≥ 2, got ${slotsPerChunk}` }]);
  const dataSlotsPerChunk = slotsPerChunk - 1;
  return Object.freeze({ weightCount, slotsPerChunk, dataSlotsPerChunk, chunkCount: Math.ceil(weightCount / dataSlotsPerChunk) });
}

/**
 * Fills `out` (length `slotsPerChunk`) with chunk `index` of `weight · update`, zero-padded, canary = weight.
 * Multiplication is in float64, so scaling adds no float32 rounding.
 * @returns `out`.
 */
export function packChunk(update: Float32Array, weight: number, index: number, layout: ChunkLayout, out: Float64Array): Float64Array {
  const start = index * layout.dataSlotsPerChunk;
  const end = Math.min(start + layout.dataSlotsPerChunk, layout.weightCount);
  let slot = 0;
  for (let i = start; i < end; i++) out[slot++] = update[i]! * weight;
  out.fill(0, slot, layout.slotsPerChunk - 1);
  out[layout.slotsPerChunk - 1] = weight;
  return out;
}

/**
 * Writes chunk `index` of a decoded sum, divided by `totalWeight`, into `out` (the full weight vector).
 * @returns the chunk's canary value (the sum of the contributors' weights, as decrypted).
 */
export function unpackChunk(decoded: Float64Array, totalWeight: number, index: number, layout: ChunkLayout, out: Float32Array): number {
  const start = index * layout.dataSlotsPerChunk;
  const end = Math.min(start + layout.dataSlotsPerChunk, layout.weightCount);
  for (let i = start, slot = 0; i < end; i++, slot++) out[i] = decoded[slot]! / totalWeight;
  return decoded[layout.slotsPerChunk - 1]!;
}
