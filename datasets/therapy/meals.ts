/**
 * Daily meal scenarios (the six-slot distribution the peer's random scenario publishes), the patient's
 * bolus behaviour per meal (on time, late, missed; carb-count error) and exercise days.
 */
import type { AgeGroup } from '../records.js';
import type { Random } from '../random.js';

/** Probability that each of the six daily slots has a meal. */
export const MEAL_SLOT_PROBABILITY = [0.95, 0.3, 0.95, 0.3, 0.95, 0.3] as const;
/** Mean meal time per slot (hours after midnight). */
export const MEAL_SLOT_MEAN_HOUR = [7, 9.5, 12, 15, 18, 21.5] as const;
/** SD of each slot's meal time (minutes). */
export const MEAL_SLOT_SD_MINUTES = [60, 30, 60, 30, 60, 30] as const;
/** Window each slot's time is truncated to (hours). */
export const MEAL_SLOT_WINDOW_HOURS = [[5, 9], [9, 10], [10, 14], [14, 16], [16, 20], [20, 23]] as const;
/** Mean carbohydrate amount per slot (g). */
export const MEAL_SLOT_MEAN_G = [45, 10, 70, 10, 80, 10] as const;
/** SD of each slot's carbohydrate amount (g). */
export const MEAL_SLOT_SD_G = [10, 5, 10, 5, 10, 5] as const;

/** How the patient handles the bolus for one meal. */
export type BolusBehaviour = 'on-time' | 'late' | 'missed';

/** One planned meal of a day. */
export interface PlannedMeal {
  /** Minute after local midnight the patient starts eating. */
  minuteOfDay: number;
  /** Grams actually eaten. */
  carbsG: number;
  /** Grams the patient counts for the bolus (counting error of about 15%). */
  announcedCarbsG: number;
  /** 0..5: breakfast, snack, lunch, snack, dinner, snack. */
  slot: number;
  bolus: BolusBehaviour;
  /** Minutes after the meal start a late bolus comes (0 for on-time). */
  bolusDelayMinutes: number;
}

/** A planned exercise session. */
export interface PlannedExercise {
  minuteOfDay: number;
  durationMinutes: number;
  /** Fraction of heart-rate reserve, 0.3 (light) to 0.8 (vigorous). */
  intensity: number;
}

/** Tunable behaviour rates of {@link planMeals} and {@link planExercise}. */
export interface BehaviourOptions {
  /** Probability a main meal's bolus is missed (default by age group: child 0.06, adolescent 0.15, adult 0.05). */
  missedBolusProbability?: number;
  /** Probability a bolus is given 15–60 min late (default 0.1). */
  lateBolusProbability?: number;
  /** Probability a snack (slots 1, 3, 5) gets no bolus at all (default 0.5: small snacks often go unbolused). */
  unbolusedSnackProbability?: number;
  /** Probability of an exercise session on a day (default 0.3). */
  exerciseDayProbability?: number;
}

const MISSED_BY_AGE: Record<AgeGroup, number> = { child: 0.06, adolescent: 0.15, adult: 0.05 };

/** A normal draw truncated to [low, high] by rejection (falls back to clamping after 100 tries). */
function truncatedNormal(random: Random, mean: number, sd: number, low: number, high: number): number {
  for (let i = 0; i < 100; i++) {
    const value = random.normal(mean, sd);
    if (value >= low && value <= high) return value;
  }
  return Math.min(high, Math.max(low, mean));
}

/**
 * Draws one day's meals in time order.
 * @returns 0–6 meals; deterministic for a given `random`.
 */
export function planMeals(random: Random, ageGroup: AgeGroup, options: BehaviourOptions = {}): PlannedMeal[] {
  const meals: PlannedMeal[] = [];
  for (let slot = 0; slot < 6; slot++) {
    if (!random.bernoulli(MEAL_SLOT_PROBABILITY[slot]!)) continue;
    const [lowHour, highHour] = MEAL_SLOT_WINDOW_HOURS[slot]!;
    const minuteOfDay = Math.round(truncatedNormal(random, MEAL_SLOT_MEAN_HOUR[slot]! * 60, MEAL_SLOT_SD_MINUTES[slot]!, lowHour * 60, highHour * 60));
    const carbsG = Math.max(1, Math.round(random.normal(MEAL_SLOT_MEAN_G[slot]!, MEAL_SLOT_SD_G[slot]!)));
    const announcedCarbsG = Math.max(1, Math.round(carbsG * Math.max(0.5, random.normal(1, 0.15))));
    const snack = slot % 2 === 1;
    let bolus: BolusBehaviour = 'on-time';
    let bolusDelayMinutes = 0;
    if (snack && random.bernoulli(options.unbolusedSnackProbability ?? 0.5)) bolus = 'missed';
    else if (random.bernoulli(options.missedBolusProbability ?? MISSED_BY_AGE[ageGroup])) bolus = 'missed';
    else if (random.bernoulli(options.lateBolusProbability ?? 0.1)) {
      bolus = 'late';
      bolusDelayMinutes = random.int(15, 60);
    }
    meals.push({ minuteOfDay, carbsG, announcedCarbsG, slot, bolus, bolusDelayMinutes });
  }
  return meals.sort((a, b) => a.minuteOfDay - b.minuteOfDay);
}

/**
 * Draws whether the day has an exercise session (afternoon or early evening, 30–75 min).
 * @returns the session or null.
 */
export function planExercise(random: Random, options: BehaviourOptions = {}): PlannedExercise | null {
  if (!random.bernoulli(options.exerciseDayProbability ?? 0.3)) return null;
  return {
    minuteOfDay: random.int(15 * 60, 19 * 60),
    durationMinutes: random.int(30, 75),
    intensity: Number(random.uniform(0.3, 0.8).toFixed(2)),
  };
}

/**
 * Exercise as an approximation on the UVA/Padova utilisation terms. At basal insulin the model's insulin
 * action X is zero and basal uptake lives in Vm0, so the session scales Vm0 (muscle uptake, insulin-
 * independent and basal-insulin-mediated: × (1 + 5·intensity)) and Vmx (insulin sensitivity:
 * × (1 + 1.5·intensity)); afterwards both stay raised and decay with a 3 h time constant (post-exercise
 * sensitivity). Calibrated to ~1 mg/dL/min at moderate intensity on basal insulin (Riddell et al.,
 * Lancet Diabetes Endocrinol 2017 report drops of this order for aerobic exercise).
 * @returns the multipliers for `minutesSinceStart` (negative = before the session).
 */
export function exerciseModifiers(exercise: PlannedExercise, minutesSinceStart: number): { insulinIndependent: number; insulinSensitivity: number } {
  if (minutesSinceStart < 0) return { insulinIndependent: 1, insulinSensitivity: 1 };
  if (minutesSinceStart < exercise.durationMinutes) {
    return { insulinIndependent: 1 + 5 * exercise.intensity, insulinSensitivity: 1 + 1.5 * exercise.intensity };
  }
  const decay = Math.exp(-(minutesSinceStart - exercise.durationMinutes) / 180);
  return { insulinIndependent: 1 + 0.4 * exercise.intensity * decay, insulinSensitivity: 1 + exercise.intensity * decay };
}
