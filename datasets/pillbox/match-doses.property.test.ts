import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DoseOutcome, PillboxEvent, Regimen } from '../records.js';
import { matchDosesToSchedule } from './match-doses.js';
import { DAY_MS, scheduledDoses, takenOutcome, delayMinutes } from './schedule.js';

const START = Date.UTC(2025, 0, 6);
const TIMES: Record<number, number[]> = { 1: [480], 2: [480, 1200], 3: [480, 840, 1200], 4: [480, 720, 1020, 1260] };

describe('matchDosesToSchedule (property)', () => {
  it('recovers exactly what was taken when every removal is clean and inside its dose window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 100, max: 1200 }),
        fc.array(fc.tuple(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 16, maxLength: 16 }),
        (perDay, days, pillMassMg, choices) => {
          const regimen: Regimen = { patientId: 'p-0000abcd', deviceId: 'box-1', drug: 'x', pillMassMg, doseTimesMinute: TIMES[perDay]!, startMs: START };
          const doses = scheduledDoses(regimen, 0, days - 1);
          const events: PillboxEvent[] = [];
          const truth: DoseOutcome[] = [];
          doses.forEach((dose, i) => {
            const [taken, position] = choices[i % choices.length]!;
            if (!taken) {
              truth.push({ patientId: regimen.patientId, scheduledAtMs: dose.scheduledAtMs, outcome: 'MISSED', delayMinutes: null });
              return;
            }
            // A whole minute inside [windowStart, windowEnd] so delays compare exactly.
            const span = (dose.windowEndMs - dose.windowStartMs) / 60_000;
            const at = dose.windowStartMs + Math.floor(position * span) * 60_000;
            const ev = (dt: number, kind: PillboxEvent['kind'], value = 0): PillboxEvent => ({ patientId: regimen.patientId, deviceId: 'box-1', timestampMs: at + dt, kind, value });
            events.push(ev(0, 'LID_OPEN'), ev(2000, 'IR_DETECT'), ev(8000, 'WEIGHT_CHANGE', -pillMassMg), ev(15_000, 'LID_CLOSE'));
            const delay = delayMinutes(dose.scheduledAtMs, at);
            truth.push({ patientId: regimen.patientId, scheduledAtMs: dose.scheduledAtMs, outcome: takenOutcome(delay), delayMinutes: delay });
          });
          const matched = matchDosesToSchedule(events, regimen, { untilMs: START + days * DAY_MS });
          expect(matched).toEqual(truth);
        },
      ),
      { numRuns: 200 },
    );
  });
});
