/**
 * Heart rate from rest, sleep, meals, exercise and hypoglycaemia: resting rate by age, lower in sleep,
 * first-order kinetics towards rest + intensity × heart-rate reserve (HRmax = 208 − 0.7·age, Tanaka
 * 2001), a sympathetic rise below 70 mg/dL, and AR(1) beat-to-beat variability.
 */
import type { AgeGroup } from '../records.js';
import type { Random } from '../random.js';

const RESTING_BPM: Record<AgeGroup, number> = { child: 88, adolescent: 76, adult: 68 };
/** Sleep from 23:00 to 06:30 lowers the rate by this much. */
const SLEEP_DROP_BPM = 9;
/** Hypoglycaemia raises the rate by this much per mg/dL below 70, up to {@link HYPO_MAX_RISE_BPM}. */
const HYPO_BPM_PER_MG_DL = 0.6;
const HYPO_MAX_RISE_BPM = 25;

/** What drives the heart rate at one minute. */
export interface HeartRateDrivers {
  minuteOfDay: number;
  /** Exercise intensity as a fraction of heart-rate reserve (0 = none). */
  exerciseIntensity: number;
  /** Plasma glucose (mg/dL). */
  glucoseMgDl: number;
  /** Minutes since the start of the last meal (Infinity if none). */
  minutesSinceMeal: number;
}

/** A per-patient heart-rate generator. */
export class HeartRateModel {
  private readonly restingBpm: number;
  private readonly maxBpm: number;
  private readonly random: Random;
  private bpm: number;
  private noise = 0;

  constructor(ageGroup: AgeGroup, ageYears: number, random: Random) {
    this.random = random;
    this.restingBpm = RESTING_BPM[ageGroup] + random.normal(0, 5);
    this.maxBpm = 208 - 0.7 * ageYears;
    this.bpm = this.restingBpm;
  }

  /** @returns the heart rate (beats/min) for this minute; call once per minute in order. */
  next(drivers: HeartRateDrivers): number {
    const asleep = drivers.minuteOfDay >= 23 * 60 || drivers.minuteOfDay < 6 * 60 + 30;
    let target = this.restingBpm - (asleep && drivers.exerciseIntensity === 0 ? SLEEP_DROP_BPM : 0);
    if (drivers.exerciseIntensity > 0) target += drivers.exerciseIntensity * (this.maxBpm - this.restingBpm);
    if (drivers.minutesSinceMeal < 90) target += 5 * Math.exp(-drivers.minutesSinceMeal / 45); // postprandial rise
    if (drivers.glucoseMgDl < 70) target += Math.min(HYPO_MAX_RISE_BPM, (70 - drivers.glucoseMgDl) * HYPO_BPM_PER_MG_DL);
    // The heart speeds up within a minute or two and recovers more slowly.
    const rate = target > this.bpm ? 0.5 : 0.2;
    this.bpm += (target - this.bpm) * rate;
    this.noise = 0.85 * this.noise + this.random.normal(0, 1.5);
    return Math.max(35, Math.round(this.bpm + this.noise));
  }
}
