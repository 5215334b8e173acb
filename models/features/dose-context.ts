/**
 * Dose-context features: one dose command in its physiological context (glucose and trend, insulin
 * and carbs on board, recent boluses, predicted glucose after the dose), normalised by the patient's own
 * profile (total daily insulin, carb ratio, correction factor) so one model serves children and adults.
 * Pure functions of a {@link PatientState}: training replays a stream through the same code the gate runs.
 * A state from PatientStateTracker carries its incremental insulin history, so a context costs a walk
 * over the last day of amounts instead of a rebuild of the 30-h command history; the result is the same.
 */
import { InvalidArgumentError } from '../../common/errors/index.js';
import type { DoseCommand, DoseKind, PatientProfile } from '../../datasets/records.js';
import type { FeatureSpec } from './feature-spec.js';
import { carbsOnBoard, insulinOnBoard, minuteOfDay, netInsulinFromCommands, scheduledBasalUPerHour, scheduledInsulin } from './insulin-on-board.js';
import type { InsulinSummary } from './insulin-history.js';
import type { PatientState } from './patient-state.js';

const MINUTE_MS = 60_000;
/** CGM older than this is not used (oref0: 12 min). */
export const STALE_CGM_MINUTES = 12;
/** A basal command's extra insulin is counted over at most this horizon. */
const BASAL_HORIZON_MINUTES = 120;

/** The physiological context of a dose command, in physical units (what stage 3 of the gate reads). */
export interface DoseContext {
  kind: DoseKind;
  units: number;
  durationMinutes: number;
  minuteOfDay: number;
  /** Latest CGM if fresh (≤ 12 min old), else null. */
  glucoseMgDl: number | null;
  trend15MgDl: number | null;
  trend30MgDl: number | null;
  insulinOnBoardU: number;
  carbsOnBoardG: number;
  /** Carbs entered in the 30 min before the command (meal announcements). */
  carbsLast30MinG: number;
  /** Bolus insulin issued in the 30 min before the command, U (what already covers those carbs). */
  bolusLast30MinU: number;
  bolusesLast1h: number;
  bolusesLast3h: number;
  bolusesLast24h: number;
  /** Insulin (basal as delivered plus boluses) over the last 24 h, and since local midnight. */
  insulinLast24hU: number;
  insulinTodayU: number;
  minutesSinceLastBolus: number | null;
  /** Insulin the command adds over the next 2 h beyond the scheduled basal (negative for a suspend). */
  doseInsulinU: number;
  /** What a bolus wizard would give now: carbs/CR + correction − IOB, at least 0. */
  recommendedBolusU: number;
  /** Eventual glucose after the dose from the correction factor: BG − (IOB + dose)·CF + COB/CR·CF. */
  predictedGlucoseMgDl: number;
}

function glucoseAt(state: PatientState, targetMs: number, toleranceMs: number): number | null {
  let best: number | null = null;
  let bestGap = toleranceMs;
  for (let i = state.cgm.length - 1; i >= 0; i--) {
    const r = state.cgm[i]!;
    const gap = Math.abs(r.timestampMs - targetMs);
    if (r.glucoseMgDl !== null && gap <= bestGap) {
      best = r.glucoseMgDl;
      bestGap = gap;
    }
    if (r.timestampMs < targetMs - toleranceMs) break;
  }
  return best;
}

/**
 * The insulin and bolus features from the whole command list: the definition, and what runs when the
 * state carries no insulin history that can serve it (see InsulinHistory.serves).
 */
