/**
 * The insulin side of a patient's dose context, maintained as commands are added instead of rebuilt
 * from the whole command history for every command: boluses, and basal commands already expanded into
 * their 5-minute net-insulin steps (the same steps {@link netInsulinFromCommands} makes, by the same
 * function). Only the newest basal command's segment stays open; it is expanded up to "now" at query.
 *
 * A query walks only the last 24 h (or the insulin action time if longer) of amounts, in the order the
 * from-scratch computation sums them, so it gives the same numbers bit for bit (the property test in
 * insulin-history.test.ts checks every feature against buildDoseContext over the plain arrays).
 */
import type { DoseCommand, PatientProfile } from '../../datasets/records.js';
import { basalSegmentOf, basalSegmentSteps, insulinOnBoardCurve, minuteOfDay, scheduledBasalUPerHour, scheduledInsulin, type BasalSegment } from './insulin-on-board.js';

const MINUTE_MS = 60_000;
const DAY_MS = 1440 * MINUTE_MS;
const STEP_MS = 5 * MINUTE_MS;
const STEPS_PER_DAY = DAY_MS / STEP_MS;

/** What {@link InsulinHistory.summarise} returns: the insulin and bolus features of a dose context. */
export interface InsulinSummary {
  insulinOnBoardU: number;
  /** Net insulin (deviation from the schedule, plus boluses) since `dayAgoMs` and since `dayStartMs`. */
  netLast24hU: number;
  netTodayU: number;
  bolusesLast1h: number;
  bolusesLast3h: number;
  bolusesLast24h: number;
  /** Bolus insulin issued in the last 30 min, U. */
  bolusLast30MinU: number;
  lastBolusMs: number | null;
}

/** @returns the first index of the ascending `times` whose value is ≥ `t`. */
function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Mirrors one time-ordered command list (owned by a PatientStateTracker): `append` for a command added at
 * the end, `dropFirst` for the first command pruned, `rebuild` after an insertion anywhere else.
 */
