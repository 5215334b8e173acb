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
  /** Eventual glucose below this after an insulin-adding command is flagged. */
  predictedLowMgDl: number;
  /** Glucose above this makes a suspend or zero temp basal suspicious. */
  highMgDl: number;
}

/** Defaults of {@link PhysiologicalThresholds}. */
export const DEFAULT_PHYSIOLOGICAL_THRESHOLDS: PhysiologicalThresholds = { lowMgDl: 70, predictedLowMgDl: 55, highMgDl: 250 };

/**
 * Evaluates the physiological checks.
 * @returns the reasons that apply (empty when none).
 */
export function physiologicalFindings(context: DoseContext, thresholds: PhysiologicalThresholds = DEFAULT_PHYSIOLOGICAL_THRESHOLDS): PhysiologicalReason[] {
  const reasons: PhysiologicalReason[] = [];
  const g = context.glucoseMgDl;
  const bolus = context.kind === 'BOLUS';
  if (bolus && g !== null && g < thresholds.lowMgDl) reasons.push('BOLUS_DURING_LOW');
  if (context.doseInsulinU > 0 && context.predictedGlucoseMgDl < thresholds.predictedLowMgDl) reasons.push('PREDICTED_HYPOGLYCAEMIA');
  if (bolus && context.bolusesLast1h > 0 && context.carbsLast30MinG === 0 && context.recommendedBolusU < context.units) reasons.push('BOLUS_STACKING');
  const cut = context.kind === 'SUSPEND' || ((context.kind === 'TEMP_BASAL' || context.kind === 'BASAL_RATE') && context.units === 0);
  if (cut && g !== null && g > thresholds.highMgDl && (context.trend15MgDl ?? 0) >= 0) reasons.push('DELIVERY_CUT_DURING_HIGH');
  return reasons;
}
