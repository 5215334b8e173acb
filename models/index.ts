/**
 * Public surface of models/ for serving and evaluation: features (one code path for training and serving),
 * scorers, architectures, weights codec, artifacts, calibration, explanations, model cards. It loads no
 * tfjs, so an edge node serves without it; training (tfjs, backend choice) is `models/training.ts`.
 */
// Serving (edge node gate, scoring API)
export { scoreDoseCommand, anomalyScorerFor, adherenceScorerFor } from './serving.js';
export type { DoseCommandScore } from './serving.js';
export { AnomalyScorer, AutoencoderScoring } from './autoencoder/anomaly-scorer.js';
export type { AnomalyScore, ExplainedAnomalyScore } from './autoencoder/anomaly-scorer.js';
export { AdherenceRiskScorer, AdherenceHead, ADHERENCE_OUTPUTS } from './adherence/risk-scorer.js';
export type { AdherenceRisk, ExplainedAdherenceRisk } from './adherence/risk-scorer.js';
// Features
export { PatientStateTracker } from './features/patient-state.js';
export type { PatientState, PatientStateTrackerOptions } from './features/patient-state.js';
export { buildDoseContext, doseContextVector, doseContextFeatures, DOSE_CONTEXT_SPEC, STALE_CGM_MINUTES } from './features/dose-context.js';
export type { DoseContext } from './features/dose-context.js';
export { insulinOnBoardFraction, insulinOnBoard, netInsulinFromCommands, carbsOnBoard, scheduledBasalUPerHour, minuteOfDay, CARB_ABSORPTION_MINUTES } from './features/insulin-on-board.js';
export type { CarbEntry, NetInsulin } from './features/insulin-on-board.js';
export { inTelemetryWindow, telemetryWindowFeatures, TELEMETRY_WINDOW_SPEC, TELEMETRY_WINDOW_MINUTES } from './features/telemetry-window.js';
export type { TelemetryWindow } from './features/telemetry-window.js';
export { adherenceHistoryFeatures, adherenceLabels, proportionOfDaysCovered, ADHERENCE_HISTORY_SPEC, PDC_ADHERENT } from './features/adherence-history.js';
export type { AdherenceHistory, AdherenceLabels } from './features/adherence-history.js';
export { featureSpecHash, validateFeatureRow, fitNormalisation, applyNormalisation, Normalisation } from './features/feature-spec.js';
export type { FeatureSpec, FeatureDefinition } from './features/feature-spec.js';
export { FEATURE_SPECS } from './features/registry.js';
// Architectures, calibration of an autoencoder's score, the adherence baseline (no tfjs)
export { specForKind } from './features/registry.js';
export { calibrateAutoencoder, autoencoderConfig } from './autoencoder/autoencoder-net.js';
export { adherenceNetConfig, adherenceBaseline } from './adherence/adherence-net.js';
export type { GlobalModel } from './train/local-training.js';
export type { AdherenceDataset } from './adherence/train-adherence.js';
export { DenseForward, DenseNetConfig, denseWeightCount, denseWeightSpecs, denseOutputSize } from './nn/dense-net.js';
export type { Activation } from './nn/dense-net.js';
// Codec and artifacts
export { weightsVersion, weightsBytes, weightsFromBytes } from './weights-codec.js';
export { saveModelArtifact, loadModelArtifact, loadModelCard, ARTIFACT_FILES } from './artifacts.js';
export type { ModelArtifact, LoadedModel } from './artifacts.js';
// Calibration, metrics, explanations, cards
export { Calibrator, fitPlatt, fitIsotonic, calibrate } from './calibration.js';
export { auroc, expectedCalibrationError, brierScore, quantile, detectionRates, bootstrap } from './metrics.js';
export type { DetectionRates, Estimate } from './metrics.js';
export { topAttributions, describeAttributions } from './explain.js';
export type { FeatureAttribution } from './explain.js';
export { ModelCard, CardMetric, MODEL_KINDS } from './card/schema.js';
export type { ModelKind, ModelCardInput } from './card/schema.js';
export { buildModelCard } from './card/build-card.js';
export type { BuildModelCardInput } from './card/build-card.js';
export { renderModelCard } from './card/render.js';
export { modelCommands } from './cli.js';
