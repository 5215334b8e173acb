import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CgmReading, DoseCommand, DoseKind, PatientProfile } from '../../datasets/records.js';
import { ADULT, DAY0, MIN } from '../testing/fixtures.js';
import { buildDoseContext, doseContextVector, type DoseContext } from './dose-context.js';
import { PatientStateTracker, type PatientState } from './patient-state.js';

const HOUR = 60 * MIN;
const INSULIN_KINDS: DoseKind[] = ['BOLUS', 'BASAL_RATE', 'TEMP_BASAL', 'SUSPEND'];

/** One step of a random stream: an event for the tracker, or a command whose context is compared. */
type Step =
  | { op: 'command'; kind: DoseKind; dtMs: number; units: number; durationMinutes: number }
  | { op: 'cgm'; dtMs: number; glucose: number | null }
  | { op: 'carbs'; dtMs: number; grams: number }
  | { op: 'query'; kind: DoseKind; dtMs: number; units: number; durationMinutes: number };

// Mostly forward in time, often on the 5-min grid real pumps keep (so window edges are hit exactly: a
// bolus exactly 24 h or 1 h ago, a bolus at a basal step's time), some long gaps; sometimes late (up to
// 8 h back) to force inserts.
const grid = (min: number, max: number) => fc.integer({ min, max }).map((k) => k * 5 * MIN);
const dt = fc.oneof(
  { weight: 8, arbitrary: grid(0, 2) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 10 * MIN }) },
  { weight: 2, arbitrary: grid(12, 14 * 12) },
  { weight: 2, arbitrary: grid(-8 * 12, -1) },
  { weight: 1, arbitrary: fc.integer({ min: -8 * HOUR, max: -1 }) },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('command' as const), kind: fc.constantFrom<DoseKind>(...INSULIN_KINDS, 'INFUSION_RATE'), dtMs: dt, units: fc.double({ min: 0, max: 6, noNaN: true }), durationMinutes: fc.constantFrom(0, 5, 30, 45, 120, 600, 1440) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('cgm' as const), dtMs: dt, glucose: fc.option(fc.integer({ min: 40, max: 400 }), { freq: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('carbs' as const), dtMs: dt, grams: fc.integer({ min: 0, max: 120 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('query' as const), kind: fc.constantFrom(...INSULIN_KINDS), dtMs: fc.oneof({ weight: 4, arbitrary: grid(0, 4) }, { weight: 1, arbitrary: grid(-24, -1) }, { weight: 1, arbitrary: fc.integer({ min: -2 * HOUR, max: 20 * MIN }) }), units: fc.double({ min: 0, max: 6, noNaN: true }), durationMinutes: fc.constantFrom(0, 30, 120) }) },
);
const profile: fc.Arbitrary<PatientProfile> = fc.record({
  actionMinutes: fc.integer({ min: 180, max: 600 }),
  peakMinutes: fc.integer({ min: 35, max: 120 }),
  schedule: fc.uniqueArray(fc.integer({ min: 1, max: 1439 }), { maxLength: 4 }),
  rates: fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 5, maxLength: 5 }),
}).map(({ actionMinutes, peakMinutes, schedule, rates }) => ({
  ...ADULT,
  insulinActionMinutes: actionMinutes,
  insulinPeakMinutes: peakMinutes,
  basalSchedule: [0, ...schedule.sort((a, b) => a - b)].map((startMinute, i) => ({ startMinute, rateUPerHour: rates[i]! })),
}));
// Short retentions (as little as 2 h of commands) so pruning happens often; absent = the defaults.
const options = fc.record({
  utcOffsetMinutes: fc.constantFrom(0, -300, 330, 600),
  commandRetentionMs: fc.integer({ min: 2 * HOUR, max: 36 * HOUR }),
  cgmRetentionMs: fc.integer({ min: 30 * MIN, max: 3 * HOUR }),
  carbRetentionMs: fc.integer({ min: 1 * HOUR, max: 8 * HOUR }),
}, { requiredKeys: ['utcOffsetMinutes'] });

// Exact: the incremental walk sums the same amounts in the same order, so the bits agree (NaN included).
const same = (a: number, b: number) => Object.is(a, b);

/** @returns the names of the fields (context and feature row) where the two differ beyond float tolerance. */
function differences(a: DoseContext, b: DoseContext, rowA: Float32Array, rowB: Float32Array): string[] {
  const out: string[] = [];
  for (const key of Object.keys(a) as (keyof DoseContext)[]) {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'number' && typeof y === 'number' ? !same(x, y) : x !== y) out.push(`${key}: ${String(x)} vs ${String(y)}`);
  }
  rowA.forEach((x, j) => {
    if (!same(x, rowB[j]!)) out.push(`row[${j}]: ${x} vs ${rowB[j]}`);
  });
  return out;
}

