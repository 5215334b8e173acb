import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addGaussianNoise, applyDelta, clipToNorm, difference, l2Norm, weightedAverage } from './update-math.js';
import { gaussianEpsilon } from './rdp-accountant.js';

const vector = fc.array(fc.float({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 64 }).map((a) => Float32Array.from(a));

describe('update math', () => {
  it('clips to the norm and never scales up', () => {
    fc.assert(
      fc.property(vector, fc.double({ min: 0.01, max: 20, noNaN: true }), (update, maxNorm) => {
        const { clipped, normBefore } = clipToNorm(update, maxNorm);
        expect(l2Norm(clipped)).toBeLessThanOrEqual(maxNorm * (1 + 1e-5) + 1e-6);
        if (normBefore <= maxNorm) expect(Array.from(clipped)).toEqual(Array.from(update));
      }),
    );
  });

  it('difference then applyDelta returns the local weights', () => {
    const global = Float32Array.from([1, 2, 3]);
    const local = Float32Array.from([1.5, 1, 3.25]);
    expect(Array.from(applyDelta(global, difference(local, global)))).toEqual([1.5, 1, 3.25]);
  });

  it('weights the average by sample weight', () => {
    const avg = weightedAverage([
      { update: Float32Array.from([1, 0]), sampleWeight: 3 },
      { update: Float32Array.from([0, 1]), sampleWeight: 1 },
    ]);
    expect(Array.from(avg)).toEqual([0.75, 0.25]);
  });

  it('refuses empty input, mismatched lengths and zero total weight', () => {
    expect(() => weightedAverage([])).toThrow(RangeError);
    expect(() => weightedAverage([{ update: new Float32Array(2), sampleWeight: 1 }, { update: new Float32Array(3), sampleWeight: 1 }])).toThrow(RangeError);
    expect(() => weightedAverage([{ update: new Float32Array(2), sampleWeight: 0 }])).toThrow(RangeError);
  });

  it('adds noise with the right scale', () => {
    let state = 1;
    const normal = () => {
      // Box-Muller over a small LCG: deterministic, good enough for a scale check.
      const u = ((state = (state * 48271) % 2147483647) / 2147483647) || 1e-12;
      const v = (state = (state * 48271) % 2147483647) / 2147483647;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    };
    const noisy = addGaussianNoise(new Float32Array(20_000), 0.5, 2, normal);
    const sd = Math.sqrt(noisy.reduce((s, x) => s + x * x, 0) / noisy.length);
    expect(sd).toBeGreaterThan(0.95);
    expect(sd).toBeLessThan(1.05);
  });
});

describe('RDP accountant', () => {
  it('grows with rounds and shrinks with noise', () => {
    const few = gaussianEpsilon(1.1, 10, 1e-5).epsilon;
    const many = gaussianEpsilon(1.1, 100, 1e-5).epsilon;
    const noisier = gaussianEpsilon(2.2, 100, 1e-5).epsilon;
    expect(many).toBeGreaterThan(few);
    expect(noisier).toBeLessThan(many);
  });

  it('matches the closed form for one round of σ = 1 at δ = 1e-5', () => {
    // min over the α grid of α/2 + ln(1e5)/(α − 1); the continuous optimum is ≈ 5.30 at α ≈ 5.8.
    const { epsilon } = gaussianEpsilon(1, 1, 1e-5);
    expect(epsilon).toBeGreaterThan(5.29);
    expect(epsilon).toBeLessThan(5.4);
  });

  it('refuses a zero noise multiplier', () => {
    expect(() => gaussianEpsilon(0, 1, 1e-5)).toThrow(RangeError);
  });
});
