/**
 * GateDose as pure domain code: stage 1 (authenticity and freshness) → stage 2 (hard limits) →
 * stage 3 (physiological context) → stage 4 (the model). A later stage can only tighten the verdict;
 * a REJECT in stages 1–3 skips the model (NOT_CONSULTED). No I/O: the caller looks up the issuer,
 * device, patient state and counters, and makes the decision durable.
 */
import { minuteOfDay } from './minute-of-day.js';
import { checkAuthenticity, type FreshnessOptions } from './authenticity.js';
import type { GateCommand } from './canonical-command.js';
import type { DoseContextSource, GateDoseContext, PatientState } from './dose-context.js';
import type { DrugLibraryCheck } from './drug-library.js';
import { checkHardLimits, type AbsoluteCeilings, type InfusionStepOptions } from './hard-limits.js';
import { runModelStage, type DoseScorer } from './model-stage.js';
import { checkPhysiology, type PhysiologyOptions } from './physiology.js';
import { tighten, type Attribution, type ModelStatusName, type Reason, type VerdictName } from './reasons.js';

/** Collaborators and policy of the gate. */
export interface GatePolicy {
  contextSource: DoseContextSource;
  drugLibrary: DrugLibraryCheck;
  /** The deployed dose autoencoder, or null (rules only). */
  scorer: DoseScorer | null;
  freshness: FreshnessOptions;
  ceilings: AbsoluteCeilings;
  infusionStep: InfusionStepOptions;
  physiology: PhysiologyOptions;
}

/** One command and what the caller looked up for it. */
export interface GateRequest {
  command: GateCommand;
  nowMs: number;
  issuerKey: Uint8Array | null;
  device: { patientId: string; kind: string } | null;
  /** The patient's state, or null when the patient is unknown. */
  patient: PatientState | null;
  lastCounter: number | null;
  takeRateToken: () => boolean;
  /** The command's canonical bytes if the caller already encoded them (else stage 1 encodes them). */
  canonicalBytes?: Uint8Array;
}

/** The gate's decision (the domain form of GateVerdict, before holds and audit). */
export interface GateDecision {
  verdict: VerdictName;
  reasons: Reason[];
  anomalyScore: number;
  anomalyThreshold: number;
  modelVersion: string;
  modelStatus: ModelStatusName;
  attributions: Attribution[];
  suspendRecommended: boolean;
  insulinOnBoardU: number;
  predictedGlucoseMgDl: number;
  /** True when stage 1 passed: the counter is consumed and the command counts toward bursts. */
  authentic: boolean;
  /** The model's failure, if it failed (for the log and a MODEL_DEGRADED alert). */
  modelFailure: unknown;
}

/** Tightens the decision by a stage's finding (a module function: a per-call closure costs a defineProperty under tsx's keepNames). */
function apply(decision: GateDecision, finding: { verdict: VerdictName; reasons: Reason[] }): void {
  decision.verdict = tighten(decision.verdict, finding.verdict);
  decision.reasons.push(...finding.reasons);
}

/**
 * Gates one dose command.
 * @returns the decision. Never throws for any command; a throwing context source degrades to
 * NO_RECENT_GLUCOSE-style caution (HOLD) rather than an error.
 */
export function gateDose(request: GateRequest, policy: GatePolicy): GateDecision {
  const { command } = request;
  const decision: GateDecision = {
    verdict: 'ALLOW', reasons: [], anomalyScore: 0, anomalyThreshold: 0, modelVersion: '', modelStatus: 'NOT_CONSULTED',
    attributions: [], suspendRecommended: false, insulinOnBoardU: 0, predictedGlucoseMgDl: 0, authentic: false, modelFailure: null,
  };
  const stage1 = checkAuthenticity({
    command, nowMs: request.nowMs, issuerKey: request.issuerKey, device: request.device, patientKnown: request.patient !== null,
    lastCounter: request.lastCounter, takeRateToken: request.takeRateToken, freshness: policy.freshness,
    ...(request.canonicalBytes ? { canonicalBytes: request.canonicalBytes } : {}),
  });
  if (stage1.verdict !== 'ALLOW' || request.patient === null) return { ...decision, verdict: 'REJECT', reasons: stage1.reasons };
  decision.authentic = true;
  const state = request.patient;
  const isInfusion = command.kind === 'INFUSION_RATE' || command.kind === 'INFUSION_BOLUS';
  let context: GateDoseContext | null = null;
  let featureRow: Float32Array | number[] | null = null;
  let contextFailed = false;
  if (!isInfusion) {
    try {
      ({ context, featureRow } = policy.contextSource(state, command));
    } catch (error) {
      contextFailed = true;
      decision.modelFailure = error;
    }
  }
  apply(decision, checkHardLimits({ command, profile: state.profile, context, minuteOfDay: minuteOfDay(command.issuedAtMs, state.utcOffsetMinutes ?? 0), drugLibrary: policy.drugLibrary, ceilings: policy.ceilings, infusionStep: policy.infusionStep, delivered: state.commands }));
  if (context) {
    decision.insulinOnBoardU = context.insulinOnBoardU;
    decision.predictedGlucoseMgDl = context.glucoseMgDl === null ? 0 : context.predictedGlucoseMgDl;
    const stage3 = checkPhysiology(state.profile, context, command.kind, policy.physiology);
    apply(decision, stage3);
    decision.suspendRecommended = stage3.suspendRecommended;
  } else if (contextFailed) {
    apply(decision, { verdict: 'HOLD', reasons: [{ code: 'REASON_NO_RECENT_GLUCOSE', text: 'The physiological context could not be computed; a clinician must confirm.' }] });
  }
  if (decision.verdict === 'REJECT') return decision;
  const stage4 = runModelStage(policy.scorer, isInfusion ? null : featureRow);
  if (isInfusion && policy.scorer !== null) {
    // The dose autoencoder models insulin commands only; the drug library is the floor for infusions.
    stage4.reasons = [{ code: 'REASON_MODEL_UNAVAILABLE', text: 'The anomaly model does not cover infusion commands; the verdict rests on the drug library.' }];
  }
  apply(decision, stage4);
  return {
    ...decision,
    anomalyScore: stage4.score, anomalyThreshold: stage4.threshold, modelVersion: stage4.version, modelStatus: stage4.status,
    attributions: stage4.attributions, modelFailure: decision.modelFailure ?? stage4.failure,
  };
}
