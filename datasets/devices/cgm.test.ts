import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { CgmSensor, applyCgmFault, loadSensorParams } from './cgm.js';
import { NOISE_KNOT_MINUTES, createCgmNoise, theoreticalNoiseMoments } from './cgm-noise.js';

const sensors = loadSensorParams();
const dexcom = sensors.get('Dexcom')!;

describe('CGM noise (Johnson SU AR(1))', () => {
  it('matches the theoretical mean, SD and 15-minute autocorrelation', () => {
    // Arrange: many independent 1-day streams, sampled at the 15-minute knots.
    const expected = theoreticalNoiseMoments(dexcom);
    const values: number[] = [];
    const pairs: [number, number][] = [];
    for (let stream = 0; stream < 400; stream++) {
      const noise = createCgmNoise(dexcom, createRandom(`noise-${stream}`));
      let previous: number | null = null;
      for (let knot = 0; knot < 96; knot++) {
        const value = noise.at(knot * NOISE_KNOT_MINUTES);
        if (knot >= 5) { // skip the start-up transient (e starts at N(0,1))
          values.push(value);
          if (previous !== null) pairs.push([previous, value]);
        }
        previous = value;
      }
    }
    // Act
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    const lag1 = pairs.reduce((a, [x, y]) => a + (x - mean) * (y - mean), 0) / pairs.length / (sd * sd);
    console.log(`CGM noise: mean ${mean.toFixed(2)} (theory ${expected.mean.toFixed(2)}), SD ${sd.toFixed(2)} (${expected.sd.toFixed(2)}), lag-15 autocorrelation ${lag1.toFixed(3)} (${expected.lag1Correlation.toFixed(3)})`);
    // Assert
    expect(Math.abs(mean - expected.mean)).toBeLessThan(0.08 * expected.sd);
    expect(Math.abs(sd / expected.sd - 1)).toBeLessThan(0.06);
    expect(Math.abs(lag1 - expected.lag1Correlation)).toBeLessThan(0.04);
  });

  it('is smooth between knots (cubic interpolation) and rejects going back in time', () => {
    const noise = createCgmNoise(dexcom, createRandom('smooth'));
    let previous = noise.at(0);
    for (let minute = 1; minute < 600; minute++) {
      const value = noise.at(minute);
      expect(Math.abs(value - previous)).toBeLessThan(12);
      previous = value;
    }
    expect(() => noise.at(10)).toThrow(RangeError);
  });
});

describe('CGM sensor', () => {
  const start = Date.UTC(2025, 0, 1);
  it('reports on its sample time only, clipped to its range', () => {
    const sensor = new CgmSensor(dexcom, createRandom('s'), start);
    const readings = [];
    for (let minute = 0; minute < 60; minute++) readings.push(sensor.sample(start + minute * 60_000, minute < 30 ? 1000 : 10));
    const reported = readings.filter((r) => r !== undefined);
    expect(reported).toHaveLength(60 / dexcom.sampleTimeMinutes);
    expect(reported.slice(0, 5).every((r) => r === dexcom.maxMgDl)).toBe(true);
    expect(reported.slice(-5).every((r) => r === dexcom.minMgDl)).toBe(true);
  });

  it('applies dropout, drift, compression low and stuck faults', () => {
    const f = { startMs: 0, endMs: 3_600_000 };
    expect(applyCgmFault({ kind: 'dropout', ...f }, 10, 120, 110)).toBeNull();
    expect(applyCgmFault({ kind: 'drift', ...f, mgDlPerHour: 20 }, 1_800_000, 120, 110)).toBeCloseTo(130);
    expect(applyCgmFault({ kind: 'compression-low', ...f, depthMgDl: 50 }, 1_800_000, 120, 110)).toBeCloseTo(70);
    expect(applyCgmFault({ kind: 'stuck', ...f }, 10, 120, 110)).toBe(110);
    expect(applyCgmFault({ kind: 'stuck', ...f }, 3_600_000, 120, 110)).toBe(120); // over at endMs
    const sensor = new CgmSensor(dexcom, createRandom('stuck'), start, [{ kind: 'stuck', startMs: start + 30 * 60_000, endMs: start + 90 * 60_000 }]);
    const values: number[] = [];
    for (let minute = 0; minute < 90; minute += 3) values.push(sensor.sample(start + minute * 60_000, 100 + minute) as number);
    expect(new Set(values.slice(10)).size).toBe(1);
  });
});
