import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend.js';
import { ADHERENCE_HISTORY_SPEC } from '../features/adherence-history.js';
import { auroc } from '../metrics.js';
import { simulateAdherenceCohort, type AdherenceCohort } from '../testing/adherence-data.js';
import { adherenceBaseline } from './adherence-net.js';
import { trainAdherenceModel, type TrainedAdherenceModel } from './train-adherence.js';

let model: TrainedAdherenceModel;
let test: AdherenceCohort;

beforeAll(async () => {
  await selectBackend({ require: 'wasm' });
  const train = simulateAdherenceCohort(40, 60, 'unit', 0);
  const calibration = simulateAdherenceCohort(15, 60, 'unit', 100);
  test = simulateAdherenceCohort(20, 60, 'unit', 200);
  const before = tf.memory().numTensors;
  model = await trainAdherenceModel({ train, calibration, seed: 3, epochs: 8 });
  expect(tf.memory().numTensors).toBe(before);
  await selectBackend({ require: 'cpu' });
});

describe('adherence-risk model', () => {
  it('weights the rarer class up and ranks held-out patients\' misses well above chance', () => {
    expect(model.classWeights[0]).toBeGreaterThan(1);
    const risks = model.scorer.predictBatch(test.rows);
    const n = risks.length;
    const miss = Array.from({ length: n }, (_, r) => test.labels[2 * r]!);
    expect(auroc(risks.map((r) => r.missNextProbability), miss)).toBeGreaterThan(0.75);
    for (const r of risks) {
      expect(r.missNextProbability).toBeGreaterThanOrEqual(0);
      expect(r.pdcBelow80Next7DaysProbability).toBeLessThanOrEqual(1);
    }
  });

  it('the baseline is one minus the last-7-day rates', () => {
    const base = adherenceBaseline(test.rows);
    const width = ADHERENCE_HISTORY_SPEC.features.length;
    const taken = ADHERENCE_HISTORY_SPEC.features.findIndex((f) => f.name === 'taken_rate_7d');
    expect(base[0]).toBeCloseTo(1 - test.rows[taken]!, 6);
    expect(base.length).toBe((2 * test.rows.length) / width);
  });

  it('explains a risk by named factors with signed log-odds contributions', () => {
    const width = ADHERENCE_HISTORY_SPEC.features.length;
    const risky = Array.from({ length: test.rows.length / width }, (_, r) => r).find((r) => test.rows[r * width + ADHERENCE_HISTORY_SPEC.features.findIndex((f) => f.name === 'missed_streak')]! > 0)!;
    const explained = model.scorer.explain(test.rows.subarray(risky * width, risky * width + width), 4);
    expect(explained.missNextFactors).toHaveLength(4);
    expect(explained.missNextFactors[0]!.humanName.length).toBeGreaterThan(5);
    expect(Math.abs(explained.missNextFactors[0]!.contribution)).toBeGreaterThanOrEqual(Math.abs(explained.missNextFactors[3]!.contribution));
    expect(explained.missNextProbability).toBeCloseTo(model.scorer.predictBatch(test.rows.subarray(risky * width, risky * width + width))[0]!.missNextProbability, 9);
  });

  it('rejects a row with NaN instead of predicting', () => {
    const row = Float32Array.from(test.rows.subarray(0, ADHERENCE_HISTORY_SPEC.features.length));
    row[0] = Number.NaN;
    expect(() => model.scorer.predictBatch(row)).toThrow(/taken_rate_7d/);
  });
});
