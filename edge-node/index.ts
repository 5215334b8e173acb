/**
 * Public surface of edge-node/: start a node, its CLI group, the pure dose gate and its vocabulary,
 * the device frame format, and the interfaces models plug into.
 */
export { startEdgeNode, edgePaths } from './main.js';
export type { RunningEdgeNode, EdgePlugins } from './main.js';
export { edgeCommands } from './cli.js';
export { EdgeConfigSchema } from './config.js';
export type { EdgeConfig } from './config.js';
export { gateDose } from './gate/gate.js';
export type { GatePolicy, GateRequest, GateDecision } from './gate/gate.js';
export { canonicalCommandBytes, signCommand, verifyCommandTag } from './gate/canonical-command.js';
export type { GateCommand } from './gate/canonical-command.js';
export type { DoseScorer } from './gate/model-stage.js';
export type { DoseContextSource, GateDoseContext, PatientState } from './gate/dose-context.js';
export type { DrugLibraryCheck, DrugLibraryResult } from './gate/drug-library.js';
export type { Reason, ReasonCodeName, VerdictName, Attribution } from './gate/reasons.js';
export { FramePayload, encodeFramePayload } from './ingest/frame-format.js';
export type { TelemetryScorer } from './telemetry/telemetry-scorer.js';
export type { AdherencePredictor } from './service/scoring-service.js';
export { asconTag } from './crypto/ascon-tag.js';
