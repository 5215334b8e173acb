import { baseMetricsOf, candidateMetricsOf, gaussianEpsilon } from '../common/federated/index.js';
import type { AuditSink } from './audit-sink.js';
import type { CoordinatorStore, DeployableRecord, EvaluationRecord, ModelRecord } from './store/coordinator-store.js';
import type { DeployCandidate } from './strategy/model-selection.js';
import type { EvaluationSummary, ModelKindName, Strategy } from './strategy/strategy.js';

/** δ used for DP accounting in model lineage. */
export const DP_DELTA = 1e-5;

/** Lineage recorded for every federated model version (shown in model cards). */
export interface FederatedLineage {
  roundId: string;
  parentVersion: string;
  roundsInChain: number;
  nodeCount: number;
  totalSampleWeight: number;
  participants: string[];
  strategy: string;
  keysetFingerprint: string;
  heParameters: Record<string, unknown>;
  dp: { noiseMultiplier: number; clipNorm: number; epsilon: number; delta: number; rounds: number } | null;
  federatedMetrics: Record<string, number>;
  /** tfjs backends the reporting nodes trained their updates on (sorted, distinct; nodes that did not say are left out). */
  trainingBackends: string[];
  /** The parent version as the same nodes rated it on the same hold-out data (empty when they did not). */
  parentFederatedMetrics: Record<string, number>;
  promotedBy: number;
  evaluations: number;
  hashAgreement: 'agreed' | 'disagreed';
}

/**
 * Records a node's evaluation of a published round and (re)registers the resulting model version, named by
 * the weights hash the nodes report after decryption. Disagreeing hashes flag the round and its version.
 * @returns the federated evaluation so far.
 */
export async function recordEvaluation(
  deps: { store: CoordinatorStore; strategy: Strategy; audit: AuditSink; heParameters: Record<string, unknown>; keysetFingerprint: string; nowMs: number },
  evaluation: EvaluationRecord,
): Promise<EvaluationSummary> {
  const { store } = deps;
  const round = store.getRound(evaluation.roundId)!;
  store.putEvaluation(evaluation);
  const reports = store.evaluations(round.roundId);
  const summary = deps.strategy.evaluate(reports);
  const versions = [...new Set(reports.map((r) => r.weightsSha256Hex))];
  const parent = store.getModel(round.baseVersion);
  const chainRounds = ((parent?.lineage['roundsInChain'] as number | undefined) ?? 0) + 1;
  const noisyRounds = ((parent?.lineage['dp'] as { rounds?: number } | null | undefined)?.rounds ?? 0) + (round.config.dpNoiseMultiplier > 0 ? 1 : 0);
  const participants = store.participants(round.roundId).filter((p) => p.status === 'submitted').map((p) => p.nodeId);
  const lineage: FederatedLineage = {
    roundId: round.roundId,
    parentVersion: round.baseVersion,
    roundsInChain: chainRounds,
    nodeCount: round.nodeCount,
    totalSampleWeight: round.totalWeight,
    participants,
    strategy: deps.strategy.name,
    keysetFingerprint: deps.keysetFingerprint,
    heParameters: deps.heParameters,
    dp: round.config.dpNoiseMultiplier > 0
      ? { noiseMultiplier: round.config.dpNoiseMultiplier, clipNorm: round.config.clipNorm, ...pick(gaussianEpsilon(round.config.dpNoiseMultiplier, noisyRounds, DP_DELTA)) }
      : null,
    federatedMetrics: candidateMetricsOf(summary.metrics),
    trainingBackends: [...new Set(reports.map((r) => r.trainingBackend).filter((b) => b !== ''))].sort(),
    parentFederatedMetrics: baseMetricsOf(summary.metrics),
    promotedBy: summary.promotedBy,
    evaluations: reports.length,
    hashAgreement: summary.flagged ? 'disagreed' : 'agreed',
  };
  for (const version of versions) {
    const model: ModelRecord = {
      version,
      modelKind: round.modelKind,
      parentVersion: round.baseVersion,
      roundId: round.roundId,
      createdAtMs: deps.nowMs,
      weightCount: round.weightCount,
      manifestJson: parent?.manifestJson ?? '{}',
      genesisWeights: null,
      lineage: lineage as unknown as Record<string, unknown>,
      flagged: summary.flagged,
    };
    store.putModel(model);
    store.updateModel(version, model.lineage, summary.flagged);
  }
  if (!store.getRound(round.roundId)?.resultVersion && summary.agreedWeightsSha256Hex) {
    store.setResultVersion(round.roundId, summary.agreedWeightsSha256Hex);
  }
  await deps.audit.append({ type: 'deployment', data: { nodeId: evaluation.nodeId, model: round.modelKind, version: evaluation.weightsSha256Hex, action: evaluation.promoted ? 'promote' : 'keep', roundId: round.roundId, reason: evaluation.reason, flagged: summary.flagged } });
  await refreshDeployable(deps, round.modelKind);
  return summary;
}

