import { describe, expect, it } from 'vitest';
import { scheduledLearningRate } from './learning-rate.js';

describe('scheduledLearningRate', () => {
  it('is the base rate in round 1 and decays geometrically to the floor', () => {
    const schedule = { kind: 'exponential', decayPerRound: 0.8, minLearningRate: 0.001 } as const;
    expect(scheduledLearningRate(0.005, schedule, 1)).toBe(0.005);
    expect(scheduledLearningRate(0.005, schedule, 3)).toBeCloseTo(0.005 * 0.64, 12);
    expect(scheduledLearningRate(0.005, schedule, 100)).toBe(0.001);
  });

  it('never raises the rate above the base when the floor is higher than the base', () => {
    expect(scheduledLearningRate(0.0002, { kind: 'exponential', decayPerRound: 0.9, minLearningRate: 0.001 }, 5)).toBe(0.0002);
  });

  it('refuses a model round below 1 and a decay outside (0, 1]', () => {
    expect(() => scheduledLearningRate(0.005, { kind: 'constant' }, 0)).toThrow(RangeError);
    expect(() => scheduledLearningRate(0.005, { kind: 'exponential', decayPerRound: 1.5, minLearningRate: 0 }, 2)).toThrow(RangeError);
  });
});
