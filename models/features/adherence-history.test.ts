import { describe, expect, it } from 'vitest';
import type { DoseOutcome, Regimen } from '../../datasets/records.js';
import { adherenceHistoryFeatures, adherenceLabels, ADHERENCE_HISTORY_SPEC, proportionOfDaysCovered } from './adherence-history.js';
import { validateFeatureRow } from './feature-spec.js';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 6); // a Monday
const regimen: Regimen = { patientId: 'p-0000abcd', deviceId: 'box-1', drug: 'metformin', pillMassMg: 500, doseTimesMinute: [480, 1200], startMs: START };

/** Twice-daily outcomes for `days` days; `missed(day, slot)` decides misses. */
function history(days: number, missed: (day: number, slot: number) => boolean): DoseOutcome[] {
  const out: DoseOutcome[] = [];
  for (let d = 0; d < days; d++) {
    for (const [slot, minute] of regimen.doseTimesMinute.entries()) {
      const m = missed(d, slot);
      out.push({ patientId: regimen.patientId, scheduledAtMs: START + d * DAY + minute * 60_000, outcome: m ? 'MISSED' : slot === 1 ? 'LATE' : 'ON_TIME', delayMinutes: m ? null : slot === 1 ? 90 : 0 });
    }
  }
  return out;
}
const value = (row: Float32Array, name: string) => row[ADHERENCE_HISTORY_SPEC.features.findIndex((f) => f.name === name)]!;

describe('adherence history', () => {
  it('computes PDC as the share of days with every scheduled dose taken', () => {
    expect(proportionOfDaysCovered(history(10, (d, s) => d < 3 && s === 1))).toBeCloseTo(0.7, 9);
    expect(proportionOfDaysCovered([])).toBe(1);
  });

  it('builds windowed rates, delays, streaks, weekday and refill features within their ranges', () => {
    const outcomes = history(28, (d) => d >= 26); // the last two days missed
    const row = adherenceHistoryFeatures({ regimen, outcomes, refillTimesMs: [START + 20 * DAY], nextScheduledMs: START + 28 * DAY + 480 * 60_000 });
    validateFeatureRow(ADHERENCE_HISTORY_SPEC, row);
    expect(value(row, 'taken_rate_7d')).toBeCloseTo(10 / 14, 5);
    expect(value(row, 'missed_streak')).toBeCloseTo(4 / 56, 5);
    expect(value(row, 'taken_streak')).toBe(0);
    expect(value(row, 'last_missed')).toBe(1);
    expect(value(row, 'mean_delay_28d')).toBeCloseTo(0.75, 5); // half the taken doses 90 min late
    expect(value(row, 'pdc_7d')).toBeCloseTo(5 / 7, 5);
    expect(value(row, 'days_since_refill')).toBeCloseTo((8 + 8 / 24) / 30, 4);
    expect(value(row, 'is_weekend')).toBe(0); // day 28 is a Monday
  });

  it('labels a missed next dose and a week below 80% PDC, and refuses when the future is not observed', () => {
    const outcomes = history(20, (d) => d >= 10 && d < 13);
    const next = START + 10 * DAY + 480 * 60_000;
    expect(adherenceLabels(outcomes, next)).toEqual({ missNext: true, pdcBelow80Next7Days: true });
    expect(adherenceLabels(outcomes, START + 13 * DAY + 480 * 60_000)).toEqual({ missNext: false, pdcBelow80Next7Days: false });
    expect(adherenceLabels(outcomes, START + 18 * DAY + 480 * 60_000)).toBeNull();
  });
});
