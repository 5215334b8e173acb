import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { buildDenseModel } from './nn/dense-model.js';
import { assignWeights, flattenWeights } from './nn/model-weights.js';
import { weightsBytes, weightsFromBytes, weightsVersion } from './weights-codec.js';

beforeAll(async () => {
  await selectBackend({ require: 'cpu' });
});

describe('weights codec', () => {
  it('flatten and assign round-trip exactly in a stable order', () => {
    const model = buildDenseModel({ inputSize: 3, layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'linear' }] }, 9);
    fc.assert(fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 26, maxLength: 26 }), (values) => {
      const vector = Float32Array.from(values);
      assignWeights(model, vector);
      expect(flattenWeights(model)).toEqual(vector);
    }), { numRuns: 30 });
    // Order: kernel of layer 0 ([3,4] row-major), its bias, then layer 1.
    const vector = Float32Array.from({ length: 26 }, (_, i) => i);
    assignWeights(model, vector);
    expect(Array.from(model.getWeights()[1]!.dataSync())).toEqual([12, 13, 14, 15]);
    model.dispose();
  });

  it('refuses a vector of the wrong length or with non-finite values', () => {
    const model = buildDenseModel({ inputSize: 2, layers: [{ units: 1, activation: 'linear' }] }, 1);
    expect(() => assignWeights(model, new Float32Array(4))).toThrow(/needs 3/);
    expect(() => assignWeights(model, Float32Array.of(1, Number.NaN, 0))).toThrow(/non-finite/);
    model.dispose();
  });

  it('bytes round-trip exactly and the version is the SHA-256 of the bytes', () => {
    fc.assert(fc.property(fc.float32Array({ noDefaultInfinity: true, noNaN: true }), (vector) => {
      expect(weightsFromBytes(weightsBytes(vector))).toEqual(vector);
    }));
    const v = Float32Array.of(1, 2, 3);
    expect(weightsVersion(v)).toBe(weightsVersion(Float32Array.of(1, 2, 3)));
    expect(weightsVersion(v)).not.toBe(weightsVersion(Float32Array.of(1, 2, 3.0001)));
    expect(() => weightsFromBytes(new Uint8Array(5))).toThrow(/whole number/);
  });
});