function insulinFromScratch(state: PatientState, now: number, dayAgoMs: number, dayStartMs: number, offset: number): InsulinSummary {
  const { profile } = state;
  const net = netInsulinFromCommands(state.commands, profile, now, offset);
  const iob = insulinOnBoard(net, now, profile.insulinActionMinutes, profile.insulinPeakMinutes);
  let b1 = 0;
  let b3 = 0;
  let b24 = 0;
  let u30 = 0;
  let lastBolusMs: number | null = null;
  for (const c of state.commands) {
    if (c.kind !== 'BOLUS' || c.issuedAtMs > now) continue;
    const ago = now - c.issuedAtMs;
    if (ago <= 30 * MINUTE_MS) u30 += c.units;
    if (ago <= 24 * 60 * MINUTE_MS) b24++;
    if (ago <= 3 * 60 * MINUTE_MS) b3++;
    if (ago <= 60 * MINUTE_MS) b1++;
    lastBolusMs = c.issuedAtMs;
  }
  let net24 = 0;
  let netToday = 0;
  for (const a of net) {
    if (a.atMs >= dayAgoMs) net24 += a.units;
    if (a.atMs >= dayStartMs) netToday += a.units;
  }
  return { insulinOnBoardU: iob, netLast24hU: net24, netTodayU: netToday, bolusesLast1h: b1, bolusesLast3h: b3, bolusesLast24h: b24, bolusLast30MinU: u30, lastBolusMs };
}

/**
 * Builds the physiological context of `command` from the state just before it.
 * @throws InvalidArgumentError for infusion commands (the drug library, not this model, judges them)
 * or a command for another patient.
 */
export function buildDoseContext(state: PatientState, command: DoseCommand): DoseContext {
  const { profile } = state;
  if (command.kind === 'INFUSION_RATE' || command.kind === 'INFUSION_BOLUS') {
    throw new InvalidArgumentError([{ field: 'command.kind', description: `${command.kind} has no insulin dose context` }]);
  }
  if (command.patientId !== profile.patientId) {
    throw new InvalidArgumentError([{ field: 'command.patientId', description: 'does not match the patient state' }]);
  }
  const now = command.issuedAtMs;
  const offset = state.utcOffsetMinutes ?? 0;
  const tod = minuteOfDay(now, offset);
  let latest: { g: number; t: number } | null = null;
  for (let i = state.cgm.length - 1; i >= 0; i--) {
    const r = state.cgm[i]!;
    if (r.timestampMs <= now && r.glucoseMgDl !== null) {
      latest = { g: r.glucoseMgDl, t: r.timestampMs };
      break;
    }
  }
  const fresh = latest !== null && now - latest.t <= STALE_CGM_MINUTES * MINUTE_MS ? latest : null;
  const g15 = fresh ? glucoseAt(state, fresh.t - 15 * MINUTE_MS, 4 * MINUTE_MS) : null;
  const g30 = fresh ? glucoseAt(state, fresh.t - 30 * MINUTE_MS, 4 * MINUTE_MS) : null;

  const cob = carbsOnBoard(state.carbs, now);
  let carbs30 = 0;
  for (const entry of state.carbs) if (entry.timestampMs <= now && now - entry.timestampMs <= 30 * MINUTE_MS) carbs30 += entry.carbsG;

  const dayStartMs = now - tod * MINUTE_MS;
  const dayAgoMs = now - 1440 * MINUTE_MS;
  const history = state.insulinHistory;
  const incremental = history !== undefined && history.serves(state, now);
  const insulin = incremental ? history.summarise(now, dayAgoMs, dayStartMs) : insulinFromScratch(state, now, dayAgoMs, dayStartMs, offset);
  const iob = insulin.insulinOnBoardU;
  const lastBolusMs = insulin.lastBolusMs;
  const scheduled24 = incremental ? history.scheduledInsulin(dayAgoMs, now) : scheduledInsulin((minute) => scheduledBasalUPerHour(profile, minute), dayAgoMs, now, offset);
  const scheduledToday = incremental ? history.scheduledInsulin(dayStartMs, now) : scheduledInsulin((minute) => scheduledBasalUPerHour(profile, minute), dayStartMs, now, offset);
  const insulinLast24hU = Math.max(0, insulin.netLast24hU + scheduled24);
  const insulinTodayU = Math.max(0, insulin.netTodayU + scheduledToday);

  const scheduled = scheduledBasalUPerHour(profile, tod);
  let doseInsulinU = 0;
  if (command.kind === 'BOLUS') doseInsulinU = command.units;
  else {
    const rate = command.kind === 'SUSPEND' ? 0 : command.units;
    const minutes = command.durationMinutes > 0 ? Math.min(command.durationMinutes, BASAL_HORIZON_MINUTES) : BASAL_HORIZON_MINUTES;
    doseInsulinU = ((rate - scheduled) * minutes) / 60;
  }
  const cf = profile.correctionFactorMgDlPerU;
  const target = (profile.targetLowMgDl + profile.targetHighMgDl) / 2;
  const glucoseForDosing = fresh?.g ?? target;
  const recommendedBolusU = Math.max(0, carbs30 / profile.carbRatioGPerU + (glucoseForDosing - target) / cf - Math.max(0, iob));
  const predictedGlucoseMgDl = glucoseForDosing - (iob + doseInsulinU) * cf + (cob / profile.carbRatioGPerU) * cf;

  return {
    kind: command.kind,
    units: command.units,
    durationMinutes: command.durationMinutes,
    minuteOfDay: tod,
    glucoseMgDl: fresh?.g ?? null,
    trend15MgDl: fresh && g15 !== null ? fresh.g - g15 : null,
    trend30MgDl: fresh && g30 !== null ? fresh.g - g30 : null,
    insulinOnBoardU: iob,
    carbsOnBoardG: cob,
    carbsLast30MinG: carbs30,
    bolusLast30MinU: insulin.bolusLast30MinU,
    bolusesLast1h: insulin.bolusesLast1h,
    bolusesLast3h: insulin.bolusesLast3h,
    bolusesLast24h: insulin.bolusesLast24h,
    insulinLast24hU,
    insulinTodayU,
    minutesSinceLastBolus: lastBolusMs === null ? null : (now - lastBolusMs) / MINUTE_MS,
    doseInsulinU,
    recommendedBolusU,
    predictedGlucoseMgDl,
  };
}

