import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { HeartRateModel, type HeartRateDrivers } from './heart-rate.js';

function meanRate(drivers: HeartRateDrivers, minutes = 120): number {
  const model = new HeartRateModel('adult', 40, createRandom('hr'));
  let sum = 0;
  for (let i = 0; i < minutes; i++) {
    const bpm = model.next(drivers);
    if (i >= 30) sum += bpm; // after the approach to the new level
  }
  return sum / (minutes - 30);
}

describe('heart rate', () => {
  const awake: HeartRateDrivers = { minuteOfDay: 600, exerciseIntensity: 0, glucoseMgDl: 120, minutesSinceMeal: Infinity };
  it('is lower asleep, higher in exercise (by the heart-rate reserve) and in hypoglycaemia', () => {
    const rest = meanRate(awake);
    expect(meanRate({ ...awake, minuteOfDay: 180 })).toBeLessThan(rest - 5);
    expect(meanRate({ ...awake, exerciseIntensity: 0.6 })).toBeGreaterThan(rest + 0.5 * (208 - 28 - rest));
    expect(meanRate({ ...awake, glucoseMgDl: 45 })).toBeGreaterThan(rest + 10);
    expect(rest).toBeGreaterThan(50);
    expect(rest).toBeLessThan(90);
  });
});
