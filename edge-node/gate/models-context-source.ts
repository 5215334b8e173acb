/**
 * The gate's dose context from the one feature code path of models/: buildDoseContext over the patient's
 * state (insulin on board from exponential activity curves, carbs on board, trends, predicted glucose) and
 * doseContextVector, the row the deployed autoencoder scores. Training replays streams through the same
 * functions, so the model sees in service exactly what it saw in training.
 */
import { buildDoseContext, doseContextVector } from '../../models/index.js';
import type { DoseContextSource } from './dose-context.js';

/** Infusion commands have no insulin dose context: the drug library judges them. */
const NO_INSULIN_CONTEXT = { glucoseMgDl: null, trend15MgDl: null, insulinOnBoardU: 0, carbsOnBoardG: 0, carbsLast30MinG: 0, bolusLast30MinU: 0, insulinLast24hU: 0, doseInsulinU: 0, predictedGlucoseMgDl: 0 };

function allFinite(row: Float32Array): boolean {
  for (let j = 0; j < row.length; j++) if (!Number.isFinite(row[j])) return false;
  return true;
}

/** @returns the context and the model's feature row of `command` given the patient's state. */
export const modelsDoseContextSource: DoseContextSource = (state, command) => {
  if (command.kind === 'INFUSION_RATE' || command.kind === 'INFUSION_BOLUS') return { context: NO_INSULIN_CONTEXT, featureRow: null };
  const context = buildDoseContext(state, command);
  const row = doseContextVector(context, state.profile);
  return {
    context: {
      glucoseMgDl: context.glucoseMgDl,
      trend15MgDl: context.trend15MgDl,
      insulinOnBoardU: context.insulinOnBoardU,
      carbsOnBoardG: context.carbsOnBoardG,
      carbsLast30MinG: context.carbsLast30MinG,
      bolusLast30MinU: context.bolusLast30MinU,
      insulinLast24hU: context.insulinLast24hU,
      doseInsulinU: context.doseInsulinU,
      predictedGlucoseMgDl: context.predictedGlucoseMgDl,
    },
    featureRow: allFinite(row) ? row : null,
  };
};
