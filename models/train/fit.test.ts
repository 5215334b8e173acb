import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend.js';
import { buildDenseModel } from '../nn/dense-model.js';
import type { DenseNetConfig } from '../nn/dense-net.js';
import { fitModel } from './fit.js';
import { trainLocal } from './local-training.js';
import { DOSE_CONTEXT_SPEC } from '../features/dose-context.js';

const config: DenseNetConfig = { inputSize: 6, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'tanh' }, { units: 6, activation: 'linear' }] };
const x = Float32Array.from({ length: 300 * 6 }, (_, i) => Math.sin(i * 0.7) + Math.cos(Math.floor(i / 6)));

async function train(backend: 'cpu' | 'wasm', seed = 4): Promise<Float32Array> {
  await selectBackend({ require: backend });
  const model = buildDenseModel(config, seed);
  const result = await fitModel(model, x, x, { loss: 'mse', epochs: 4, seed, batchSize: 32 });
  model.dispose();
  return result.weights;
}

describe('fitModel', () => {
  it('does not leak tensors across fits (tf.memory().numTensors stable)', async () => {
    await selectBackend({ require: 'cpu' });
    const model = buildDenseModel(config, 1);
    await fitModel(model, x, x, { loss: 'mse', epochs: 2, seed: 1 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await fitModel(model, x, x, { loss: 'binary-crossentropy', epochs: 2, seed: i, proximalMu: 0.1, anchorWeights: new Float32Array(6 * 8 + 8 + 8 * 3 + 3 + 3 * 6 + 6), targetWeights: new Float32Array(x.length).fill(1) });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('is deterministic for a seed, and wasm equals cpu within float tolerance', async () => {
    const cpu = await train('cpu');
    expect(await train('cpu')).toEqual(cpu);
    const wasm = await train('wasm');
    let maxDiff = 0;
    for (let i = 0; i < cpu.length; i++) maxDiff = Math.max(maxDiff, Math.abs(cpu[i]! - wasm[i]!));
    expect(maxDiff).toBeLessThan(1e-3);
    expect(await train('cpu', 5)).not.toEqual(cpu);
    await selectBackend({ require: 'cpu' });
  });

  it('FedProx keeps the local weights closer to the global ones as μ grows', async () => {
    await selectBackend({ require: 'cpu' });
    const global = new Float32Array(6 * 8 + 8 + 8 * 3 + 3 + 3 * 6 + 6).fill(0.05);
    const distance = async (mu: number) => {
      const model = buildDenseModel(config, 2);
      const { weights } = await fitModel(model, x, x, { loss: 'mse', epochs: 5, seed: 2, learningRate: 0.01, validationFraction: 0, proximalMu: mu, anchorWeights: global });
      model.dispose();
      return Math.hypot(...Array.from(weights, (w, i) => w - global[i]!));
    };
    expect(await distance(10)).toBeLessThan((await distance(0)) * 0.8);
    await expect(fitModel(buildDenseModel(config, 2), x, x, { loss: 'mse', epochs: 1, seed: 1, proximalMu: 1 })).rejects.toThrow(/global weights/);
  });

  it('early stopping restores the best validation epoch', async () => {
    await selectBackend({ require: 'cpu' });
    const model = buildDenseModel(config, 3);
    const result = await fitModel(model, x, x, { loss: 'mse', epochs: 200, seed: 3, patience: 2, learningRate: 0.05 });
    expect(result.epochsRun).toBeLessThan(200);
    expect(result.validationLoss[result.bestEpoch]).toBe(Math.min(...result.validationLoss));
    expect(result.sampleCount).toBe(300 - 45);
    model.dispose();
  });
});

describe('trainLocal', () => {
  it('trains from global weights and returns weights, metrics and the sample count', async () => {
    await selectBackend({ require: 'cpu' });
    const width = DOSE_CONTEXT_SPEC.features.length;
    const rows = Float32Array.from({ length: 120 * width }, (_, i) => {
      const f = DOSE_CONTEXT_SPEC.features[i % width]!;
      return Math.max(f.min, Math.min(f.max, (Math.sin(i) + 1) / 2));
    });
    const first = await trainLocal({ kind: 'dose-autoencoder', data: { train: rows, holdout: rows.subarray(0, 40 * width) }, epochs: 2, seed: 1 });
    const second = await trainLocal({ kind: 'dose-autoencoder', data: { train: rows, holdout: rows.subarray(0, 40 * width) }, epochs: 2, seed: 1, proximalMu: 0.01, global: { net: first.net, weights: first.weights, normalisation: first.normalisation } });
    expect(second.weights).toHaveLength(first.weights.length);
    expect(second.normalisation).toEqual(first.normalisation);
    expect(second.sampleCount).toBe(102);
    expect(Number.isFinite(second.metrics.trainLoss)).toBe(true);
    await expect(trainLocal({ kind: 'adherence-risk', data: { train: rows, holdout: rows }, epochs: 1, seed: 1 })).rejects.toThrow(/rows and labels/);
  });
});
