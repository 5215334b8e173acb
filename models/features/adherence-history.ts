/**
 * Adherence-history features for one upcoming scheduled dose, from the per-dose outcomes of the last
 * 7/14/28 days (taken, late minutes, missed, timing variance), weekday and time-of-day, streaks, refills
 * and proportion of days covered (PDC); and the two labels the adherence model predicts.
 */
import type { DoseOutcome, Regimen } from '../../datasets/records.js';
import type { FeatureDefinition, FeatureSpec } from './feature-spec.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** PDC below this over a period counts as non-adherent (PQA). */
export const PDC_ADHERENT = 0.8;
const WINDOWS_DAYS = [7, 14, 28] as const;

/** What the adherence features of the next dose may look at. */
export interface AdherenceHistory {
  regimen: Regimen;
  /** Outcomes of scheduled doses before `nextScheduledMs`, in time order (older than 28 days ignored). */
  outcomes: readonly DoseOutcome[];
  /** Times of pillbox REFILL events before `nextScheduledMs`. */
  refillTimesMs: readonly number[];
  /** The dose to predict. */
  nextScheduledMs: number;
  utcOffsetMinutes?: number;
}

function perWindow(): FeatureDefinition[] {
  return WINDOWS_DAYS.flatMap((d) => [
    { name: `taken_rate_${d}d`, humanName: `share of doses taken, last ${d} days`, min: 0, max: 1 },
    { name: `late_rate_${d}d`, humanName: `share of doses taken late, last ${d} days`, min: 0, max: 1 },
    { name: `mean_delay_${d}d`, humanName: `mean delay of taken doses (h), last ${d} days`, min: -24, max: 48 },
    { name: `delay_sd_${d}d`, humanName: `timing variability of taken doses (h), last ${d} days`, min: 0, max: 48 },
  ]);
}

/** The adherence-history feature spec. */
export const ADHERENCE_HISTORY_SPEC: FeatureSpec = {
  id: 'adherence-history',
  version: 1,
  features: [
    ...perWindow(),
    { name: 'history_coverage', humanName: 'how much of the last 28 days has records', min: 0, max: 1 },
    { name: 'same_slot_miss_rate', humanName: 'share of this dose time missed, last 28 days', min: 0, max: 1 },
    { name: 'same_weekday_miss_rate', humanName: 'share of doses missed on this weekday, last 28 days', min: 0, max: 1 },
    { name: 'weekday_sin', humanName: 'day of week (sine)', min: -1, max: 1 },
    { name: 'weekday_cos', humanName: 'day of week (cosine)', min: -1, max: 1 },
    { name: 'is_weekend', humanName: 'dose falls on a weekend', min: 0, max: 1 },
    { name: 'time_of_day_sin', humanName: 'dose time of day (sine)', min: -1, max: 1 },
    { name: 'time_of_day_cos', humanName: 'dose time of day (cosine)', min: -1, max: 1 },
    { name: 'taken_streak', humanName: 'doses taken in a row (up to 4 weeks)', min: 0, max: 1 },
    { name: 'missed_streak', humanName: 'doses missed in a row (up to 4 weeks)', min: 0, max: 1 },
    { name: 'last_missed', humanName: 'the previous dose was missed', min: 0, max: 1 },
    { name: 'last_delay', humanName: 'delay of the previous dose (h)', min: -24, max: 48 },
    { name: 'extra_rate_28d', humanName: 'extra (unscheduled) openings per scheduled dose, last 28 days', min: 0, max: 10 },
    { name: 'days_since_refill', humanName: 'days since the last refill', min: 0, max: 10 },
    { name: 'refills_28d', humanName: 'refills in the last 28 days', min: 0, max: 30 },
    { name: 'pdc_7d', humanName: 'proportion of days covered, last 7 days', min: 0, max: 1 },
    { name: 'pdc_14d', humanName: 'proportion of days covered, last 14 days', min: 0, max: 1 },
    { name: 'pdc_28d', humanName: 'proportion of days covered, last 28 days', min: 0, max: 1 },
    { name: 'missed_rate_3d', humanName: 'share of doses missed, last 3 days', min: 0, max: 1 },
    { name: 'years_on_therapy', humanName: 'time on this regimen (years)', min: 0, max: 100 },
    { name: 'doses_per_day', humanName: 'scheduled doses per day', min: 0, max: 1 },
  ],
};

const taken = (o: DoseOutcome): boolean => o.outcome === 'ON_TIME' || o.outcome === 'LATE';
const localDay = (ms: number, offsetMinutes: number): number => Math.floor((ms + offsetMinutes * MINUTE_MS) / DAY_MS);

/** PDC over outcomes: share of local days with scheduled doses on which every scheduled dose was taken. */
export function proportionOfDaysCovered(outcomes: readonly DoseOutcome[], utcOffsetMinutes = 0): number {
  const days = new Map<number, boolean>();
  for (const o of outcomes) {
    if (o.outcome === 'EXTRA') continue;
    const day = localDay(o.scheduledAtMs, utcOffsetMinutes);
    days.set(day, (days.get(day) ?? true) && taken(o));
  }
  if (days.size === 0) return 1;
  let covered = 0;
  for (const ok of days.values()) if (ok) covered++;
  return covered / days.size;
}

/**
 * Builds the features of the next scheduled dose.
 * @returns raw features in {@link ADHERENCE_HISTORY_SPEC} order (not yet range-checked).
 */
