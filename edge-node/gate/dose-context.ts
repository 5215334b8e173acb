/**
 * What stages 2–4 read about a patient, as an injected interface. The one feature code path lives in
 * models/features (buildDoseContext over a PatientState); the gate consumes it through
 * {@link DoseContextSource} so it is wired in one place (edge-node/main.ts) and tested with fakes.
 * {@link interimDoseContextSource} is a stop-gap until models/index.ts exports the real one.
 */
import type { CgmReading, DoseCommand, PatientProfile } from '../../datasets/records.js';
import { insulinActiveFraction } from '../../datasets/therapy/insulin-on-board.js';

/** Announced carbs. */
export interface CarbEntry {
  timestampMs: number;
  carbsG: number;
}

/** A patient's recent history, in time order (the shape of models/features PatientState). */
export interface PatientState {
  profile: PatientProfile;
  /** Delivered (allowed or clinician-confirmed) commands of the last ≥ 24 h. */
  commands: readonly DoseCommand[];
  cgm: readonly CgmReading[];
  carbs: readonly CarbEntry[];
  utcOffsetMinutes?: number;
}

/** The physiological context of a dose command (a subset of models/features DoseContext). */
export interface GateDoseContext {
  /** Latest CGM if fresh (≤ 12 min old), else null. */
  glucoseMgDl: number | null;
  /** Glucose change over the last 15 min, mg/dL (null when unknown). */
  trend15MgDl: number | null;
  insulinOnBoardU: number;
  carbsOnBoardG: number;
  /** Insulin over the last 24 h (basal as delivered plus boluses), U. */
  insulinLast24hU: number;
  /** Insulin the command adds over the next 2 h beyond the scheduled basal, U. */
  doseInsulinU: number;
  /** Eventual glucose after the dose: BG − (IOB + dose)·CF + COB/CR·CF. */
  predictedGlucoseMgDl: number;
}

/** Builds the context and the model's feature row for one command (row null: the model cannot score it). */
export type DoseContextSource = (state: PatientState, command: DoseCommand) => { context: GateDoseContext; featureRow: Float32Array | number[] | null };

const MINUTE_MS = 60_000;

function scheduledBasal(profile: PatientProfile, ms: number): number {
  const minute = Math.floor(ms / MINUTE_MS) % 1440;
  let rate = profile.basalSchedule[0]!.rateUPerHour;
  for (const s of profile.basalSchedule) if (s.startMinute <= minute) rate = s.rateUPerHour;
  return rate;
}

/**
 * Interim context (boluses and temp-basal deviations only; no feature row, so the model stage reports
 * the model as unable to score). Replace with models/features as soon as it is exported.
 * @returns the context of `command` given `state`. Never throws.
 */
export const interimDoseContextSource: DoseContextSource = (state, command) => {
  const { profile } = state;
  const now = command.issuedAtMs;
  let iob = 0;
  let last24 = 0;
  for (const c of state.commands) {
    const ago = (now - c.issuedAtMs) / MINUTE_MS;
    if (ago < 0) continue;
    const amount = c.kind === 'BOLUS' ? c.units : c.kind === 'TEMP_BASAL' ? ((c.units - scheduledBasal(profile, c.issuedAtMs)) * c.durationMinutes) / 60 : 0;
    iob += amount * insulinActiveFraction(ago, profile.insulinActionMinutes, profile.insulinPeakMinutes);
    if (ago <= 1440) last24 += Math.max(0, amount);
  }
  last24 += profile.basalSchedule.reduce((sum, s, i) => sum + s.rateUPerHour * (((profile.basalSchedule[i + 1]?.startMinute ?? 1440) - s.startMinute) / 60), 0);
  let latest: CgmReading | undefined;
  let earlier: CgmReading | undefined;
  for (let i = state.cgm.length - 1; i >= 0; i--) {
    const r = state.cgm[i]!;
    if (r.glucoseMgDl === null || r.timestampMs > now) continue;
    if (!latest) latest = r;
    else if (latest.timestampMs - r.timestampMs >= 15 * MINUTE_MS) {
      earlier = r;
      break;
    }
  }
  const fresh = latest && now - latest.timestampMs <= 12 * MINUTE_MS ? latest : undefined;
  let cob = 0;
  for (const e of state.carbs) {
    const ago = (now - e.timestampMs) / MINUTE_MS;
    if (ago < 180) cob += e.carbsG * Math.min(1, 1 - Math.max(0, ago) / 180);
  }
  const scheduled = scheduledBasal(profile, now);
  const doseInsulinU = command.kind === 'BOLUS' ? command.units
    : command.kind === 'INFUSION_RATE' || command.kind === 'INFUSION_BOLUS' ? 0
    : (((command.kind === 'SUSPEND' ? 0 : command.units) - scheduled) * Math.min(command.durationMinutes || 120, 120)) / 60;
  const cf = profile.correctionFactorMgDlPerU;
  const base = fresh?.glucoseMgDl ?? (profile.targetLowMgDl + profile.targetHighMgDl) / 2;
  return {
    context: {
      glucoseMgDl: fresh?.glucoseMgDl ?? null,
      trend15MgDl: fresh && earlier?.glucoseMgDl != null ? fresh.glucoseMgDl! - earlier.glucoseMgDl : null,
      insulinOnBoardU: iob,
      carbsOnBoardG: cob,
      insulinLast24hU: last24,
      doseInsulinU,
      predictedGlucoseMgDl: base - (iob + doseInsulinU) * cf + (cob / profile.carbRatioGPerU) * cf,
    },
    featureRow: null,
  };
};
