/**
 * Test fixtures for the gate (used by unit tests, end-to-end tests and the benchmark): a profile,
 * keys and a signed-command builder. Not used by production code.
 */
import type { CgmReading, DoseCommand, PatientProfile } from '../../datasets/records.js';
import { signCommand, type GateCommand } from './canonical-command.js';
import type { PatientState } from './dose-context.js';

/** A 70 kg adult on 0.8–1.0 U/h basal, CF 50, CR 10, target 100–140. */
export const ADULT_PROFILE: PatientProfile = {
  patientId: 'p-0123abcd', siteId: 'icu', ageGroup: 'adult', ageYears: 42, weightKg: 70, totalDailyInsulinU: 40,
  carbRatioGPerU: 10, correctionFactorMgDlPerU: 50,
  basalSchedule: [{ startMinute: 0, rateUPerHour: 0.8 }, { startMinute: 360, rateUPerHour: 1.0 }],
  targetLowMgDl: 100, targetHighMgDl: 140, insulinActionMinutes: 360, insulinPeakMinutes: 75,
  limits: { maxBolusU: 17, maxBasalUPerHour: 10, maxInsulinOnBoardU: 22, maxDailyTotalU: 120 },
};

/** A fixed issuer key (tests only; real keys come from `vigil edge add-issuer`). */
export const ISSUER_KEY = Uint8Array.from({ length: 16 }, (_, i) => (i * 7 + 3) & 0xff);

/** @returns a command signed with `key`, with overrides applied before signing. */
export function signedCommand(overrides: Partial<DoseCommand> = {}, key: Uint8Array = ISSUER_KEY, nonceSeed = 1): GateCommand {
  const command: DoseCommand = {
    commandId: 'c-1', patientId: ADULT_PROFILE.patientId, deviceId: 'pump-1', issuerId: 'aid-1', counter: 1,
    issuedAtMs: 1_700_000_000_000, kind: 'BOLUS', units: 2, durationMinutes: 0, ...overrides,
  };
  const authNonce = Uint8Array.from({ length: 16 }, (_, i) => (nonceSeed * 31 + i) & 0xff);
  return { ...command, authNonce, authTag: signCommand(command, key, authNonce) };
}

/** @returns CGM readings every 5 min ending at `endMs`, linear from `fromMgDl` to `toMgDl` over the last hour. */
export function cgmRamp(endMs: number, fromMgDl: number, toMgDl: number, deviceId = 'cgm-1'): CgmReading[] {
  const out: CgmReading[] = [];
  for (let i = 12; i >= 0; i--) {
    out.push({ patientId: ADULT_PROFILE.patientId, deviceId, timestampMs: endMs - i * 5 * 60_000, glucoseMgDl: toMgDl + ((fromMgDl - toMgDl) * i) / 12 });
  }
  return out;
}

/** @returns a patient state with flat glucose at `glucoseMgDl` up to `nowMs`. */
export function steadyState(nowMs: number, glucoseMgDl = 150, extra: Partial<PatientState> = {}): PatientState {
  return { profile: ADULT_PROFILE, commands: [], cgm: cgmRamp(nowMs - 60_000, glucoseMgDl, glucoseMgDl), carbs: [], ...extra };
}
