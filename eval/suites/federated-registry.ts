/**
 * The coordinator's registry behind the eval's in-process federation, so the eval's "federated" model is the
 * version the real system would publish as deployable: a real CoordinatorStore (in memory), rounds recorded as
 * the round runner records them (participants, sample weights, PUBLISHED), every site's report built by its
 * node's own validation code on its hold-out patients (edge-node/federation/federated-models.ts
 * doseHoldoutMetrics / adherenceHoldoutMetrics), the real `recordEvaluation` (which re-ranks rounds through the
 * strategy's `evaluate` and `selectDeployable`), and the deployable record read back from the store. Test
 * patients never enter it.
 */
import { recordEvaluation } from '../../coordinator/registry.js';
import { CoordinatorStore, type DeployableRecord, type RoundRecord } from '../../coordinator/store/coordinator-store.js';
import { SELECTION_RULES, selectionScore } from '../../coordinator/strategy/model-selection.js';
import type { ModelKindName, Strategy, TrainingConfig } from '../../coordinator/strategy/strategy.js';
import { adherenceHoldoutMetrics, doseHoldoutMetrics } from '../../edge-node/federation/federated-models.js';
import { weightsVersion } from '../../edge-node/federation/round-participant.js';
import { ADHERENCE_HISTORY_SPEC, DOSE_CONTEXT_SPEC, type AdherenceDataset, type GlobalModel } from '../../models/index.js';
import type { FederatedKind } from './federation-arms.js';
import { splitRows, type CohortSite } from './site-cohort.js';

const KIND_NAMES: Record<FederatedKind, ModelKindName> = { 'dose-autoencoder': 'MODEL_KIND_DOSE_AUTOENCODER', 'adherence-risk': 'MODEL_KIND_ADHERENCE' };

/** One node's evaluation report, as ReportEvaluation carries it. */
export interface NodeReport {
  nodeId: string;
  metrics: Record<string, number>;
  sampleCount: number;
}

/**
 * What each site's node reports about `model` on its own hold-out patients (never test patients): the metrics
 * of its shadow validator and its hold-out sample count.
 * @returns one report per site.
 */
export function nodeReports(kind: FederatedKind, sites: readonly CohortSite[], model: GlobalModel, targetFalseAlarmRate: number): NodeReport[] {
  return sites.map((s) => {
    if (kind === 'adherence-risk') {
      const holdout = splitRows(kind, s.splits.holdout) as AdherenceDataset;
      const shape = { spec: ADHERENCE_HISTORY_SPEC, normalisation: model.normalisation, net: model.net };
      return { nodeId: s.site, metrics: adherenceHoldoutMetrics(shape, model.weights, holdout), sampleCount: holdout.labels.length / 2 };
    }
    const shape = { spec: DOSE_CONTEXT_SPEC, normalisation: model.normalisation, net: model.net };
    const data = { train: s.splits.train.dose.normal, holdout: s.splits.holdout.dose.normal, attacks: s.splits.holdout.dose.attacks };
    return { nodeId: s.site, metrics: doseHoldoutMetrics(shape, model.weights, data, targetFalseAlarmRate), sampleCount: data.holdout.count };
  });
}

/** A round's federated validation score under the kind's selection rule (what the registry ranks by). */
export function federatedScore(kind: FederatedKind, strategy: Strategy, reports: readonly NodeReport[]): number {
  const summary = strategy.evaluate(reports.map((r) => ({ ...r, weightsSha256Hex: '', promoted: true })));
  return selectionScore(SELECTION_RULES[KIND_NAMES[kind]], summary.metrics);
}

/** The registry of one federation run (one kind). */
export class FederatedRegistry {
  readonly #store = new CoordinatorStore(':memory:');
  readonly #models = new Map<string, { round: number; model: GlobalModel }>();
  readonly #kind: ModelKindName;
  #base: string;

  /** Registers the genesis (as `vigil coordinator register-model` does). */
  constructor(kind: FederatedKind, private readonly strategy: Strategy, genesis: GlobalModel) {
    this.#kind = KIND_NAMES[kind];
    this.#base = weightsVersion(genesis.weights);
    this.#models.set(this.#base, { round: 0, model: genesis });
    this.#store.putModel({ version: this.#base, modelKind: this.#kind, parentVersion: null, roundId: null, createdAtMs: 0, weightCount: genesis.weights.length, manifestJson: '{}', genesisWeights: null, lineage: { genesis: true }, flagged: false });
  }

  /**
   * Records a published round (its plan's config, the sites' sample weights) and every node's evaluation of
   * the new global model, through the coordinator's `recordEvaluation`.
   */
  async recordRound(round: number, config: TrainingConfig, submissions: readonly { nodeId: string; sampleWeight: number }[], global: GlobalModel, reports: readonly NodeReport[]): Promise<void> {
    const record: RoundRecord = {
      roundId: `r${round}-${this.#kind.replace('MODEL_KIND_', '').toLowerCase()}`, seq: round, modelKind: this.#kind, state: 'OPEN', baseVersion: this.#base, config,
      minNodes: submissions.length, targetNodes: submissions.length, deadlineAtMs: round, weightCount: global.weights.length, chunkCount: 0,
      createdAtMs: round, closedAtMs: null, totalWeight: 0, nodeCount: 0, reason: null, resultVersion: null,
    };
    this.#store.createRound(record, submissions.map((s) => ({ nodeId: s.nodeId, token: `${record.roundId}/${s.nodeId}` })));
    for (const s of submissions) this.#store.commitSubmission(record.roundId, s.nodeId, s.sampleWeight, round);
    this.#store.transition(record.roundId, 'AGGREGATING', { closedAtMs: round });
    this.#store.publishAggregate(record.roundId, [], round, 'eval round');
    const version = weightsVersion(global.weights);
    this.#models.set(version, { round, model: global });
    const audit = { append: async () => undefined };
    for (const report of reports) {
      await recordEvaluation(
        { store: this.#store, strategy: this.strategy, audit, heParameters: {}, keysetFingerprint: 'eval', nowMs: round },
        { roundId: record.roundId, nodeId: report.nodeId, weightsSha256Hex: version, metrics: report.metrics, promoted: true, reason: 'eval', sampleCount: report.sampleCount, trainingBackend: '' },
      );
    }
    this.#base = version;
  }

  /** @returns the deployable version the registry publishes (the genesis, round 0, before any round qualifies). */
  deployable(): { round: number; model: GlobalModel; record: DeployableRecord | null } {
    const record = this.#store.getDeployable(this.#kind) ?? null;
    const chosen = this.#models.get(record?.version ?? '') ?? this.#models.get([...this.#models.keys()][0]!)!;
    return { ...chosen, record };
  }

  close(): void {
    this.#store.close();
  }
}
