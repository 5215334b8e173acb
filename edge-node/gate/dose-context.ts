/**
 * What stages 2–4 read about a patient, as an injected interface. The one feature code path lives in
 * models/features (buildDoseContext over a PatientState, maintained by PatientStateTracker); the gate
 * consumes it through {@link DoseContextSource} so it is wired in one place (edge-node/main.ts) and
 * tested with fakes. The implementation is models-context-source.ts (models/features).
 */
import type { DoseCommand } from '../../datasets/records.js';
import type { PatientState } from '../../models/features/patient-state.js';

export type { PatientState } from '../../models/features/patient-state.js';
export type { CarbEntry } from '../../models/features/insulin-on-board.js';

/** The physiological context of a dose command (a subset of models/features DoseContext). */
export interface GateDoseContext {
  /** Latest CGM if fresh (≤ 12 min old), else null. */
  glucoseMgDl: number | null;
  /** Glucose change over the last 15 min, mg/dL (null when unknown). */
  trend15MgDl: number | null;
  insulinOnBoardU: number;
  carbsOnBoardG: number;
  /** Carbs announced in the last 30 min, g (the meal a bolus now is for). */
  carbsLast30MinG: number;
  /** Bolus insulin issued in the last 30 min, U (what already covers those carbs). */
  bolusLast30MinU: number;
  /** Insulin over the last 24 h (basal as delivered plus boluses), U. */
  insulinLast24hU: number;
  /** Insulin the command adds over the next 2 h beyond the scheduled basal, U. */
  doseInsulinU: number;
  /** Eventual glucose after the dose: BG − (IOB + dose)·CF + COB/CR·CF. */
  predictedGlucoseMgDl: number;
}

/** Builds the context and the model's feature row for one command (row null: the model cannot score it). */
export type DoseContextSource = (state: PatientState, command: DoseCommand) => { context: GateDoseContext; featureRow: Float32Array | number[] | null };
