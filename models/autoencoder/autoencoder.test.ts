import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../common/errors/index.js';
import { selectBackend } from '../backend.js';
import { DOSE_CONTEXT_SPEC } from '../features/dose-context.js';
import { anomalousRows, normalRows } from '../testing/synthetic-rows.js';
import { trainAutoencoder, type TrainedAutoencoder } from './train-autoencoder.js';

const WIDTH = DOSE_CONTEXT_SPEC.features.length;
let trained: TrainedAutoencoder;

beforeAll(async () => {
  await selectBackend({ require: 'cpu' });
  const before = tf.memory().numTensors;
  trained = await trainAutoencoder({ spec: DOSE_CONTEXT_SPEC, trainRows: normalRows(600, 'train'), calibrationRows: normalRows(400, 'calibration'), targetFalseAlarmRate: 0.05, seed: 1, epochs: 40, learningRate: 0.01 });
  expect(tf.memory().numTensors).toBe(before); // training leaves no tensors behind
});

describe('autoencoder', () => {
  it('calibrates the threshold to the target false-alarm rate on held-out normal rows', () => {
    const scores = trained.scorer.scoreBatch(normalRows(1000, 'test'));
    const falseAlarms = Array.from(scores).filter((s) => s > trained.scoring.threshold).length / 1000;
    expect(falseAlarms).toBeGreaterThan(0.01);
    expect(falseAlarms).toBeLessThan(0.1);
  });

  it('scores rows that break the normal structure far above the threshold', () => {
    const scores = trained.scorer.scoreBatch(anomalousRows(200, 'anomaly', 12));
    expect(Array.from(scores).filter((s) => s > trained.scoring.threshold).length / 200).toBeGreaterThan(0.9);
  });

  it('explains an anomaly by the feature that was changed, with its human name', () => {
    const row = anomalousRows(1, 'explain', 12, 1.5);
    const explained = trained.scorer.explain(row, 3);
    expect(explained.anomalous).toBe(true);
    expect(explained.attributions[0]!.feature).toBe(DOSE_CONTEXT_SPEC.features[12]!.name);
    expect(explained.attributions[0]!.humanName).toBe('glucose trend over 15 min');
    expect(explained.attributions[0]!.direction).toBe('higher');
    expect(explained.attributions[0]!.contribution).toBeGreaterThan(0.5);
    expect(explained.score).toBeCloseTo(trained.scorer.score(row).score, 5);
  });

  it('rejects NaN, Infinity and out-of-range rows instead of scoring them', () => {
    const row = normalRows(1, 'bad');
    for (const bad of [Number.NaN, Number.NEGATIVE_INFINITY, 1e9]) {
      const copy = Float32Array.from(row);
      copy[3] = bad;
      expect(() => trained.scorer.score(copy)).toThrow(InvalidArgumentError);
    }
    expect(() => trained.scorer.scoreBatch(new Float32Array(WIDTH * 2).fill(Number.NaN))).toThrow(/not a finite number/);
    expect(() => trained.scorer.score(new Float32Array(WIDTH + 1).fill(0.5))).toThrow(/expected rows of 26 features/);
  });

  it('refuses invalid training rows', async () => {
    const rows = normalRows(10, 'x');
    rows[5] = Number.NaN;
    await expect(trainAutoencoder({ spec: DOSE_CONTEXT_SPEC, trainRows: rows, calibrationRows: normalRows(10, 'y'), targetFalseAlarmRate: 0.01, seed: 1 })).rejects.toThrow(InvalidArgumentError);
  });
});
