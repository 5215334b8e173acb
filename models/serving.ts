/**
 * Serving entry points the edge node calls: scorers from a loaded artifact, and the dose-command path
 * (state + command → context, features, score, explanation) through the same feature code as training.
 */
import { VigilError } from '../common/errors/index.js';
import type { DoseCommand } from '../datasets/records.js';
import { AnomalyScorer, type ExplainedAnomalyScore } from './autoencoder/anomaly-scorer.js';
import { AdherenceRiskScorer } from './adherence/risk-scorer.js';
import type { LoadedModel, ModelArtifact } from './artifacts.js';
import { buildDoseContext, doseContextVector, type DoseContext } from './features/dose-context.js';
import type { PatientState } from './features/patient-state.js';

/**
 * @returns an anomaly scorer for an autoencoder artifact.
 * @throws VigilError FAILED_PRECONDITION for an adherence model.
 */
export function anomalyScorerFor(model: ModelArtifact | LoadedModel): AnomalyScorer {
  if (model.kind === 'adherence-risk') throw new VigilError('FAILED_PRECONDITION', 'an adherence-risk model cannot score anomalies');
  return new AnomalyScorer(model.spec, model.normalisation, model.net, model.weights, model.scoring);
}

/**
 * @returns a risk scorer for an adherence artifact.
 * @throws VigilError FAILED_PRECONDITION for an autoencoder.
 */
export function adherenceScorerFor(model: ModelArtifact | LoadedModel): AdherenceRiskScorer {
  if (model.kind !== 'adherence-risk') throw new VigilError('FAILED_PRECONDITION', `a ${model.kind} model cannot predict adherence`);
  return new AdherenceRiskScorer(model.spec, model.normalisation, model.net, model.weights, model.scoring);
}

/** A dose command's context, features and explained anomaly score. */
export interface DoseCommandScore extends ExplainedAnomalyScore {
  context: DoseContext;
  features: Float32Array;
}

/**
 * Scores a dose command against the patient's state just before it.
 * @returns context (for the gate's physiological stage), features, score and top attributions.
 * @throws InvalidArgumentError for infusion commands, a command of another patient, or features that are
 * NaN, ±∞ or out of range (never scored as normal).
 */
export function scoreDoseCommand(scorer: AnomalyScorer, state: PatientState, command: DoseCommand, top = 5): DoseCommandScore {
  const context = buildDoseContext(state, command);
  const features = doseContextVector(context, state.profile);
  return { ...scorer.explain(features, top), context, features };
}
