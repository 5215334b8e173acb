/**
 * The weights codec: a model's weights as one Float32Array in a stable order (model.weights order:
 * per layer, kernel then bias) and back. The federation encrypts this vector; its SHA-256 is the model
 * version.
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { VigilError } from '../common/errors/index.js';

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

/** @returns the model version: SHA-256 (hex) of the little-endian float32 bytes of the vector. */
export function weightsVersion(vector: Float32Array): string {
  return createHash('sha256').update(weightsBytes(vector)).digest('hex');
}

/** @returns the vector's bytes, little-endian float32 (the weights.bin format). */
export function weightsBytes(vector: Float32Array): Uint8Array {
  const view = new DataView(new ArrayBuffer(vector.length * 4));
  for (let i = 0; i < vector.length; i++) view.setFloat32(i * 4, vector[i]!, true);
  return new Uint8Array(view.buffer);
}

/**
 * Parses weights.bin bytes.
 * @throws VigilError DATA_LOSS when the length is not a whole number of float32 values.
 */
export function weightsFromBytes(bytes: Uint8Array): Float32Array {
  if (bytes.length % 4 !== 0) throw new VigilError('DATA_LOSS', `weights file has ${bytes.length} bytes, not a whole number of float32 values`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