export class InsulinHistory {
  readonly profile: PatientProfile;
  readonly utcOffsetMinutes: number;
  /** The live list this mirrors: a state whose `commands` is another array cannot use this history. */
  readonly commands: readonly DoseCommand[];
  /** Scheduled basal rate (U/h) per minute of the local day: scheduledBasalUPerHour without the segment scan. */
  readonly #scheduled = new Float64Array(1440);
  readonly #scheduledAt = (minute: number): number => this.#scheduled[minute] ?? scheduledBasalUPerHour(this.profile, minute);
  /** Boluses in command order (= time order). */
  readonly #bolusAtMs: number[] = [];
  readonly #bolusUnits: number[] = [];
  /** Steps of closed basal segments, in time order, and how many steps each closed segment owns. */
  readonly #stepAtMs: number[] = [];
  readonly #stepUnits: number[] = [];
  readonly #closedStepCounts: number[] = [];
  readonly #fraction: (minutesAgo: number) => number;
  /** The newest basal command's segment, expanded only at query. */
  #open: BasalSegment | null = null;
  readonly #pushStep = (atMs: number, units: number): void => {
    this.#stepAtMs.push(atMs);
    this.#stepUnits.push(units);
  };
  /** Scratch for the open segment's steps at query (reused: no allocation per query). */
  readonly #openAtMs: number[] = [];
  readonly #openUnits: number[] = [];
  readonly #pushOpen = (atMs: number, units: number): void => {
    this.#openAtMs.push(atMs);
    this.#openUnits.push(units);
  };

  /** Scheduled insulin over a 24-h window by the window's first minute of the day (it depends on nothing else). */
  readonly #scheduledDayByStartMinute = new Map<number, number>();
  /** Running sums of full 5-min scheduled steps from local midnight: [0, step 0, steps 0–1, …]. */
  readonly #scheduledSinceMidnight = new Float64Array(STEPS_PER_DAY + 1);

  constructor(profile: PatientProfile, utcOffsetMinutes: number, commands: readonly DoseCommand[]) {
    this.profile = profile;
    this.utcOffsetMinutes = utcOffsetMinutes;
    this.commands = commands;
    this.#fraction = insulinOnBoardCurve(profile.insulinActionMinutes, profile.insulinPeakMinutes);
    for (let m = 0; m < 1440; m++) this.#scheduled[m] = scheduledBasalUPerHour(profile, m);
    let total = 0;
    for (let k = 0; k < STEPS_PER_DAY; k++) this.#scheduledSinceMidnight[k + 1] = total += (this.#scheduled[k * 5]! * 5) / 60;
  }

  /**
   * Scheduled insulin (U) from `fromMs` to `toMs`, the same number as scheduledInsulin over the profile's
   * schedule, served from caches for the two windows a context asks for: exactly 24 h (the sum depends only
   * on the first step's minute of the day) and since local midnight (the running sum of the full steps
   * from midnight plus the last, partial step).
   */
  scheduledInsulin(fromMs: number, toMs: number): number {
    const offset = this.utcOffsetMinutes;
    if (!Number.isInteger(fromMs) || !Number.isInteger(toMs) || !Number.isInteger(offset)) return scheduledInsulin(this.#scheduledAt, fromMs, toMs, offset);
    const startMinute = minuteOfDay(fromMs, offset);
    if (toMs - fromMs === DAY_MS) {
      let day = this.#scheduledDayByStartMinute.get(startMinute);
      if (day === undefined) this.#scheduledDayByStartMinute.set(startMinute, (day = scheduledInsulin(this.#scheduledAt, fromMs, toMs, offset)));
      return day;
    }
    if (startMinute === 0 && toMs > fromMs && toMs - fromMs <= DAY_MS) {
      const steps = Math.ceil((toMs - fromMs) / STEP_MS);
      const lastStartMs = fromMs + (steps - 1) * STEP_MS;
      return this.#scheduledSinceMidnight[steps - 1]! + (this.#scheduled[(steps - 1) * 5]! * Math.min(5, (toMs - lastStartMs) / MINUTE_MS)) / 60;
    }
    return scheduledInsulin(this.#scheduledAt, fromMs, toMs, offset);
  }

  /** @returns the scheduled rate (U/h) at a minute of the local day (the profile's schedule, from a table). */
  scheduledAt(minuteOfDay: number): number {
    return this.#scheduledAt(minuteOfDay);
  }

  /** Adds a command issued at or after every command already added. */
  append(command: DoseCommand): void {
    if (command.kind === 'BOLUS') {
      this.#bolusAtMs.push(command.issuedAtMs);
      this.#bolusUnits.push(command.units);
      return;
    }
    const segment = basalSegmentOf(command);
    if (segment === null) return;
    if (this.#open !== null) {
      const before = this.#stepAtMs.length;
      basalSegmentSteps(this.#open, command.issuedAtMs, this.#scheduledAt, this.utcOffsetMinutes, this.#pushStep);
      this.#closedStepCounts.push(this.#stepAtMs.length - before);
    }
    this.#open = segment;
  }

  /** Removes the first (oldest) command of the mirrored list. */
  dropFirst(command: DoseCommand): void {
    if (command.kind === 'BOLUS') {
      this.#bolusAtMs.shift();
      this.#bolusUnits.shift();
      return;
    }
    if (basalSegmentOf(command) === null) return;
    const steps = this.#closedStepCounts.shift();
    if (steps === undefined) this.#open = null; // it was the only basal command
    else {
      this.#stepAtMs.splice(0, steps);
      this.#stepUnits.splice(0, steps);
    }
  }

  /** Rebuilds from the whole mirrored list, after a late command was inserted before others. */
  rebuild(): void {
    this.#bolusAtMs.length = 0;
    this.#bolusUnits.length = 0;
    this.#stepAtMs.length = 0;
    this.#stepUnits.length = 0;
    this.#closedStepCounts.length = 0;
    this.#open = null;
    for (const command of this.commands) this.append(command);
  }

  /**
   * @returns whether {@link summarise} may serve `state` at `nowMs`: the state's commands, profile and
   * offset are the ones mirrored, and no command is after `nowMs` (the from-scratch computation stops
   * there; rare, so those contexts are computed from scratch).
   */
  serves(state: { profile: PatientProfile; commands: readonly DoseCommand[]; utcOffsetMinutes?: number }, nowMs: number): boolean {
    const last = state.commands[state.commands.length - 1];
    return state.commands === this.commands && state.profile === this.profile && (state.utcOffsetMinutes ?? 0) === this.utcOffsetMinutes && (last === undefined || last.issuedAtMs <= nowMs);
  }

  /**
   * The insulin features at `nowMs`, which must be at or after every command added (see {@link serves}). Sums amounts in the from-scratch order: by time,
   * a bolus before a basal step of the same time.
   */
  summarise(nowMs: number, dayAgoMs: number, dayStartMs: number): InsulinSummary {
    const actionMinutes = this.profile.insulinActionMinutes;
    const fraction = this.#fraction;
    // Amounts before every window add nothing (the from-scratch loops skip them).
    const lowerMs = Math.min(dayAgoMs, dayStartMs, nowMs - actionMinutes * MINUTE_MS);
    this.#openAtMs.length = 0;
    this.#openUnits.length = 0;
    if (this.#open !== null) basalSegmentSteps(this.#open, nowMs, this.#scheduledAt, this.utcOffsetMinutes, this.#pushOpen);
    const bolusAt = this.#bolusAtMs;
    const closedAt = this.#stepAtMs;
    const openAt = this.#openAtMs;
    let b = lowerBound(bolusAt, lowerMs);
    let c = lowerBound(closedAt, lowerMs);
    let o = lowerBound(openAt, lowerMs);
    let iob = 0;
    let net24 = 0;
    let netToday = 0;
    for (;;) {
      // The next amount in from-scratch order: by time, a bolus before a basal step of the same time.
      const basalInClosed = c < closedAt.length;
      const basalAtMs = basalInClosed ? closedAt[c]! : o < openAt.length ? openAt[o]! : Number.POSITIVE_INFINITY;
      let atMs: number;
      let units: number;
      if (b < bolusAt.length && bolusAt[b]! <= basalAtMs) {
        atMs = bolusAt[b]!;
        units = this.#bolusUnits[b++]!;
      } else if (basalAtMs === Number.POSITIVE_INFINITY) break;
      else {
        atMs = basalAtMs;
        units = basalInClosed ? this.#stepUnits[c++]! : this.#openUnits[o++]!;
      }
      const ago = (nowMs - atMs) / MINUTE_MS;
      if (!(ago < 0 || ago >= actionMinutes)) iob += units * fraction(ago);
      if (atMs >= dayAgoMs) net24 += units;
      if (atMs >= dayStartMs) netToday += units;
    }
    let u30 = 0;
    for (let i = lowerBound(bolusAt, nowMs - 30 * MINUTE_MS); i < bolusAt.length; i++) u30 += this.#bolusUnits[i]!;
    let b1 = 0;
    let b3 = 0;
    let b24 = 0;
    for (let i = bolusAt.length - 1; i >= 0; i--) {
      const ago = nowMs - bolusAt[i]!;
      if (ago > DAY_MS) break;
      b24++;
      if (ago <= 3 * 60 * MINUTE_MS) b3++;
      if (ago <= 60 * MINUTE_MS) b1++;
    }
    return {
      insulinOnBoardU: iob, netLast24hU: net24, netTodayU: netToday, bolusesLast1h: b1, bolusesLast3h: b3, bolusesLast24h: b24, bolusLast30MinU: u30,
      lastBolusMs: bolusAt.length > 0 ? bolusAt[bolusAt.length - 1]! : null,
    };
  }
}
