import { gaussianEpsilon } from '../common/federated/index.js';
import type { AuditSink } from './audit-sink.js';
import type { CoordinatorStore, EvaluationRecord, ModelRecord } from './store/coordinator-store.js';
import type { EvaluationSummary, Strategy } from './strategy/strategy.js';

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
    federatedMetrics: summary.metrics,
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
  return summary;
}

function pick(budget: { epsilon: number; delta: number; rounds: number }): { epsilon: number; delta: number; rounds: number } {
  return { epsilon: budget.epsilon, delta: budget.delta, rounds: budget.rounds };
}
