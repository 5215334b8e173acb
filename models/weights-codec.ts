/**
 * The weights codec: a model's weights as one Float32Array in a stable order (model.weights order:
 * per layer, kernel then bias; nn/model-weights.ts moves them between a tfjs model and the vector) and
 * its bytes. The federation encrypts this vector; its SHA-256 is the model version. Loads no tfjs.
 */
import { createHash } from 'node:crypto';
import { VigilError } from '../common/errors/index.js';

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