/** The node id deployment audit entries carry when the coordinator itself chose the deployable version. */
export const COORDINATOR_AUDIT_ID = 'coordinator';

/**
 * Re-ranks every published round of `kind` by its federated evaluation (the strategy's `evaluate` over the
 * reports stored so far, then `selectDeployable`) and records the winner as the deployable version, so the
 * choice survives a restart and is the same whichever coordinator process computes it. A change of version
 * goes into the audit log. Uses only what nodes reported about their own hold-out data.
 * @returns the deployable record now in force, or undefined when no round qualifies.
 */
export async function refreshDeployable(deps: { store: CoordinatorStore; strategy: Strategy; audit: AuditSink; nowMs: number }, kind: ModelKindName): Promise<DeployableRecord | undefined> {
  const { store, strategy } = deps;
  const candidates: DeployCandidate[] = [];
  const bases: DeployCandidate[] = [];
  for (const round of store.listRounds(['PUBLISHED'])) {
    if (round.modelKind !== kind) continue;
    const reports = store.evaluations(round.roundId);
    if (reports.length === 0) continue;
    const summary = strategy.evaluate(reports);
    if (summary.agreedWeightsSha256Hex === null) continue;
    candidates.push({ version: summary.agreedWeightsSha256Hex, roundId: round.roundId, roundSeq: round.seq, rated: 'candidate', reports: reports.length, minNodes: round.minNodes, summary });
    // The version the round started from, as the same nodes rated it on the same hold-out data (only reports
    // that carry base_ metrics count; the round's own minNodes still applies).
    const rated = reports.map((r) => ({ ...r, weightsSha256Hex: round.baseVersion, metrics: baseMetricsOf(r.metrics) })).filter((r) => Object.keys(r.metrics).length > 0);
    if (rated.length === 0) continue;
    const base = strategy.evaluate(rated);
    const flagged = summary.flagged || (store.getModel(round.baseVersion)?.flagged ?? true);
    bases.push({ version: round.baseVersion, roundId: round.roundId, roundSeq: round.seq - 0.5, rated: 'base', reports: rated.length, minNodes: round.minNodes, summary: { ...base, flagged } });
  }
  // A base that is itself an evaluated round's candidate is already ranked by that round's own reports.
  const ranked = new Set(candidates.map((c) => c.version));
  candidates.push(...bases.filter((b) => !ranked.has(b.version)));
  const previous = store.getDeployable(kind);
  const choice = strategy.selectDeployable(kind, candidates);
  if (!choice) {
    if (previous) {
      store.clearDeployable(kind);
      await deps.audit.append({ type: 'deployment', data: { nodeId: COORDINATOR_AUDIT_ID, model: kind, version: previous.version, action: 'rollback', roundId: previous.roundId, reason: 'no evaluated round qualifies any more (flagged or incomplete); nodes keep the genesis' } });
    }
    return undefined;
  }
  const record: DeployableRecord = { modelKind: kind, version: choice.version, roundId: choice.roundId, score: choice.score, metric: choice.metric, reason: choice.reason, chosenAtMs: previous?.version === choice.version ? previous.chosenAtMs : deps.nowMs };
  store.setDeployable(record);
  if (previous?.version !== choice.version) {
    await deps.audit.append({ type: 'deployment', data: { nodeId: COORDINATOR_AUDIT_ID, model: kind, version: choice.version, action: 'promote', roundId: choice.roundId, reason: `deployable: ${choice.reason}`, ...(previous ? { replaces: previous.version } : {}) } });
  }
  return record;
}

/**
 * The registry as `vigil coordinator models` lists it, newest first: one line per version, the deployable
 * version of each kind marked with the round and metric that made it so. Without an evaluated round the
 * kind's genesis is what nodes serve.
 * @returns the lines (no trailing newline).
 */
export function modelListLines(store: CoordinatorStore): string[] {
  const models = store.listModels();
  const deployable = new Map(store.listDeployables().map((d) => [d.modelKind, d]));
  const genesisFallback = new Map<ModelKindName, string>();
  for (const m of [...models].reverse()) if (m.parentVersion === null && !m.flagged && !deployable.has(m.modelKind)) genesisFallback.set(m.modelKind, m.version);
  return models.map((m) => {
    const line = `${m.version} ${m.modelKind.padEnd(32)} parent=${m.parentVersion?.slice(0, 12) ?? 'genesis'} round=${m.roundId ?? '-'}${m.flagged ? ' FLAGGED' : ''}`;
    const chosen = deployable.get(m.modelKind);
    if (chosen?.version === m.version) return `${line} DEPLOYABLE (${chosen.reason})`;
    if (genesisFallback.get(m.modelKind) === m.version) return `${line} DEPLOYABLE (genesis: no federated round evaluated yet)`;
    return line;
  });
}

function pick(budget: { epsilon: number; delta: number; rounds: number }): { epsilon: number; delta: number; rounds: number } {
  return { epsilon: budget.epsilon, delta: budget.delta, rounds: budget.rounds };
}