export function adherenceHistoryFeatures(history: AdherenceHistory): Float32Array {
  const offset = history.utcOffsetMinutes ?? 0;
  const now = history.nextScheduledMs;
  const scheduled = history.outcomes.filter((o) => o.outcome !== 'EXTRA' && o.scheduledAtMs < now && now - o.scheduledAtMs <= 28 * DAY_MS);
  const out: number[] = [];
  for (const days of WINDOWS_DAYS) {
    const inWindow = scheduled.filter((o) => now - o.scheduledAtMs <= days * DAY_MS);
    const delays = inWindow.filter(taken).map((o) => (o.delayMinutes ?? 0) / 60);
    const mean = delays.reduce((a, b) => a + b, 0) / Math.max(1, delays.length);
    const sd = Math.sqrt(delays.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, delays.length));
    out.push(
      inWindow.length ? delays.length / inWindow.length : 1,
      inWindow.length ? inWindow.filter((o) => o.outcome === 'LATE').length / inWindow.length : 0,
      mean,
      sd,
    );
  }
  const perDay = history.regimen.doseTimesMinute.length;
  out.push(Math.min(1, scheduled.length / (28 * perDay)));
  const tod = (((Math.floor(now / MINUTE_MS) + offset) % 1440) + 1440) % 1440;
  const sameSlot = scheduled.filter((o) => Math.abs(((((Math.floor(o.scheduledAtMs / MINUTE_MS) + offset) % 1440) + 1440) % 1440) - tod) <= 30);
  out.push(sameSlot.length ? sameSlot.filter((o) => !taken(o)).length / sameSlot.length : 0);
  const weekday = (localDay(now, offset) + 4) % 7; // 1970-01-01 was a Thursday
  const sameWeekday = scheduled.filter((o) => (localDay(o.scheduledAtMs, offset) + 4) % 7 === weekday);
  out.push(sameWeekday.length ? sameWeekday.filter((o) => !taken(o)).length / sameWeekday.length : 0);
  out.push(Math.sin((2 * Math.PI * weekday) / 7), Math.cos((2 * Math.PI * weekday) / 7), weekday === 0 || weekday === 6 ? 1 : 0);
  out.push(Math.sin((2 * Math.PI * tod) / 1440), Math.cos((2 * Math.PI * tod) / 1440));
  let takenStreak = 0;
  let missedStreak = 0;
  for (let i = scheduled.length - 1; i >= 0 && taken(scheduled[i]!); i--) takenStreak++;
  for (let i = scheduled.length - 1; i >= 0 && !taken(scheduled[i]!); i--) missedStreak++;
  const cap = 28 * perDay;
  out.push(Math.min(1, takenStreak / cap), Math.min(1, missedStreak / cap));
  const last = scheduled[scheduled.length - 1];
  out.push(last && !taken(last) ? 1 : 0, last && taken(last) ? (last.delayMinutes ?? 0) / 60 : 0);
  const extras = history.outcomes.filter((o) => o.outcome === 'EXTRA' && o.scheduledAtMs < now && now - o.scheduledAtMs <= 28 * DAY_MS).length;
  out.push(extras / Math.max(1, scheduled.length));
  let lastRefill = Number.NEGATIVE_INFINITY;
  let refills28 = 0;
  for (const t of history.refillTimesMs) {
    if (t >= now) continue;
    lastRefill = Math.max(lastRefill, t);
    if (now - t <= 28 * DAY_MS) refills28++;
  }
  out.push(Math.min(10, (now - Math.max(lastRefill, history.regimen.startMs)) / DAY_MS / 30), refills28);
  out.push(
    proportionOfDaysCovered(scheduled.filter((o) => now - o.scheduledAtMs <= 7 * DAY_MS), offset),
    proportionOfDaysCovered(scheduled.filter((o) => now - o.scheduledAtMs <= 14 * DAY_MS), offset),
    proportionOfDaysCovered(scheduled, offset),
  );
  const recent = scheduled.filter((o) => now - o.scheduledAtMs <= 3 * DAY_MS);
  out.push(
    recent.length ? recent.filter((o) => !taken(o)).length / recent.length : 0,
    Math.max(0, now - history.regimen.startMs) / (365 * DAY_MS),
    perDay / 4,
  );
  return Float32Array.from(out);
}

/** The two targets of the adherence model for one prediction point. */
export interface AdherenceLabels {
  /** The next scheduled dose was missed. */
  missNext: boolean;
  /** PDC over the 7 days from the next dose is below 80%. */
  pdcBelow80Next7Days: boolean;
}

/**
 * Labels of a prediction point from the outcomes at and after `nextScheduledMs`.
 * @returns the labels, or null when the next dose or 7 days of future are not observed.
 */
export function adherenceLabels(future: readonly DoseOutcome[], nextScheduledMs: number, utcOffsetMinutes = 0): AdherenceLabels | null {
  const scheduled = future.filter((o) => o.outcome !== 'EXTRA' && o.scheduledAtMs >= nextScheduledMs);
  const next = scheduled[0];
  if (!next || next.scheduledAtMs !== nextScheduledMs) return null;
  const week = scheduled.filter((o) => o.scheduledAtMs < nextScheduledMs + 7 * DAY_MS);
  const lastSeen = scheduled[scheduled.length - 1]!.scheduledAtMs;
  if (lastSeen < nextScheduledMs + 6 * DAY_MS) return null;
  return { missNext: !taken(next), pdcBelow80Next7Days: proportionOfDaysCovered(week, utcOffsetMinutes) < PDC_ADHERENT };
}
