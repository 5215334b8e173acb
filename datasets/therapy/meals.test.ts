import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { MEAL_SLOT_WINDOW_HOURS, exerciseModifiers, planExercise, planMeals } from './meals.js';
import { insulinActiveFraction } from './insulin-on-board.js';

describe('meal scenarios', () => {
  it('follow the six-slot distribution: slot probabilities, windows, amounts; deterministic per seed', () => {
    const random = createRandom('meals');
    const days = 4000;
    const perSlot = [0, 0, 0, 0, 0, 0];
    const gramsPerSlot = [0, 0, 0, 0, 0, 0];
    let missedMain = 0, mainMeals = 0;
    for (let d = 0; d < days; d++) {
      for (const meal of planMeals(random, 'adult')) {
        perSlot[meal.slot]!++;
        gramsPerSlot[meal.slot]! += meal.carbsG;
        const [low, high] = MEAL_SLOT_WINDOW_HOURS[meal.slot]!;
        expect(meal.minuteOfDay).toBeGreaterThanOrEqual(low * 60);
        expect(meal.minuteOfDay).toBeLessThanOrEqual(high * 60);
        if (meal.slot % 2 === 0) { mainMeals++; if (meal.bolus === 'missed') missedMain++; }
      }
    }
    [0.95, 0.3, 0.95, 0.3, 0.95, 0.3].forEach((p, slot) => expect(Math.abs(perSlot[slot]! / days - p)).toBeLessThan(0.03));
    [45, 10, 70, 10, 80, 10].forEach((g, slot) => expect(Math.abs(gramsPerSlot[slot]! / perSlot[slot]! - g)).toBeLessThan(1));
    expect(Math.abs(missedMain / mainMeals - 0.05)).toBeLessThan(0.015);
    expect(planMeals(createRandom(9), 'child')).toEqual(planMeals(createRandom(9), 'child'));
  });

  it('exercise days happen at the configured rate and raise utilisation during and after the session', () => {
    const random = createRandom('exercise');
    let count = 0;
    for (let d = 0; d < 2000; d++) if (planExercise(random)) count++;
    expect(Math.abs(count / 2000 - 0.3)).toBeLessThan(0.03);
    const session = { minuteOfDay: 960, durationMinutes: 45, intensity: 0.5 };
    expect(exerciseModifiers(session, -1)).toEqual({ insulinIndependent: 1, insulinSensitivity: 1 });
    expect(exerciseModifiers(session, 10).insulinIndependent).toBeCloseTo(3.5);
    expect(exerciseModifiers(session, 120).insulinSensitivity).toBeGreaterThan(1);
    expect(exerciseModifiers(session, 2000).insulinSensitivity).toBeCloseTo(1, 3);
  });
});

describe('insulin on board curve', () => {
  it('falls monotonically from 1 to 0 over the action time, with about a third left at 2.5 h (oref0, 6 h / 75 min: 0.315)', () => {
    let previous = 1;
    for (let t = 0; t <= 360; t += 5) {
      const fraction = insulinActiveFraction(t, 360, 75);
      expect(fraction).toBeLessThanOrEqual(previous + 1e-12);
      previous = fraction;
    }
    expect(insulinActiveFraction(360, 360, 75)).toBe(0);
    expect(insulinActiveFraction(150, 360, 75)).toBeCloseTo(0.315, 2);
    expect(insulinActiveFraction(60, 360, 75)).toBeGreaterThan(0.75);
  });
});
