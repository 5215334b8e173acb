import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auroc, averagePrecision, bootstrap, calibrationErrorFromBins, detectionAtFalseAlarmRate, expectedCalibrationError, percentile, prCurve, reliabilityBins, rocCurve, summarize, trapezoidArea } from './index.js';

describe('ROC', () => {
  it('groups tied scores into one point, so AUROC with ties is 0.5 per tied pair', () => {
    const roc = rocCurve([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0]);
    expect(roc.falsePositiveRate).toEqual([0, 1]);
    expect(roc.truePositiveRate).toEqual([0, 1]);
    expect(trapezoidArea(roc.falsePositiveRate, roc.truePositiveRate)).toBe(0.5);
    expect(auroc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
  });

  it('trapezoid area of the curve equals the Mann–Whitney AUROC on any data with ties', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 60 }), (rows) => {
        const scores = rows.map((r) => r[0]);
        const labels = rows.map((r) => r[1]);
        const mw = auroc(scores, labels);
        const roc = rocCurve(scores, labels);
        if (Number.isNaN(mw)) return;
        expect(trapezoidArea(roc.falsePositiveRate, roc.truePositiveRate)).toBeCloseTo(mw, 10);
        for (let i = 1; i < roc.falsePositiveRate.length; i++) expect(roc.falsePositiveRate[i]!).toBeGreaterThanOrEqual(roc.falsePositiveRate[i - 1]!);
      }),
    );
  });

  it('ignores NaN scores', () => {
    expect(rocCurve([Number.NaN, 0.9, 0.1], [1, 1, 0]).positives).toBe(1);
  });
});

describe('precision–recall', () => {
  it('perfect ranking has AP 1; the curve starts at recall 0', () => {
    expect(averagePrecision([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
    const pr = prCurve([0.9, 0.8, 0.2, 0.1], [1, 0, 1, 0]);
    expect(pr.recall[0]).toBe(0);
    expect(pr.prevalence).toBe(0.5);
    // AP = 0.5·1 + 0.5·(2/3)
    expect(averagePrecision([0.9, 0.8, 0.2, 0.1], [1, 0, 1, 0])).toBeCloseTo(0.5 + 1 / 3, 12);
    expect(averagePrecision([0.1, 0.2], [0, 0])).toBeNaN();
  });
});

describe('operating point', () => {
  it('picks the lowest threshold within the false-alarm budget', () => {
    const scores = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1];
    const point = detectionAtFalseAlarmRate(scores, labels, 0.1);
    expect(point.falseAlarmRate).toBe(0.1);
    expect(point.threshold).toBe(10);
    expect(point.detectionRate).toBe(1);
    expect(detectionAtFalseAlarmRate(scores, labels, 0).detectionRate).toBe(0.5);
    expect(() => detectionAtFalseAlarmRate(scores, labels, 2)).toThrow(RangeError);
  });
});

describe('calibration', () => {
  it('reliability bins reproduce models ECE and put p = 1 in the last bin', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 80 }), (rows) => {
        const p = rows.map((r) => r[0]);
        const y = rows.map((r) => r[1]);
        expect(calibrationErrorFromBins(reliabilityBins(p, y))).toBeCloseTo(expectedCalibrationError(p, y), 10);
      }),
    );
    const bins = reliabilityBins([1, 0, 0.05], [1, 0, 0]);
    expect(bins[9]!.count).toBe(1);
    expect(bins[0]!.count).toBe(2);
    expect(bins[5]!.meanPredicted).toBeNaN();
  });
});

describe('bootstrap and percentiles', () => {
  it('is seeded: the same seed gives the same interval, which contains the estimate', () => {
    const values = Array.from({ length: 200 }, (_, i) => Math.sin(i) * 10);
    const mean = (idx: Int32Array) => idx.reduce((s, i) => s + values[i]!, 0) / idx.length;
    const a = bootstrap(values.length, mean, { seed: 7, resamples: 300 });
    expect(bootstrap(values.length, mean, { seed: 7, resamples: 300 })).toEqual(a);
    expect(bootstrap(values.length, mean, { seed: 8, resamples: 300 }).lower).not.toBe(a.lower);
    expect(a.lower).toBeLessThan(a.value);
    expect(a.upper).toBeGreaterThan(a.value);
  });

  it('percentiles interpolate and skip NaN', () => {
    expect(percentile([1, 2, 3, 4, Number.NaN], 50)).toBe(2.5);
    const s = summarize([5, 1, 3]);
    expect([s.min, s.p50, s.max, s.count, s.mean]).toEqual([1, 3, 5, 3, 3]);
    expect(summarize([]).p99).toBeNaN();
  });
});
