/**
 * The inverse of the pillbox simulator: reconstructs per-dose outcomes from raw box events. The edge
 * node runs it to turn a patient's event stream into the dose history PredictAdherence needs.
 *
 * 1. Events become sessions: a LID_OPEN opens one, LID_CLOSE ends it (or 30 min pass). Weight changes
 *    with the lid closed are artefacts (vibration, spoofing) and count for nothing.
 * 2. A session's pills removed = round(−Σ weight change ÷ pill mass); a session with a REFILL removes none.
 * 3. Each removed pill goes to the untaken scheduled dose whose window holds the session's opening time
 *    (nearest first); a pill with no such dose is EXTRA for the nearest scheduled dose.
 * 4. Scheduled doses left without a pill are MISSED.
 */
import type { DoseOutcome, PillboxEvent, Regimen } from '../records.js';
import { DAY_MS, delayMinutes, scheduledDoses, takenOutcome } from './schedule.js';

const SESSION_TIMEOUT_MS = 30 * 60_000;

/** A lid session: opening time and net pills removed. */
export interface BoxSession {
  openedAtMs: number;
  pillsRemoved: number;
  refill: boolean;
}

/** Options of {@link matchDosesToSchedule}. */
export interface MatchOptions {
  /** Doses scheduled before this time are matched (default: end of the day of the last event). */
  untilMs?: number;
}

/** Groups events (any order) into lid sessions. @returns sessions in time order. */
export function groupSessions(events: readonly PillboxEvent[], pillMassMg: number): BoxSession[] {
  const sorted = [...events].sort((a, b) => a.timestampMs - b.timestampMs);
  const sessions: BoxSession[] = [];
  let open: { openedAtMs: number; weightMg: number; refill: boolean } | null = null;
  const close = () => {
    if (open === null) return;
    const pills = Math.round(-open.weightMg / pillMassMg);
    sessions.push({ openedAtMs: open.openedAtMs, pillsRemoved: open.refill ? 0 : Math.max(0, pills), refill: open.refill });
    open = null;
  };
  for (const event of sorted) {
    if (open !== null && event.timestampMs - open.openedAtMs > SESSION_TIMEOUT_MS) close();
    switch (event.kind) {
      case 'LID_OPEN':
        close();
        open = { openedAtMs: event.timestampMs, weightMg: 0, refill: false };
        break;
      case 'LID_CLOSE':
        close();
        break;
      case 'REFILL':
        if (open !== null) open.refill = true;
        break;
      case 'WEIGHT_CHANGE':
        if (open !== null) open.weightMg += event.value;
        break;
      case 'IR_DETECT':
        break;
    }
  }
  close();
  return sessions;
}

/**
 * Reconstructs per-dose outcomes of `regimen` from its box's events.
 * @returns one ON_TIME/LATE/MISSED outcome per scheduled dose from the regimen's first day up to
 * `untilMs`, plus EXTRA outcomes, ordered by scheduled time (primary outcome first).
 */
export function matchDosesToSchedule(events: readonly PillboxEvent[], regimen: Regimen, options: MatchOptions = {}): DoseOutcome[] {
  const sessions = groupSessions(events.filter((e) => e.deviceId === regimen.deviceId), regimen.pillMassMg);
  const lastEventMs = events.reduce((max, e) => Math.max(max, e.timestampMs), regimen.startMs);
  const untilMs = options.untilMs ?? regimen.startMs + (Math.floor((lastEventMs - regimen.startMs) / DAY_MS) + 1) * DAY_MS;
  const lastDay = Math.ceil((untilMs - regimen.startMs) / DAY_MS) - 1;
  const doses = lastDay < 0 ? [] : scheduledDoses(regimen, 0, lastDay).filter((d) => d.scheduledAtMs < untilMs);
  const takenAt = new Map<number, number>();
  const extras: { doseIndex: number; atMs: number }[] = [];
  let cursor = 0;
  for (const session of sessions) {
    for (let pill = 0; pill < session.pillsRemoved; pill++) {
      // Windows are disjoint and ordered, so the candidate is the first dose whose window has not ended.
      while (cursor < doses.length && doses[cursor]!.windowEndMs < session.openedAtMs) cursor++;
      const candidate = doses[cursor];
      const inWindow = candidate !== undefined && session.openedAtMs >= candidate.windowStartMs && !takenAt.has(cursor);
      if (inWindow) takenAt.set(cursor, session.openedAtMs);
      else if (doses.length > 0) extras.push({ doseIndex: nearestDose(doses, session.openedAtMs, cursor), atMs: session.openedAtMs });
    }
  }
  const outcomes: DoseOutcome[] = [];
  doses.forEach((dose, index) => {
    const at = takenAt.get(index);
    if (at === undefined) outcomes.push({ patientId: regimen.patientId, scheduledAtMs: dose.scheduledAtMs, outcome: 'MISSED', delayMinutes: null });
    else {
      const delay = delayMinutes(dose.scheduledAtMs, at);
      outcomes.push({ patientId: regimen.patientId, scheduledAtMs: dose.scheduledAtMs, outcome: takenOutcome(delay), delayMinutes: delay });
    }
    for (const extra of extras) {
      if (extra.doseIndex === index) outcomes.push({ patientId: regimen.patientId, scheduledAtMs: dose.scheduledAtMs, outcome: 'EXTRA', delayMinutes: delayMinutes(dose.scheduledAtMs, extra.atMs) });
    }
  });
  return outcomes;
}

function nearestDose(doses: readonly { scheduledAtMs: number }[], atMs: number, around: number): number {
  let best = Math.min(around, doses.length - 1);
  for (const i of [around - 1, around, around + 1]) {
    const dose = doses[i];
    if (dose !== undefined && Math.abs(dose.scheduledAtMs - atMs) < Math.abs(doses[best]!.scheduledAtMs - atMs)) best = i;
  }
  return best;
}
