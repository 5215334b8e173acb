/**
 * The dosing schedule of a regimen and the window each dose may be taken in. The simulator and
 * {@link matchDosesToSchedule} share these definitions, so ground truth and reconstruction agree on
 * what "on time", "late" and "missed" mean.
 */
import type { Regimen } from '../records.js';

const MINUTE_MS = 60_000;
/** Day length; regimen days start at `regimen.startMs` (local midnight of the first day). */
export const DAY_MS = 86_400_000;
/** A dose taken within this many minutes of its time (either side) is on time. */
export const ON_TIME_MINUTES = 60;
/** The earliest a dose counts for its slot: 2 h before, or half the gap to the previous dose if shorter. */
export const MAX_EARLY_MINUTES = 120;
/** The latest a dose counts for its slot: 6 h after, or half the gap to the next dose if shorter. */
export const MAX_LATE_MINUTES = 360;

/** One scheduled dose with its acceptance window. */
export interface ScheduledDose {
  scheduledAtMs: number;
  /** Index of the regimen day (0 = the day of `startMs`). */
  dayIndex: number;
  /** Index of the dose within its day (0 = first). */
  slot: number;
  windowStartMs: number;
  windowEndMs: number;
}

/** @returns minutes before and after each daily dose time that still count for it. */
export function doseWindowsMinutes(doseTimesMinute: readonly number[]): { before: number; after: number }[] {
  const times = [...doseTimesMinute].sort((a, b) => a - b);
  return times.map((time, i) => {
    const previous = i > 0 ? times[i - 1]! : times[times.length - 1]! - 1440;
    const next = i < times.length - 1 ? times[i + 1]! : times[0]! + 1440;
    // Half gaps never overlap, so one removal can belong to at most one dose window; 1440 for once-daily.
    const gapBefore = time - previous || 1440;
    const gapAfter = next - time || 1440;
    return { before: Math.min(MAX_EARLY_MINUTES, Math.floor(gapBefore / 2)), after: Math.min(MAX_LATE_MINUTES, Math.floor(gapAfter / 2) - 1) };
  });
}

/** @returns the scheduled doses of regimen days `[firstDay, lastDay]` in time order. */
export function scheduledDoses(regimen: Pick<Regimen, 'doseTimesMinute' | 'startMs'>, firstDay: number, lastDay: number): ScheduledDose[] {
  const times = [...regimen.doseTimesMinute].sort((a, b) => a - b);
  const windows = doseWindowsMinutes(times);
  const doses: ScheduledDose[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    times.forEach((minute, slot) => {
      const scheduledAtMs = regimen.startMs + day * DAY_MS + minute * MINUTE_MS;
      const window = windows[slot]!;
      doses.push({ scheduledAtMs, dayIndex: day, slot, windowStartMs: scheduledAtMs - window.before * MINUTE_MS, windowEndMs: scheduledAtMs + window.after * MINUTE_MS });
    });
  }
  return doses;
}

/** @returns whole minutes from the scheduled time to `takenAtMs` (negative = early), rounded. */
export function delayMinutes(scheduledAtMs: number, takenAtMs: number): number {
  return Math.round((takenAtMs - scheduledAtMs) / MINUTE_MS);
}

/** @returns ON_TIME when within ±{@link ON_TIME_MINUTES}, else LATE (a taken dose in its window). */
export function takenOutcome(delay: number): 'ON_TIME' | 'LATE' {
  return Math.abs(delay) <= ON_TIME_MINUTES ? 'ON_TIME' : 'LATE';
}
