/**
 * Stage 3 — physiological context: for commands that add insulin, the latest glucose, its trend, and
 * the glucose predicted after the dose (from insulin and carbs on board and the correction factor).
 * Thresholds follow oref0: hypo threshold = min_bg − 0.5 × (min_bg − 40); no dosing on stale CGM.
 * A predicted low holds, unless configured to only warn on carb-covered boluses ({@link isCoveredBolus}).
 */
import type { DoseCommand, PatientProfile } from '../../datasets/records.js';
import type { GateDoseContext } from './dose-context.js';
import { fmt, objection, pass, type StageFinding } from './reasons.js';

/** Stage-3 thresholds. */
export interface PhysiologyOptions {
  /** Falling faster than this (mg/dL/min, positive) holds insulin. */
  fallingFastMgDlPerMin: number;
  /** Below this (mg/dL) a predicted glucose is severe: the pump should be suspended (ADA level 2). */
  severeHypoMgDl: number;
  /**
   * What a predicted low does to a carb-covered bolus ({@link isCoveredBolus}: the low comes from insulin
   * already on board, not from insulin nothing calls for): 'hold' (the default) or 'warn' — ALLOW with
   * REASON_PREDICTED_HYPOGLYCAEMIA attached. A clinical decision; `vigil eval anomaly` measures both.
   */
  coveredBolusPredictedHypo: 'hold' | 'warn';
}

/** Defaults: a CGM "single arrow down" (2 mg/dL/min), ADA level-2 hypoglycaemia (54 mg/dL), every predicted low holds. */
export const DEFAULT_PHYSIOLOGY: PhysiologyOptions = { fallingFastMgDlPerMin: 2, severeHypoMgDl: 54, coveredBolusPredictedHypo: 'hold' };

/** oref0's threshold. @returns min_bg − 0.5 × (min_bg − 40) (min_bg 100 → 70). */
export function hypoThresholdMgDl(minBgMgDl: number): number {
  return minBgMgDl - 0.5 * (minBgMgDl - 40);
}

/** Pump rounding and wizard differences a covered bolus may exceed its cover by (U). */
const COVER_TOLERANCE_U = 0.1;

/**
 * Whether a command is a bolus the carbs announced in the last 30 min and a correction from the low end of
 * the target range account for, together with the boluses already given in those 30 min, insulin on board
 * aside — what a bolus wizard that subtracts insulin on board from the correction only would give. It
 * splits predicted lows into carb-covered meal boluses (the low comes from insulin already on board) and
 * insulin nothing calls for — a second bolus for a meal already bolused for among them.
 */
export function isCoveredBolus(profile: PatientProfile, context: GateDoseContext, kind: DoseCommand['kind']): boolean {
  if (kind !== 'BOLUS' || context.glucoseMgDl === null) return false;
  const correctionU = Math.max(0, (context.glucoseMgDl - profile.targetLowMgDl) / profile.correctionFactorMgDlPerU);
  return context.doseInsulinU + context.bolusLast30MinU <= context.carbsLast30MinG / profile.carbRatioGPerU + correctionU + COVER_TOLERANCE_U;
}

/** Stage 3's finding plus what the reply reports. */
export interface PhysiologyFinding extends StageFinding {
  suspendRecommended: boolean;
}

/**
 * Runs stage 3 on a command of `kind`. Commands that add no insulin (suspend, lower basal) pass:
 * withholding insulin cannot cause hypoglycaemia.
 * @returns the finding; suspendRecommended when glucose is, or is heading, below the severe threshold
 * even without this dose. Never throws.
 */
export function checkPhysiology(profile: PatientProfile, context: GateDoseContext, kind: DoseCommand['kind'], options: PhysiologyOptions = DEFAULT_PHYSIOLOGY): PhysiologyFinding {
  let finding = pass();
  const threshold = hypoThresholdMgDl(profile.targetLowMgDl);
  const g = context.glucoseMgDl;
  const withoutDose = context.predictedGlucoseMgDl + context.doseInsulinU * profile.correctionFactorMgDlPerU;
  const suspendRecommended = g !== null && (g < options.severeHypoMgDl || withoutDose < options.severeHypoMgDl);
  if (suspendRecommended) {
    finding = objection(finding, 'HOLD', 'REASON_SUSPEND_RECOMMENDED', `Glucose ${fmt(g)} mg/dL is heading to ${fmt(withoutDose)} mg/dL even without this dose; suspending delivery is recommended.`);
  }
  if (context.doseInsulinU <= 0) return { ...finding, verdict: 'ALLOW', suspendRecommended };
  if (g === null) {
    return { ...objection(finding, 'HOLD', 'REASON_NO_RECENT_GLUCOSE', 'No CGM reading in the last 12 minutes; insulin needs a clinician to confirm.'), suspendRecommended };
  }
  if (g < threshold) {
    finding = objection(finding, 'REJECT', 'REASON_GLUCOSE_BELOW_HYPO_THRESHOLD', `Glucose ${fmt(g)} mg/dL is below the hypoglycaemia threshold ${fmt(threshold)} mg/dL.`);
  }
  if (context.trend15MgDl !== null && context.trend15MgDl / 15 < -options.fallingFastMgDlPerMin) {
    finding = objection(finding, 'HOLD', 'REASON_GLUCOSE_FALLING_FAST', `Glucose is falling ${fmt(-context.trend15MgDl / 15)} mg/dL/min (limit ${fmt(options.fallingFastMgDlPerMin)}).`);
  }
  if (context.predictedGlucoseMgDl < threshold) {
    const text = `Glucose is predicted to reach ${fmt(context.predictedGlucoseMgDl)} mg/dL after this dose (threshold ${fmt(threshold)} mg/dL).`;
    if (options.coveredBolusPredictedHypo === 'warn' && isCoveredBolus(profile, context, kind)) {
      finding = objection(finding, 'ALLOW', 'REASON_PREDICTED_HYPOGLYCAEMIA', `${text} The bolus matches the announced carbs and glucose, so the low comes from insulin already on board: allowed with this warning (consider a smaller dose).`);
    } else {
      finding = objection(finding, 'HOLD', 'REASON_PREDICTED_HYPOGLYCAEMIA', text);
    }
  }
  return { ...finding, suspendRecommended };
}