describe('incremental insulin history', () => {
  it('gives every dose-context feature of the from-scratch computation, over random streams with late inserts and pruning', () => {
    let incrementalQueries = 0;
    let queries = 0;
    fc.assert(fc.property(profile, options, fc.array(step, { minLength: 1, maxLength: 600, size: 'max' }), (p, o, steps) => {
      const tracker = new PatientStateTracker(p, o);
      let cursorMs = DAY0 + 7 * HOUR;
      let seq = 0;
      const make = (kind: DoseKind, atMs: number, units: number, durationMinutes: number): DoseCommand => ({
        commandId: `c-${seq++}`, patientId: p.patientId, deviceId: 'pump-1', issuerId: 'aid-1', counter: seq, issuedAtMs: atMs, kind,
        units: kind === 'SUSPEND' ? 0 : units, durationMinutes: kind === 'TEMP_BASAL' || kind === 'SUSPEND' ? Math.max(durationMinutes, 5) : durationMinutes,
        ...(kind === 'INFUSION_RATE' ? { infusion: { drugId: 'heparin', careArea: 'icu', dose: 1, doseUnit: 'units/h', rateMlPerHour: 1 } } : {}),
      });
      for (const s of steps) {
        const atMs = Math.max(0, cursorMs + s.dtMs);
        if (s.op !== 'query' && s.dtMs > 0) cursorMs = atMs;
        if (s.op === 'command') tracker.addCommand(make(s.kind, atMs, s.units, s.durationMinutes));
        else if (s.op === 'cgm') tracker.addCgm({ patientId: p.patientId, deviceId: 'cgm-1', timestampMs: atMs, glucoseMgDl: s.glucose } satisfies CgmReading);
        else if (s.op === 'carbs') tracker.addCarbs({ timestampMs: atMs, carbsG: s.grams });
        else {
          const live = tracker.snapshot();
          const plain: PatientState = { profile: p, commands: [...live.commands], cgm: [...live.cgm], carbs: [...live.carbs], utcOffsetMinutes: o.utcOffsetMinutes };
          const command = make(s.kind, atMs, s.units, s.durationMinutes);
          queries++;
          if (live.insulinHistory?.serves(live, atMs)) incrementalQueries++;
          const incremental = buildDoseContext(live, command);
          const scratch = buildDoseContext(plain, command);
          expect(differences(incremental, scratch, doseContextVector(incremental, p), doseContextVector(scratch, p))).toEqual([]);
        }
      }
    }), { numRuns: 150, seed: 20_240_611 });
    // The comparison must exercise the incremental path, not only its from-scratch fallback.
    expect(queries).toBeGreaterThan(5000);
    expect(incrementalQueries).toBeGreaterThan(queries / 2);
  });

  it('counts a bolus exactly 1 h, 3 h and 24 h ago as the from-scratch computation does (inclusive windows)', () => {
    const tracker = new PatientStateTracker(ADULT);
    const at = (minutes: number, kind: DoseKind, units: number): DoseCommand =>
      ({ commandId: `e-${minutes}`, patientId: ADULT.patientId, deviceId: 'pump-1', issuerId: 'aid-1', counter: minutes, issuedAtMs: DAY0 + minutes * MIN, kind, units, durationMinutes: kind === 'TEMP_BASAL' ? 30 : 0 });
    for (const c of [at(0, 'BOLUS', 2), at(0, 'TEMP_BASAL', 1.5), at(21 * 60, 'BOLUS', 1), at(23 * 60, 'BOLUS', 1)]) tracker.addCommand(c);
    const query = at(24 * 60, 'BOLUS', 1);
    const live = tracker.snapshot();
    expect(live.insulinHistory!.serves(live, query.issuedAtMs)).toBe(true);
    const incremental = buildDoseContext(live, query);
    expect([incremental.bolusesLast1h, incremental.bolusesLast3h, incremental.bolusesLast24h]).toEqual([1, 2, 3]);
    expect(incremental).toEqual(buildDoseContext({ ...live, commands: [...live.commands] }, query));
  });

  it('is used only for the state it mirrors: a copy with another profile or command list is computed from scratch', () => {
    const tracker = new PatientStateTracker(ADULT);
    const bolus: DoseCommand = { commandId: 'b', patientId: ADULT.patientId, deviceId: 'pump-1', issuerId: 'aid-1', counter: 1, issuedAtMs: DAY0 + 8 * HOUR, kind: 'BOLUS', units: 4, durationMinutes: 0 };
    tracker.addCommand(bolus);
    const live = tracker.snapshot();
    const now = DAY0 + 9 * HOUR;
    expect(live.insulinHistory!.serves(live, now)).toBe(true);
    expect(live.insulinHistory!.serves({ ...live, commands: [] }, now)).toBe(false);
    expect(live.insulinHistory!.serves({ ...live, profile: { ...ADULT, insulinActionMinutes: 180 } }, now)).toBe(false);
    expect(live.insulinHistory!.serves(live, bolus.issuedAtMs - 1)).toBe(false);
    const query = { ...bolus, commandId: 'q', issuedAtMs: now, units: 1 };
    expect(buildDoseContext({ ...live, commands: [] }, query).insulinOnBoardU).toBe(0);
    expect(buildDoseContext(live, query).insulinOnBoardU).toBeGreaterThan(3);
  });
});
