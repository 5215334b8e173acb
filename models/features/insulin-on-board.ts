/**
 * Insulin and carbs on board from a command history, with the exponential insulin-activity curve of
 * OpenAPS oref0 (lib/iob/calculate.js, after Dragan Maksimovic) and Loop, parameterised by duration of
 * insulin action (DIA) and peak time. Pure functions over typed inputs, so the gate and training agree.
 */
import type { DoseCommand, PatientProfile } from '../../datasets/records.js';

const MINUTE_MS = 60_000;
/** Temp basals and basal changes are integrated in steps of this many minutes. */
const BASAL_STEP_MINUTES = 5;
/** Carbs absorb linearly over this time (Loop's default "medium" absorption is 3 h). */
export const CARB_ABSORPTION_MINUTES = 180;

/**
 * Fraction of a dose still on board `minutesAgo` after it was given (exponential curve).
 * @returns 1 at 0 min falling to 0 at `actionMinutes`; 1 for future doses.
 */
export function insulinOnBoardFraction(minutesAgo: number, actionMinutes: number, peakMinutes: number): number {
  return insulinOnBoardCurve(actionMinutes, peakMinutes)(minutesAgo);
}

/**
 * The curve of {@link insulinOnBoardFraction} for one DIA and peak, its constants computed once (the
 * same arithmetic, so the same bits): for loops over many doses.
 * @returns minutes ago → fraction still on board.
 */
export function insulinOnBoardCurve(actionMinutes: number, peakMinutes: number): (minutesAgo: number) => number {
  const td = actionMinutes;
  const tp = peakMinutes;
  const tau = (tp * (1 - tp / td)) / (1 - (2 * tp) / td);
  const a = (2 * tau) / td;
  const s = 1 / (1 - a + (1 + a) * Math.exp(-td / tau));
  return (t) => {
    if (t <= 0) return 1;
    if (t >= actionMinutes) return 0;
    return 1 - s * (1 - a) * ((t * t / (tau * td * (1 - a)) - t / tau - 1) * Math.exp(-t / tau) + 1);
  };
}

/** The scheduled basal rate (U/h) of a profile at a minute of the local day. */
export function scheduledBasalUPerHour(profile: PatientProfile, minuteOfDay: number): number {
  let rate = profile.basalSchedule[0]!.rateUPerHour;
  for (const segment of profile.basalSchedule) if (segment.startMinute <= minuteOfDay) rate = segment.rateUPerHour;
  return rate;
}

/** @returns the minute of the local day of `ms` given the site's UTC offset. */
export function minuteOfDay(ms: number, utcOffsetMinutes: number): number {
  const minutes = Math.floor(ms / MINUTE_MS) + utcOffsetMinutes;
  return ((minutes % 1440) + 1440) % 1440;
}

/**
 * Scheduled basal insulin (U) between two times, in 5-minute steps from `fromMs`; `scheduledAt` is the
 * rate (U/h) at a minute of the local day. @returns the running sum of the steps, in order.
 */
export function scheduledInsulin(scheduledAt: (minuteOfDay: number) => number, fromMs: number, toMs: number, utcOffsetMinutes: number): number {
  let total = 0;
  for (let t = fromMs; t < toMs; t += BASAL_STEP_MINUTES * MINUTE_MS) {
    total += (scheduledAt(minuteOfDay(t, utcOffsetMinutes)) * Math.min(BASAL_STEP_MINUTES, (toMs - t) / MINUTE_MS)) / 60;
  }
  return total;
}

/** One insulin amount given at a time, net of the scheduled basal (negative during a suspend). */
export interface NetInsulin {
  atMs: number;
  units: number;
}

/** A basal-rate, temp-basal or suspend command as the rate it sets from its issue until `endMs` at the latest. */
export interface BasalSegment {
  fromMs: number;
  rateUPerHour: number;
  endMs: number;
}

