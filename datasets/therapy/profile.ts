/**
 * Therapy profiles for virtual patients: pseudonymous id, age group, basal schedule from the model's
 * steady state, carb ratio and correction factor from Quest.csv, and the gate's hard limits.
 */
import { PatientProfile, type AgeGroup } from '../records.js';
import type { Random } from '../random.js';
import { basalUPerMin } from '../patient/uva-padova-model.js';
import type { VirtualPatient } from '../patient/params.js';

/**
 * AndroidAPS hard limits by age group (HardLimits.kt): max bolus, max basal, and max IOB. We use the
 * SMB column (7/13/22 U), not AMA (3/5/7 U): a normal dinner bolus of many virtual adults (80 g at a
 * carb ratio of 5–10 g/U = 8–16 U) already exceeds the AMA value, so AMA limits would flag ordinary
 * meals, whereas the SMB values bound total IOB including user boluses.
 */
export const ANDROIDAPS_HARD_LIMITS: Record<AgeGroup, { maxBolusU: number; maxBasalUPerHour: number; maxInsulinOnBoardU: number }> = {
  child: { maxBolusU: 5, maxBasalUPerHour: 2, maxInsulinOnBoardU: 7 },
  adolescent: { maxBolusU: 10, maxBasalUPerHour: 5, maxInsulinOnBoardU: 13 },
  adult: { maxBolusU: 17, maxBasalUPerHour: 10, maxInsulinOnBoardU: 22 },
};
/** oref0 max_daily_safety_multiplier: the daily total limit is this times the total daily insulin. */
export const DAILY_TOTAL_MULTIPLIER = 3;
/** Duration of insulin action (min), as oref0's rapid-acting default. */
export const INSULIN_ACTION_MINUTES = 360;
/** Peak of insulin action (min), oref0's rapid-acting default. */
export const INSULIN_PEAK_MINUTES = 75;
/** A meal this large (g) must fit under the patient's max bolus with 20% to spare. */
const LARGEST_COVERED_MEAL_G = 100;

/** @returns the age group from the virtual-patient cohort prefix, else from the age (child < 13, adolescent < 18). */
export function ageGroupOf(name: string, ageYears: number): AgeGroup {
  for (const group of ['adolescent', 'adult', 'child'] as const) if (name.startsWith(group)) return group;
  return ageYears < 13 ? 'child' : ageYears < 18 ? 'adolescent' : 'adult';
}

/** Options of {@link buildPatientProfile}. */
export interface ProfileOptions {
  random: Random;
  siteId?: string;
  /** Basal increment of the pump the schedule is programmed on (U/h, default 0.05). */
  basalIncrementUPerHour?: number;
}

/**
 * Builds the therapy profile of a virtual patient. Without Quest answers the 500/1800 rules and the
 * basal share of TDI (~45%) fill in carb ratio, correction factor and TDI.
 * Limits default to AndroidAPS's age-group hard limits, raised only as far as the patient's own therapy
 * needs (max bolus ≥ 1.2 × the bolus for 100 g; max basal ≥ 4 × scheduled basal, oref0's
 * current_basal_safety_multiplier; max IOB ≥ max bolus + 2 h of basal), so normal therapy never trips them.
 * @returns a profile that satisfies the PatientProfile schema. @throws ZodError if the parameters are absurd.
 */
export function buildPatientProfile(patient: VirtualPatient, options: ProfileOptions): PatientProfile {
  const increment = options.basalIncrementUPerHour ?? 0.05;
  const steadyBasalUPerHour = basalUPerMin(patient.params) * 60;
  const basalUPerHour = Math.max(increment, Number((Math.round(steadyBasalUPerHour / increment) * increment).toFixed(4)));
  const totalDailyInsulinU = patient.therapy?.totalDailyInsulinU ?? (steadyBasalUPerHour * 24) / 0.45;
  const ageYears = patient.therapy?.ageYears ?? (patient.name.startsWith('child') ? 10 : patient.name.startsWith('adolescent') ? 15 : 40);
  const carbRatioGPerU = patient.therapy?.carbRatioGPerU ?? Math.round(500 / totalDailyInsulinU);
  const correctionFactorMgDlPerU = patient.therapy?.correctionFactorMgDlPerU ?? 1800 / totalDailyInsulinU;
  const ageGroup = ageGroupOf(patient.name, ageYears);
  const hard = ANDROIDAPS_HARD_LIMITS[ageGroup];
  const maxBolusU = Math.max(hard.maxBolusU, Math.ceil((1.2 * LARGEST_COVERED_MEAL_G) / carbRatioGPerU));
  const maxBasalUPerHour = Math.max(hard.maxBasalUPerHour, Math.ceil(4 * basalUPerHour * 10) / 10);
  return PatientProfile.parse({
    patientId: `p-${options.random.hex(8)}`,
    siteId: options.siteId ?? 'site-unassigned',
    ageGroup,
    ageYears,
    weightKg: patient.params.BW,
    totalDailyInsulinU: Number(totalDailyInsulinU.toFixed(2)),
    carbRatioGPerU,
    correctionFactorMgDlPerU: Number(correctionFactorMgDlPerU.toFixed(2)),
    basalSchedule: [{ startMinute: 0, rateUPerHour: basalUPerHour }],
    targetLowMgDl: 80,
    targetHighMgDl: 140,
    insulinActionMinutes: INSULIN_ACTION_MINUTES,
    insulinPeakMinutes: INSULIN_PEAK_MINUTES,
    limits: {
      maxBolusU,
      maxBasalUPerHour,
      maxInsulinOnBoardU: Math.max(hard.maxInsulinOnBoardU, Math.ceil(maxBolusU + 2 * basalUPerHour)),
      maxDailyTotalU: Math.ceil(DAILY_TOTAL_MULTIPLIER * totalDailyInsulinU),
    },
    virtualPatient: patient.name,
  });
}
