/**
 * A tfjs model's weights to and from the codec's flat vector (models/weights-codec.ts), in model.weights
 * order: per layer, kernel then bias. Training only; serving reads the vector without tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import { VigilError } from '../../common/errors/index.js';

/** Name and shape of one weight tensor, in vector order. */
export interface WeightSpec {
  name: string;
  shape: number[];
}

/** @returns the name and shape of each of the model's weights, in vector order. */
export function weightSpecs(model: tf.LayersModel): WeightSpec[] {
  return model.weights.map((w) => ({ name: w.originalName, shape: [...w.shape] as number[] }));
}

/**
 * Flattens the model's weights.
 * @returns a new Float32Array (values copied; nothing to dispose).
 */
export function flattenWeights(model: tf.LayersModel): Float32Array {
  const tensors = model.getWeights();
  let total = 0;
  for (const t of tensors) total += t.size;
  const out = new Float32Array(total);
  let offset = 0;
  for (const t of tensors) {
    out.set(t.dataSync() as Float32Array, offset);
    offset += t.size;
  }
  return out;
}

/**
 * Writes a flat vector back into the model's weights (the inverse of {@link flattenWeights}).
 * @throws VigilError INVALID_ARGUMENT when the vector's length does not match the model, or it holds NaN/∞.
 */
export function assignWeights(model: tf.LayersModel, vector: Float32Array): void {
  const specs = model.weights;
  let total = 0;
  for (const w of specs) total += w.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) as number;
  if (vector.length !== total) throw new VigilError('INVALID_ARGUMENT', `weight vector has ${vector.length} values, the model needs ${total}`);
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i]!)) throw new VigilError('INVALID_ARGUMENT', `weight vector holds a non-finite value at index ${i}`);
  }
  let offset = 0;
  const tensors = specs.map((w) => {
    const size = w.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) as number;
    const t = tf.tensor(vector.subarray(offset, offset + size), w.shape as number[], 'float32');
    offset += size;
    return t;
  });
  model.setWeights(tensors);
  tf.dispose(tensors);
}