/** The dose-context feature spec (order = vector order). */
export const DOSE_CONTEXT_SPEC: FeatureSpec = {
  id: 'dose-context',
  version: 1,
  features: [
    { name: 'is_bolus', humanName: 'command is a bolus', min: 0, max: 1 },
    { name: 'is_basal_rate', humanName: 'command sets the basal rate', min: 0, max: 1 },
    { name: 'is_temp_basal', humanName: 'command is a temporary basal', min: 0, max: 1 },
    { name: 'is_suspend', humanName: 'command suspends delivery', min: 0, max: 1 },
    { name: 'bolus_per_tdi', humanName: 'bolus size (fraction of total daily insulin)', min: 0, max: 10 },
    { name: 'bolus_per_max_bolus', humanName: 'bolus size (fraction of max bolus)', min: 0, max: 20 },
    { name: 'rate_vs_scheduled', humanName: 'basal rate relative to the scheduled rate', min: 0, max: 200 },
    { name: 'temp_duration_hours', humanName: 'temporary basal duration (h)', min: 0, max: 24 },
    { name: 'time_of_day_sin', humanName: 'time of day (sine)', min: -1, max: 1 },
    { name: 'time_of_day_cos', humanName: 'time of day (cosine)', min: -1, max: 1 },
    { name: 'glucose', humanName: 'current glucose', min: -3, max: 12 },
    { name: 'glucose_missing', humanName: 'no fresh glucose reading', min: 0, max: 1 },
    { name: 'glucose_trend_15min', humanName: 'glucose trend over 15 min', min: -25, max: 25 },
    { name: 'glucose_trend_30min', humanName: 'glucose trend over 30 min', min: -25, max: 25 },
    { name: 'insulin_on_board', humanName: 'insulin on board (hours of usual insulin)', min: -100, max: 500 },
    { name: 'carbs_on_board', humanName: 'carbs on board (hours of usual insulin)', min: 0, max: 1000 },
    { name: 'carbs_last_30min', humanName: 'carbs entered in the last 30 min (hours of usual insulin)', min: 0, max: 1000 },
    { name: 'boluses_last_1h', humanName: 'boluses in the last hour', min: 0, max: 1000 },
    { name: 'boluses_last_3h', humanName: 'boluses in the last 3 hours', min: 0, max: 1000 },
    { name: 'boluses_last_24h', humanName: 'boluses in the last 24 hours', min: 0, max: 10000 },
    { name: 'insulin_last_24h_per_tdi', humanName: 'insulin in the last 24 h (fraction of total daily insulin)', min: 0, max: 100 },
    { name: 'insulin_today_per_tdi', humanName: 'insulin so far today (fraction of total daily insulin)', min: 0, max: 100 },
    { name: 'time_since_last_bolus', humanName: 'time since the last bolus (log scale)', min: 0, max: 1 },
    { name: 'dose_insulin', humanName: 'insulin this command adds (hours of usual insulin)', min: -100, max: 1000 },
    { name: 'dose_excess', humanName: 'insulin beyond what carbs and glucose call for (hours of usual insulin)', min: -1000, max: 1000 },
    { name: 'predicted_glucose', humanName: 'predicted glucose after the dose', min: -10_000, max: 10_000 },
  ],
};

