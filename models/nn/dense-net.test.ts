import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend.js';
import { buildDenseModel } from './dense-model.js';
import { DenseForward, denseWeightCount, type DenseNetConfig } from './dense-net.js';
import { flattenWeights } from './model-weights.js';

beforeAll(async () => {
  await selectBackend({ require: 'cpu' });
});

describe('dense net', () => {
  it('the hand-rolled forward pass equals tfjs within 1e-5 for every activation', () => {
    const config: DenseNetConfig = { inputSize: 7, layers: [{ units: 9, activation: 'tanh' }, { units: 5, activation: 'relu' }, { units: 3, activation: 'sigmoid' }, { units: 7, activation: 'linear' }] };
    const model = buildDenseModel(config, 3);
    const weights = flattenWeights(model);
    expect(weights.length).toBe(denseWeightCount(config));
    const forward = new DenseForward(config, weights);
    fc.assert(fc.property(fc.array(fc.float({ min: -5, max: 5, noNaN: true }), { minLength: 7 * 4, maxLength: 7 * 4 }), (values) => {
      const input = Float32Array.from(values);
      const ours = forward.forward(input, 4);
      const theirs = tf.tidy(() => (model.predict(tf.tensor2d(input, [4, 7])) as tf.Tensor).dataSync());
      for (let i = 0; i < ours.length; i++) expect(Math.abs(ours[i]! - theirs[i]!)).toBeLessThan(1e-5);
    }), { numRuns: 50 });
    model.dispose();
  });

  it('seeded initialisation is reproducible and differs between seeds', () => {
    const config: DenseNetConfig = { inputSize: 4, layers: [{ units: 3, activation: 'relu' }, { units: 4, activation: 'linear' }] };
    const [a, b, c] = [1, 1, 2].map((seed) => {
      const model = buildDenseModel(config, seed);
      const w = flattenWeights(model);
      model.dispose();
      return w;
    });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('refuses a weight vector of the wrong length', () => {
    expect(() => new DenseForward({ inputSize: 2, layers: [{ units: 1, activation: 'linear' }] }, new Float32Array(2))).toThrow(/needs 3/);
  });
});
