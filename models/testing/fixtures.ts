/**
 * Small hand-built fixtures for unit tests: an adult profile, commands, CGM and a patient state.
 */
import type { CgmReading, DoseCommand, PatientProfile } from '../../datasets/records.js';
import type { PatientState } from '../features/patient-state.js';

/** Local midnight of the fixture day (UTC). */
export const DAY0 = Date.UTC(2025, 2, 3);
export const MIN = 60_000;

/** An adult on 40 U/day: CR 10 g/U, CF 45 mg/dL/U, basal 0.8 U/h. */
export const ADULT: PatientProfile = {
  patientId: 'p-0000abcd',
  siteId: 'site-a',
  ageGroup: 'adult',
  ageYears: 40,
  weightKg: 75,
  totalDailyInsulinU: 40,
  carbRatioGPerU: 10,
  correctionFactorMgDlPerU: 45,
  basalSchedule: [{ startMinute: 0, rateUPerHour: 0.8 }],
  targetLowMgDl: 80,
  targetHighMgDl: 140,
  insulinActionMinutes: 360,
  insulinPeakMinutes: 75,
  limits: { maxBolusU: 17, maxBasalUPerHour: 10, maxInsulinOnBoardU: 22, maxDailyTotalU: 120 },
};

let counter = 0;
/** @returns a command for the fixture patient at `minute` after DAY0. */
export function command(minute: number, kind: DoseCommand['kind'], units: number, durationMinutes = 0): DoseCommand {
  return { commandId: `c-${counter++}`, patientId: ADULT.patientId, deviceId: 'pump-1', issuerId: 'app-1', counter, issuedAtMs: DAY0 + minute * MIN, kind, units, durationMinutes };
}

/** @returns CGM readings every 5 min from `fromMinute` to `toMinute` following `glucoseAt(minute)`. */
export function cgmSeries(fromMinute: number, toMinute: number, glucoseAt: (minute: number) => number | null): CgmReading[] {
  const out: CgmReading[] = [];
  for (let m = fromMinute; m <= toMinute; m += 5) out.push({ patientId: ADULT.patientId, deviceId: 'cgm-1', timestampMs: DAY0 + m * MIN, glucoseMgDl: glucoseAt(m) });
  return out;
}

/** @returns a state with the given history. */
export function state(commands: DoseCommand[], cgm: CgmReading[], carbs: { minute: number; grams: number }[] = []): PatientState {
  return { profile: ADULT, commands, cgm, carbs: carbs.map((c) => ({ timestampMs: DAY0 + c.minute * MIN, carbsG: c.grams })) };
}
