import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../datasets/random.js';
import { calibrate, fitIsotonic, fitPlatt } from './calibration.js';
import { auroc, bootstrap, expectedCalibrationError, quantile } from './metrics.js';

/** Outcomes drawn from true probabilities, reported through a distortion (over-confident). */
function distorted(n: number, seed: string): { reported: number[]; labels: number[] } {
  const random = createRandom(seed);
  const reported: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = random.uniform(0.05, 0.95);
    labels.push(random.bernoulli(p) ? 1 : 0);
    reported.push(p ** 3 / (p ** 3 + (1 - p) ** 3));
  }
  return { reported, labels };
}

describe('metrics', () => {
  it('AUROC: 1 for a perfect ranking, 0.5 for ties, NaN with one class', () => {
    expect(auroc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(auroc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(auroc([0.3, 0.1, 0.2], [1, 0, 0])).toBe(1);
    expect(auroc([0.1, 0.2], [1, 1])).toBeNaN();
  });

  it('quantile interpolates; bootstrap brackets the estimate', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    const values = Array.from({ length: 200 }, (_, i) => i % 7);
    const e = bootstrap(values.length, (ix) => Array.from(ix, (i) => values[i]!).reduce((a, b) => a + b, 0) / ix.length, { resamples: 200 });
    expect(e.lower).toBeLessThan(e.value);
    expect(e.upper).toBeGreaterThan(e.value);
  });
});

describe('calibration', () => {
  it('Platt and isotonic both cut the calibration error of a distorted model on new data', () => {
    const fit = distorted(4000, 'fit');
    const test = distorted(4000, 'test');
    const before = expectedCalibrationError(test.reported, test.labels);
    for (const calibrator of [fitPlatt(fit.reported, fit.labels), fitIsotonic(fit.reported, fit.labels)]) {
      const after = expectedCalibrationError(test.reported.map((p) => calibrate(calibrator, p)), test.labels);
      expect(after).toBeLessThan(before / 2);
      expect(after).toBeLessThan(0.04);
    }
  });

  it('calibrated probabilities stay in [0, 1] and keep the ranking (monotone)', () => {
    const fit = distorted(500, 'mono');
    for (const calibrator of [fitPlatt(fit.reported, fit.labels), fitIsotonic(fit.reported, fit.labels)]) {
      fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const cl = calibrate(calibrator, lo);
        expect(cl).toBeGreaterThanOrEqual(0);
        expect(calibrate(calibrator, hi)).toBeLessThanOrEqual(1);
        expect(calibrate(calibrator, hi)).toBeGreaterThanOrEqual(cl - 1e-9);
      }));
    }
  });
});
