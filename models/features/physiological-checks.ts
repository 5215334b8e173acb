/**
 * Physiological checks on a dose context (what stage 3 of the gate evaluates before the model): a bolus
 * during a low, a dose predicted to drive glucose below the hypoglycaemia threshold, boluses stacked without
 * carbs, and delivery cut while glucose is high. Thresholds follow oref0 and Loop (see clinical-limits.md).
 */
import type { DoseContext } from './dose-context.js';

/** Reason codes of the physiological stage. */
export const PHYSIOLOGICAL_REASONS = ['BOLUS_DURING_LOW', 'PREDICTED_HYPOGLYCAEMIA', 'BOLUS_STACKING', 'DELIVERY_CUT_DURING_HIGH'] as const;
/** A reason code of the physiological stage. */
export type PhysiologicalReason = (typeof PHYSIOLOGICAL_REASONS)[number];

/** Thresholds of {@link physiologicalFindings}. */
export interface PhysiologicalThresholds {
  /** oref0's hypo threshold for min_bg 100: 100 − 0.5·(100 − 40) = 70 mg/dL. */
  lowMgDl: number;
  /** Eventual glucose below this after an insulin-adding command is flagged (below Loop's 67 mg/dL suspend
   * threshold, because the crude correction-factor prediction ignores absorption timing). */
  predictedLowMgDl: number;
  /** Glucose above this makes a suspend or zero temp basal suspicious. */
  highMgDl: number;
}

/** Defaults of {@link PhysiologicalThresholds}. */
export const DEFAULT_PHYSIOLOGICAL_THRESHOLDS: PhysiologicalThresholds = { lowMgDl: 70, predictedLowMgDl: 50, highMgDl: 250 };

/**
 * Evaluates the physiological checks (`carbRatioGPerU` from the patient's profile).
 * @returns the reasons that apply (empty when none).
 */
export function physiologicalFindings(context: DoseContext, carbRatioGPerU: number, thresholds: PhysiologicalThresholds = DEFAULT_PHYSIOLOGICAL_THRESHOLDS): PhysiologicalReason[] {
  const reasons: PhysiologicalReason[] = [];
  const g = context.glucoseMgDl;
  const bolus = context.kind === 'BOLUS';
  // A meal bolus while low is normal when it only covers the carbs just entered (bolus wizards allow it).
  if (bolus && g !== null && g < thresholds.lowMgDl && context.units > context.carbsLast30MinG / carbRatioGPerU + 0.5) reasons.push('BOLUS_DURING_LOW');
  if (context.doseInsulinU > 0 && context.predictedGlucoseMgDl < thresholds.predictedLowMgDl) reasons.push('PREDICTED_HYPOGLYCAEMIA');
  if (bolus && context.bolusesLast1h > 0 && context.carbsLast30MinG === 0 && context.recommendedBolusU < context.units) reasons.push('BOLUS_STACKING');
  const cut = context.kind === 'SUSPEND' || ((context.kind === 'TEMP_BASAL' || context.kind === 'BASAL_RATE') && context.units === 0);
  if (cut && g !== null && g > thresholds.highMgDl && (context.trend15MgDl ?? 0) >= 0) reasons.push('DELIVERY_CUT_DURING_HIGH');
  return reasons;
}
