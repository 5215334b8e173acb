/**
 * Flower-shaped strategy: decides who trains, with what config, and how results combine. No I/O:
 * the round runner owns the loop, deadlines and concurrency. Under CKKS the coordinator cannot see
 * weights, so `aggregate` decides whether the encrypted sum is published, not what it contains.
 */
import type { DeployableChoice, DeployCandidate } from './model-selection.js';

/** Model kinds the federation trains. */
export type ModelKindName = 'MODEL_KIND_DOSE_AUTOENCODER' | 'MODEL_KIND_TELEMETRY_AUTOENCODER' | 'MODEL_KIND_ADHERENCE';

/** Local training settings sent to nodes. */
export interface TrainingConfig {
  localEpochs: number;
  learningRate: number;
  batchSize: number;
  clipNorm: number;
  dpNoiseMultiplier: number;
  fedproxMu: number;
}

/** An enrolled node as strategies see it. */
export interface NodeInfo {
  nodeId: string;
  /** When the node last called the coordinator, epoch ms (stale nodes may be skipped). */
  lastSeenMs: number;
}

/** Input to {@link Strategy.configureRound}. */
export interface ConfigureInput {
  roundSeq: number;
  /**
   * 1 + the federated rounds behind the round's base model (its lineage `roundsInChain`): the clock of the
   * learning-rate schedule (rounds of other kinds and failed rounds do not advance it, unlike `roundSeq`).
   */
  modelRound: number;
  modelKind: ModelKindName;
  nodes: readonly NodeInfo[];
  nowMs: number;
}

/** A strategy's plan for one round. */
export interface RoundPlanDraft {
  config: TrainingConfig;
  selectedNodeIds: string[];
  minNodes: number;
  targetNodes: number;
  deadlineAtMs: number;
}

/** A node's complete, verified submission. */
export interface SubmissionResult {
  nodeId: string;
  sampleWeight: number;
}

/** A node that was planned but did not deliver. */
export interface SubmissionFailure {
  nodeId: string;
  reason: string;
}

/** What the strategy decided about a closed round. */
export interface AggregateDecision {
  publish: boolean;
  reason: string;
  metrics: Record<string, number>;
}

/** A node's evaluation of a round's candidate. */
export interface EvaluationInput {
  nodeId: string;
  weightsSha256Hex: string;
  metrics: Record<string, number>;
  promoted: boolean;
  sampleCount: number;
}

/** Federated evaluation of a round. */
export interface EvaluationSummary {
  /** Sample-weighted mean of every metric the nodes reported. */
  metrics: Record<string, number>;
  /** The hash all nodes agree on, or null when they disagree (the round is then flagged). */
  agreedWeightsSha256Hex: string | null;
  flagged: boolean;
  promotedBy: number;
}

/** The policy of a federation. */
export interface Strategy {
  readonly name: string;
  configureRound(input: ConfigureInput): RoundPlanDraft;
  aggregate(round: { minNodes: number }, results: readonly SubmissionResult[], failures: readonly SubmissionFailure[]): AggregateDecision;
  evaluate(reports: readonly EvaluationInput[]): EvaluationSummary;
  /** @returns the version to publish as deployable among evaluated rounds of one kind, or null when none qualifies. */
  selectDeployable(kind: ModelKindName, candidates: readonly DeployCandidate[]): DeployableChoice | null;
}
