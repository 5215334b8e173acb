/**
 * The medication-taking process of one patient on one regimen (model in archetypes.ts): what the patient
 * actually does each day — doses taken (when, how many pills), doses missed, extra doses, refills — and
 * the ground-truth per-dose outcomes. Sensor rendering is separate (sensor-events.ts).
 */
import type { DoseOutcome, Regimen } from '../records.js';
import type { Random } from '../random.js';
import type { PatientBehaviour } from './archetypes.js';
import { DAY_MS, delayMinutes, scheduledDoses, takenOutcome, type ScheduledDose } from './schedule.js';

const MINUTE_MS = 60_000;
/** Days of pills a full box holds. */
export const BOX_CAPACITY_DAYS = 28;
/** The patient starts planning a refill when fewer than this many days of pills are left. */
const REFILL_WHEN_DAYS_LEFT = 3;
/** How many past doses the "recent misses" feature of the process looks at. */
const RECENT_WINDOW = 14;
/** Removed but not swallowed (dropped, discarded): evidence without ingestion. */
const DISCARD_PROBABILITY = 0.004;

/** Something the patient did at the box. */
export type BoxAction =
  | { kind: 'remove'; atMs: number; pills: number }
  | { kind: 'peek'; atMs: number }
  | { kind: 'refill'; atMs: number; pills: number };

