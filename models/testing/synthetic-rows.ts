/**
 * Cheap synthetic dose-context rows for unit tests: features with a correlated low-dimensional structure
 * (normal) and rows that break it in one named feature (anomalous). Not physiology: for model mechanics.
 */
import { createRandom } from '../../datasets/random.js';
import { DOSE_CONTEXT_SPEC } from '../features/dose-context.js';

const WIDTH = DOSE_CONTEXT_SPEC.features.length;

/** @returns `rows` normal rows: every feature a smooth function of two latent factors plus small noise. */
export function normalRows(rows: number, seed: string): Float32Array {
  const random = createRandom(seed);
  const out = new Float32Array(rows * WIDTH);
  for (let r = 0; r < rows; r++) {
    const a = random.uniform(-1, 1);
    const b = random.uniform(-1, 1);
    for (let j = 0; j < WIDTH; j++) {
      const f = DOSE_CONTEXT_SPEC.features[j]!;
      const v = 0.5 + 0.3 * Math.sin(a * (j + 1)) * Math.cos(b + j) + random.normal(0, 0.01);
      out[r * WIDTH + j] = Math.max(f.min, Math.min(f.max, v));
    }
  }
  return out;
}

/** @returns normal rows with feature `featureIndex` moved by `shift` (clipped to its range). */
export function anomalousRows(rows: number, seed: string, featureIndex: number, shift = 0.8): Float32Array {
  const out = normalRows(rows, seed);
  const f = DOSE_CONTEXT_SPEC.features[featureIndex]!;
  for (let r = 0; r < rows; r++) out[r * WIDTH + featureIndex] = Math.max(f.min, Math.min(f.max, out[r * WIDTH + featureIndex]! + shift));
  return out;
}