/** @returns the basal segment a command starts, or null for boluses and infusion commands. */
export function basalSegmentOf(command: DoseCommand): BasalSegment | null {
  switch (command.kind) {
    case 'BASAL_RATE':
      return { fromMs: command.issuedAtMs, rateUPerHour: command.units, endMs: Number.POSITIVE_INFINITY };
    case 'TEMP_BASAL':
    case 'SUSPEND':
      return {
        fromMs: command.issuedAtMs,
        rateUPerHour: command.kind === 'SUSPEND' ? 0 : command.units,
        endMs: command.issuedAtMs + (command.durationMinutes > 0 ? command.durationMinutes : command.kind === 'SUSPEND' ? 120 : 30) * MINUTE_MS,
      };
    default:
      return null;
  }
}

/**
 * Emits a basal segment's net insulin (deviation from the schedule) in 5-minute steps from its start
 * until `toMs` or its end, skipping zero steps. `scheduledAt` is the scheduled rate at a minute of the day.
 */
export function basalSegmentSteps(segment: BasalSegment, toMs: number, scheduledAt: (minuteOfDay: number) => number, utcOffsetMinutes: number, emit: (atMs: number, units: number) => void): void {
  const end = Math.min(toMs, segment.endMs);
  for (let t = segment.fromMs; t < end; t += BASAL_STEP_MINUTES * MINUTE_MS) {
    const stepMinutes = Math.min(BASAL_STEP_MINUTES, (end - t) / MINUTE_MS);
    const scheduled = scheduledAt(minuteOfDay(t, utcOffsetMinutes));
    const units = ((segment.rateUPerHour - scheduled) * stepMinutes) / 60;
    if (units !== 0) emit(t, units);
  }
}

/**
 * Turns delivered commands into net insulin amounts: boluses as given; basal-rate, temp-basal and
 * suspend commands as the deviation from the scheduled basal, in 5-minute steps until the next basal
 * command, the temp basal's end, or `untilMs`. Commands must be in issue order.
 * @returns amounts in time order, none after `untilMs`.
 */
export function netInsulinFromCommands(commands: readonly DoseCommand[], profile: PatientProfile, untilMs: number, utcOffsetMinutes = 0): NetInsulin[] {
  const out: NetInsulin[] = [];
  let basal: BasalSegment | null = null;
  const scheduledAt = (minute: number) => scheduledBasalUPerHour(profile, minute);
  const push = (atMs: number, units: number) => out.push({ atMs, units });
  const flush = (toMs: number): void => {
    if (basal === null) return;
    basalSegmentSteps(basal, Math.min(toMs, untilMs), scheduledAt, utcOffsetMinutes, push);
    basal = null;
  };
  for (const command of commands) {
    if (command.issuedAtMs > untilMs) break;
    if (command.kind === 'BOLUS') push(command.issuedAtMs, command.units);
    else {
      const segment = basalSegmentOf(command);
      if (segment === null) continue; // infusion commands are not insulin on an insulin pump
      flush(command.issuedAtMs);
      basal = segment;
    }
  }
  flush(untilMs);
  out.sort((a, b) => a.atMs - b.atMs);
  return out;
}

/**
 * Insulin on board (U) at `nowMs` from net insulin amounts.
 * @returns the sum of each amount times its remaining fraction; can be negative after a suspend.
 */
export function insulinOnBoard(amounts: readonly NetInsulin[], nowMs: number, actionMinutes: number, peakMinutes: number): number {
  const fraction = insulinOnBoardCurve(actionMinutes, peakMinutes);
  let total = 0;
  for (const amount of amounts) {
    const ago = (nowMs - amount.atMs) / MINUTE_MS;
    if (ago < 0 || ago >= actionMinutes) continue;
    total += amount.units * fraction(ago);
  }
  return total;
}

/** Carbs entered (announced) at a time. */
export interface CarbEntry {
  timestampMs: number;
  carbsG: number;
}

/**
 * Carbs on board (g) at `nowMs`, with linear absorption over {@link CARB_ABSORPTION_MINUTES}.
 * @returns grams not yet absorbed; entries in the future count in full.
 */
export function carbsOnBoard(entries: readonly CarbEntry[], nowMs: number): number {
  let total = 0;
  for (const entry of entries) {
    const ago = (nowMs - entry.timestampMs) / MINUTE_MS;
    if (ago >= CARB_ABSORPTION_MINUTES) continue;
    total += entry.carbsG * Math.min(1, 1 - Math.max(0, ago) / CARB_ABSORPTION_MINUTES);
  }
  return total;
}