/** One day of behaviour. */
export interface AdherenceDay {
  actions: BoxAction[];
  outcomes: DoseOutcome[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Runs the process day by day; state (pills, streaks, holidays, discontinuation) carries across days. */
export class AdherenceProcess {
  readonly behaviour: PatientBehaviour;
  private readonly regimen: Regimen;
  private readonly random: Random;
  private readonly perDay: number;
  private pills = 0;
  private refillDay: number | null = null;
  private holidayDaysLeft = 0;
  private discontinued = false;
  private readonly recent: number[] = [];

  constructor(regimen: Regimen, behaviour: PatientBehaviour, random: Random) {
    this.regimen = regimen;
    this.behaviour = behaviour;
    this.random = random;
    this.perDay = regimen.doseTimesMinute.length;
  }

  /** The hidden state the next day starts from (ground truth, for oracle evaluations; a real box cannot see it). */
  get state(): { pillsLeft: number; holidayDaysLeft: number; discontinued: boolean } {
    return { pillsLeft: this.pills, holidayDaysLeft: this.holidayDaysLeft, discontinued: this.discontinued };
  }

  /** Whether the patient has stopped the therapy (discontinuation). */
  get hasDiscontinued(): boolean {
    return this.discontinued;
  }

  /** Simulates regimen day `dayIndex` (call with 0, 1, 2, ... in order). */
  simulateDay(dayIndex: number): AdherenceDay {
    const p = this.behaviour.params;
    const r = this.random;
    const dayStartMs = this.regimen.startMs + dayIndex * DAY_MS;
    const weekday = new Date(dayStartMs).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const weeks = dayIndex / 7;
    const day: AdherenceDay = { actions: [], outcomes: [] };

    if (!this.discontinued && p.discontinuationPerDay > 0 && dayIndex > 0) {
      this.discontinued = r.bernoulli(p.discontinuationPerDay * (1 + p.discontinuationGrowthPerWeek * weeks));
    }
    if (this.holidayDaysLeft > 0) this.holidayDaysLeft--;
    else if (p.holidayStartPerDay > 0 && r.bernoulli(p.holidayStartPerDay)) this.holidayDaysLeft = r.int(p.holidayDays[0], p.holidayDays[1]);
    const active = p.initiates && !this.discontinued;

    // The box is filled on day 0 before the first dose; later refills come some days after it runs low.
    let refillAtMs: number | null = null;
    if (active && dayIndex === 0) refillAtMs = dayStartMs + r.int(300, 360) * MINUTE_MS;
    else if (active) {
      if (this.refillDay === null && this.pills < REFILL_WHEN_DAYS_LEFT * this.perDay) this.refillDay = dayIndex + r.int(p.refillDelayDays[0], p.refillDelayDays[1]);
      if (this.refillDay !== null && this.refillDay <= dayIndex) refillAtMs = dayStartMs + r.int(9 * 60, 19 * 60) * MINUTE_MS;
    }

    const doses = scheduledDoses(this.regimen, dayIndex, dayIndex);
    for (const dose of doses) {
      if (refillAtMs !== null && refillAtMs < dose.windowStartMs) refillAtMs = this.refill(day, refillAtMs);
      this.decide(day, dose, { weekend, weeks, active, onHoliday: this.holidayDaysLeft > 0 });
    }
    if (refillAtMs !== null) this.refill(day, refillAtMs);
    if (active && r.bernoulli(0.08)) day.actions.push({ kind: 'peek', atMs: dayStartMs + r.int(7 * 60, 22 * 60) * MINUTE_MS });
    day.actions.sort((a, b) => a.atMs - b.atMs);
    return day;
  }

  private refill(day: AdherenceDay, atMs: number): null {
    const capacity = BOX_CAPACITY_DAYS * this.perDay;
    day.actions.push({ kind: 'refill', atMs, pills: capacity - this.pills });
    this.pills = capacity;
    this.refillDay = null;
    return null;
  }

  private decide(day: AdherenceDay, dose: ScheduledDose, context: { weekend: boolean; weeks: number; active: boolean; onHoliday: boolean }): void {
    const p = this.behaviour.params;
    const r = this.random;
    const recentShare = this.recent.length === 0 ? 0 : this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
    const logit = p.baseMissLogit + (context.weekend ? p.weekendMissLogit : 0)
      + (this.perDay > 1 && dose.slot === this.perDay - 1 ? p.eveningMissLogit : 0)
      + (this.recent[this.recent.length - 1] === 1 ? p.previousMissLogit : 0)
      + p.recentMissLogit * recentShare + p.declinePerWeekLogit * context.weeks;
    let takenAtMs: number | null = null;
    if (context.active && !context.onHoliday && this.pills > 0 && !r.bernoulli(sigmoid(logit))) {
      const lateP = p.lateProbability + (context.weekend ? p.weekendLateProbability : 0);
      const delay = r.bernoulli(lateP)
        ? 60 + p.lateMedianMinutes * Math.exp(r.normal(0, 0.6))
        : Math.max(-45, Math.min(55, r.normal(0, p.onTimeSdMinutes)));
      const atMs = dose.scheduledAtMs + Math.round(delay * MINUTE_MS);
      if (atMs < dose.windowEndMs) takenAtMs = atMs; // later than the window: the patient forgot that dose
    }
    const missed = takenAtMs === null;
    this.recent.push(missed ? 1 : 0);
    if (this.recent.length > RECENT_WINDOW) this.recent.shift();
    if (takenAtMs === null) {
      day.outcomes.push({ patientId: this.regimen.patientId, scheduledAtMs: dose.scheduledAtMs, outcome: 'MISSED', delayMinutes: null });
      return;
    }
    // Two at once (confusion) or a second dose a little later, both inside this dose's window.
    const extra = r.bernoulli(p.extraProbability) && this.pills >= 2;
    const together = extra && r.bernoulli(0.5);
    day.actions.push({ kind: 'remove', atMs: takenAtMs, pills: together ? 2 : 1 });
    this.pills -= together ? 2 : 1;
    const delay = delayMinutes(dose.scheduledAtMs, takenAtMs);
    const discarded = r.bernoulli(DISCARD_PROBABILITY);
    day.outcomes.push({ patientId: this.regimen.patientId, scheduledAtMs: dose.scheduledAtMs, outcome: discarded ? 'MISSED' : takenOutcome(delay), delayMinutes: discarded ? null : delay });
    if (together) day.outcomes.push({ patientId: this.regimen.patientId, scheduledAtMs: dose.scheduledAtMs, outcome: 'EXTRA', delayMinutes: delay });
    else if (extra) {
      const laterMs = takenAtMs + r.int(10, 45) * MINUTE_MS;
      if (laterMs < dose.windowEndMs) {
        day.actions.push({ kind: 'remove', atMs: laterMs, pills: 1 });
        this.pills -= 1;
        day.outcomes.push({ patientId: this.regimen.patientId, scheduledAtMs: dose.scheduledAtMs, outcome: 'EXTRA', delayMinutes: delayMinutes(dose.scheduledAtMs, laterMs) });
      }
    }
  }
}