const LOG_DAY = Math.log1p(1440);

/**
 * Turns a context into the model's raw feature vector (before standardisation).
 * @returns a Float32Array in {@link DOSE_CONTEXT_SPEC} order (values not yet range-checked).
 */
export function doseContextVector(context: DoseContext, profile: PatientProfile, out = new Float32Array(DOSE_CONTEXT_SPEC.features.length)): Float32Array {
  const hourlyU = profile.totalDailyInsulinU / 24;
  const isBolus = context.kind === 'BOLUS';
  const angle = (2 * Math.PI * context.minuteOfDay) / 1440;
  const scheduled = scheduledBasalUPerHour(profile, context.minuteOfDay);
  const g = context.glucoseMgDl;
  out[0] = isBolus ? 1 : 0;
  out[1] = context.kind === 'BASAL_RATE' ? 1 : 0;
  out[2] = context.kind === 'TEMP_BASAL' ? 1 : 0;
  out[3] = context.kind === 'SUSPEND' ? 1 : 0;
  out[4] = isBolus ? context.units / profile.totalDailyInsulinU : 0;
  out[5] = isBolus ? context.units / profile.limits.maxBolusU : 0;
    // A zero scheduled basal (allowed by the profile schema) must not divide by zero.
  out[6] = isBolus ? 1 : context.kind === 'SUSPEND' ? 0 : context.units / Math.max(scheduled, 0.05);
  out[7] = context.kind === 'TEMP_BASAL' || context.kind === 'SUSPEND' ? context.durationMinutes / 60 : 0;
  out[8] = Math.sin(angle);
  out[9] = Math.cos(angle);
  out[10] = g === null ? 0 : (g - 120) / 60;
  out[11] = g === null ? 1 : 0;
  out[12] = (context.trend15MgDl ?? 0) / 30;
  out[13] = (context.trend30MgDl ?? 0) / 30;
  out[14] = context.insulinOnBoardU / hourlyU;
  out[15] = context.carbsOnBoardG / profile.carbRatioGPerU / hourlyU;
  out[16] = context.carbsLast30MinG / profile.carbRatioGPerU / hourlyU;
  out[17] = context.bolusesLast1h;
  out[18] = context.bolusesLast3h;
  out[19] = context.bolusesLast24h;
  out[20] = context.insulinLast24hU / profile.totalDailyInsulinU;
  out[21] = context.insulinTodayU / profile.totalDailyInsulinU;
  out[22] = context.minutesSinceLastBolus === null ? 1 : Math.min(1, Math.log1p(Math.max(0, context.minutesSinceLastBolus)) / LOG_DAY);
  out[23] = context.doseInsulinU / hourlyU;
  out[24] = (context.doseInsulinU - (isBolus ? context.recommendedBolusU : 0)) / hourlyU;
  out[25] = (context.predictedGlucoseMgDl - 120) / 60;
  return out;
}

/**
 * The one code path from state and command to raw dose-context features (training, evaluation, gate).
 * @returns the raw feature vector. @throws InvalidArgumentError as {@link buildDoseContext}.
 */
export function doseContextFeatures(state: PatientState, command: DoseCommand): Float32Array {
  return doseContextVector(buildDoseContext(state, command), state.profile);
}
