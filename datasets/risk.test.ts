import { describe, expect, it } from 'vitest';
import { bloodGlucoseIndices, kovatchevF, kovatchevRisk, timeInRange } from './risk.js';

describe('glycaemic risk', () => {
  it('has its symmetry point near 112.5 mg/dL and the published risk values', () => {
    expect(Math.abs(kovatchevF(112.5))).toBeLessThan(0.01);
    expect(kovatchevRisk(70)).toBeGreaterThan(5);
    expect(kovatchevRisk(400)).toBeGreaterThan(40);
    expect(() => kovatchevF(0)).toThrow(RangeError);
  });

  it('splits LBGI and HBGI and computes time in range bands', () => {
    const { lbgi, hbgi } = bloodGlucoseIndices([50, 112.5, 300]);
    expect(lbgi).toBeCloseTo(kovatchevRisk(50) / 3, 6);
    expect(hbgi).toBeCloseTo((kovatchevRisk(300) + kovatchevRisk(112.5)) / 3, 4);
    expect(timeInRange([50, 60, 100, 200, 300])).toEqual({ veryLow: 0.2, low: 0.2, inRange: 0.2, high: 0.2, veryHigh: 0.2 });
  });
});
