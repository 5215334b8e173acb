import { describe, expect, it } from 'vitest';
import { FedAvg, FedProx } from './fedavg.js';

const config = { localEpochs: 2, learningRate: 0.01, batchSize: 32, clipNorm: 1, dpNoiseMultiplier: 0 };
const nodes = [
  { nodeId: 'icu', lastSeenMs: 1_000 },
  { nodeId: 'adult-clinic', lastSeenMs: 1_000 },
  { nodeId: 'home-care', lastSeenMs: 0 },
];

describe('FedAvg', () => {
  const strategy = new FedAvg({ config, minNodes: 2, roundDurationMs: 30_000, staleAfterMs: 500 });

  it('selects live nodes only and sets the deadline and μ = 0', () => {
    const plan = strategy.configureRound({ roundSeq: 1, modelRound: 1, modelKind: 'MODEL_KIND_ADHERENCE', nodes, nowMs: 1_200 });
    expect(plan.selectedNodeIds).toEqual(['adult-clinic', 'icu']);
    expect(plan.deadlineAtMs).toBe(31_200);
    expect(plan.config.fedproxMu).toBe(0);
    expect(plan.targetNodes).toBe(2);
  });

  it('publishes with enough nodes and refuses with too few', () => {
    expect(strategy.aggregate({ minNodes: 2 }, [{ nodeId: 'a', sampleWeight: 10 }, { nodeId: 'b', sampleWeight: 5 }], []).publish).toBe(true);
    const refused = strategy.aggregate({ minNodes: 2 }, [{ nodeId: 'a', sampleWeight: 10 }], [{ nodeId: 'b', reason: 'deadline' }]);
    expect(refused.publish).toBe(false);
    expect(refused.metrics['dropped']).toBe(1);
  });

  it('weights evaluation metrics by sample count and flags disagreeing hashes', () => {
    const agreed = strategy.evaluate([
      { nodeId: 'a', weightsSha256Hex: 'aa', metrics: { auroc: 0.9 }, promoted: true, sampleCount: 300 },
      { nodeId: 'b', weightsSha256Hex: 'aa', metrics: { auroc: 0.8 }, promoted: false, sampleCount: 100 },
    ]);
    expect(agreed.metrics['auroc']).toBeCloseTo(0.875, 10);
    expect(agreed.agreedWeightsSha256Hex).toBe('aa');
    expect(agreed.flagged).toBe(false);
    expect(agreed.promotedBy).toBe(1);
    const split = strategy.evaluate([
      { nodeId: 'a', weightsSha256Hex: 'aa', metrics: {}, promoted: true, sampleCount: 1 },
      { nodeId: 'b', weightsSha256Hex: 'bb', metrics: {}, promoted: true, sampleCount: 1 },
    ]);
    expect(split.flagged).toBe(true);
    expect(split.agreedWeightsSha256Hex).toBeNull();
  });
});

describe('FedAvg learning-rate schedule', () => {
  it('keeps the configured rate by default and decays it by model round when scheduled', () => {
    const plan = (strategy: FedAvg, modelRound: number, roundSeq = modelRound) => strategy.configureRound({ roundSeq, modelRound, modelKind: 'MODEL_KIND_DOSE_AUTOENCODER', nodes, nowMs: 1_000 }).config.learningRate;
    const constant = new FedAvg({ config, minNodes: 1, roundDurationMs: 1_000 });
    expect([1, 5, 30].map((r) => plan(constant, r))).toEqual([0.01, 0.01, 0.01]);
    const decaying = new FedAvg({ config, minNodes: 1, roundDurationMs: 1_000, learningRateSchedule: { kind: 'exponential', decayPerRound: 0.5, minLearningRate: 0.002 } });
    expect(plan(decaying, 1)).toBeCloseTo(0.01, 12);
    expect(plan(decaying, 2)).toBeCloseTo(0.005, 12);
    expect(plan(decaying, 3)).toBeCloseTo(0.0025, 12);
    expect(plan(decaying, 4)).toBeCloseTo(0.002, 12); // floor
    // The clock is the model round, not the coordinator-wide round sequence (other kinds' rounds interleave).
    expect(plan(decaying, 2, 17)).toBeCloseTo(0.005, 12);
    expect(() => plan(decaying, 0)).toThrow(RangeError);
  });
});

describe('FedProx', () => {
  it('sends its μ to nodes and refuses μ = 0', () => {
    const strategy = new FedProx({ config, minNodes: 1, roundDurationMs: 1_000, mu: 0.01 });
    expect(strategy.configureRound({ roundSeq: 1, modelRound: 1, modelKind: 'MODEL_KIND_ADHERENCE', nodes, nowMs: 0 }).config.fedproxMu).toBe(0.01);
    expect(strategy.name).toBe('fedprox');
    expect(() => new FedProx({ config, minNodes: 1, roundDurationMs: 1_000, mu: 0 })).toThrow(RangeError);
  });
});
