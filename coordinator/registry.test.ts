import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../common/ledger/index.js';
import { modelListLines, recordEvaluation } from './registry.js';
import { CoordinatorStore, type RoundRecord } from './store/coordinator-store.js';
import { FedAvg } from './strategy/fedavg.js';

const KIND = 'MODEL_KIND_DOSE_AUTOENCODER' as const;
const NODES = ['adult-clinic', 'home-care', 'icu'];
const strategy = new FedAvg({ config: { localEpochs: 1, learningRate: 0.005, batchSize: 64, clipNorm: 5, dpNoiseMultiplier: 0 }, minNodes: 2, roundDurationMs: 60_000 });
const GENESIS = 'g'.repeat(64);
const versionOf = (round: number) => String(round).repeat(64).slice(0, 64);

let dir: string;
let store: CoordinatorStore;
let audit: AuditEntryInput[];

function open(): CoordinatorStore {
  return new CoordinatorStore(join(dir, 'coordinator.db'));
}

/** A round of `KIND` from `base` that every node submitted to and that published. */
function publishedRound(seq: number, base: string): RoundRecord {
  const round: RoundRecord = {
    roundId: `r${seq}-dose_autoencoder`, seq, modelKind: KIND, state: 'OPEN', baseVersion: base,
    config: { localEpochs: 1, learningRate: 0.005, batchSize: 64, clipNorm: 5, dpNoiseMultiplier: 0, fedproxMu: 0 },
    minNodes: 2, targetNodes: 3, deadlineAtMs: 1e12, weightCount: 4, chunkCount: 1, createdAtMs: seq, closedAtMs: null,
    totalWeight: 0, nodeCount: 0, reason: null, resultVersion: null,
  };
  store.createRound(round, NODES.map((nodeId) => ({ nodeId, token: `${seq}-${nodeId}` })));
  for (const nodeId of NODES) store.commitSubmission(round.roundId, nodeId, 100, seq);
  store.transition(round.roundId, 'AGGREGATING');
  return store.publishAggregate(round.roundId, [], seq, 'test');
}

/**
 * Every node reports `detection` for the round's candidate (hold-out metrics, 100 samples each) and, when
 * `baseDetection` is given, for the version the round started from (base_ metrics).
 */
async function evaluateRound(round: RoundRecord, detection: number, nodes: readonly string[] = NODES, version = versionOf(round.seq), baseDetection?: number): Promise<void> {
  for (const nodeId of nodes) {
    const base = baseDetection === undefined ? {} : { base_detection_rate: baseDetection, base_false_alarm_rate: 0.01 };
    await recordEvaluation(
      { store, strategy, audit: { append: async (entry) => void audit.push(entry) }, heParameters: {}, keysetFingerprint: 'fp', nowMs: 1_000 + round.seq },
      { roundId: round.roundId, nodeId, weightsSha256Hex: version, metrics: { detection_rate: detection, false_alarm_rate: 0.01, ...base }, promoted: true, reason: 'ok', sampleCount: 100, trainingBackend: nodeId === 'icu' ? 'cpu' : 'wasm' },
    );
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-registry-'));
  store = open();
  audit = [];
  store.putModel({ version: GENESIS, modelKind: KIND, parentVersion: null, roundId: null, createdAtMs: 0, weightCount: 4, manifestJson: '{}', genesisWeights: Buffer.alloc(16), lineage: { genesis: true }, flagged: false });
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('registry: deployable version', () => {
  it('lists the genesis as deployable until a round is evaluated', () => {
    expect(store.getDeployable(KIND)).toBeUndefined();
    expect(modelListLines(store)).toEqual([expect.stringContaining('DEPLOYABLE (genesis: no federated round evaluated yet)')]);
  });

  it('publishes the best evaluated round, not the last, and keeps that choice across a coordinator restart', async () => {
    // Arrange: three rounds; the second validates best on the nodes' hold-out data.
    const r1 = publishedRound(1, GENESIS);
    await evaluateRound(r1, 0.80);
    const r2 = publishedRound(2, versionOf(1));
    await evaluateRound(r2, 0.92);
    const r3 = publishedRound(3, versionOf(2));
    await evaluateRound(r3, 0.85);
    // Act: the coordinator restarts (new store on the same file).
    store.close();
    store = open();
    // Assert
    const deployable = store.getDeployable(KIND);
    expect(deployable).toMatchObject({ version: versionOf(2), roundId: r2.roundId, metric: 'detection_rate' });
    expect(deployable?.score).toBeCloseTo(0.92, 10);
    expect(deployable?.reason).toContain(`better than the latest evaluated round ${r3.roundId}`);
    const lines = modelListLines(store);
    expect(lines.filter((l) => l.includes('DEPLOYABLE'))).toEqual([expect.stringMatching(new RegExp(`^${versionOf(2)} .*DEPLOYABLE \\(best federated hold-out detection_rate = 0\\.9200`))]);
    // Each change of deployable version is audited once, by the coordinator.
    const promotions = audit.filter((e) => e.type === 'deployment' && e.data.nodeId === 'coordinator').map((e) => e.data.version);
    expect(promotions).toEqual([versionOf(1), versionOf(2)]);

    // A later, better round after the restart replaces it.
    const r4 = publishedRound(4, versionOf(3));
    await evaluateRound(r4, 0.95);
    expect(store.getDeployable(KIND)?.version).toBe(versionOf(4));
  });

  it('ignores rounds with fewer reports than minNodes and rounds whose nodes disagree on the weights', async () => {
    const r1 = publishedRound(1, GENESIS);
    await evaluateRound(r1, 0.80);
    const incomplete = publishedRound(2, versionOf(1));
    await evaluateRound(incomplete, 0.99, ['icu']); // 1 report < minNodes 2
    expect(store.getDeployable(KIND)?.version).toBe(versionOf(1));
    const split = publishedRound(3, versionOf(1));
    await evaluateRound(split, 0.99, ['icu', 'home-care']);
    expect(store.getDeployable(KIND)?.version).toBe(versionOf(3));
    // A late report with another hash flags round 3: the deployable falls back to round 1.
    await evaluateRound(split, 0.99, ['adult-clinic'], 'f'.repeat(64));
    expect(store.getDeployable(KIND)?.version).toBe(versionOf(1));
  });

  it('breaks a tie in the selection metric by the later round', async () => {
    const rounds = [publishedRound(1, GENESIS), publishedRound(2, versionOf(1))];
    await evaluateRound(rounds[0]!, 0.9);
    await evaluateRound(rounds[1]!, 0.9);
    expect(store.getDeployable(KIND)?.version).toBe(versionOf(2));
  });

  it('keeps the genesis deployable when the nodes rate every round worse than the version it started from', async () => {
    const r1 = publishedRound(1, GENESIS);
    await evaluateRound(r1, 0.20, NODES, versionOf(1), 0.34);
    const r2 = publishedRound(2, versionOf(1));
    await evaluateRound(r2, 0.18, NODES, versionOf(2), 0.20);
    const deployable = store.getDeployable(KIND);
    expect(deployable).toMatchObject({ version: GENESIS, roundId: r1.roundId });
    expect(deployable?.score).toBeCloseTo(0.34, 10);
    expect(deployable?.reason).toContain(`the version round ${r1.roundId} started from`);
    expect(modelListLines(store).filter((l) => l.includes('DEPLOYABLE'))).toEqual([expect.stringMatching(new RegExp(`^${GENESIS} .*DEPLOYABLE`))]);
    // Round 2's base (round 1's candidate) is ranked once, by round 1's own reports: 3 versions, not 4.
    expect(deployable?.reason).toContain('over 3 rated version(s)');
    // Each version's lineage keeps its own rating apart from its parent's.
    const lineage = store.getModel(versionOf(1))!.lineage;
    expect(lineage['federatedMetrics']).toEqual({ detection_rate: 0.20, false_alarm_rate: 0.01 });
    expect(lineage['parentFederatedMetrics']).toEqual({ detection_rate: 0.34, false_alarm_rate: 0.01 });
    expect(lineage['trainingBackends']).toEqual(['cpu', 'wasm']);
    // A round that beats the genesis takes over, and the change is audited.
    const r3 = publishedRound(3, versionOf(2));
    await evaluateRound(r3, 0.40, NODES, versionOf(3), 0.18);
    expect(store.getDeployable(KIND)?.version).toBe(versionOf(3));
    expect(audit.filter((e) => e.type === 'deployment' && e.data.nodeId === 'coordinator').map((e) => e.data.version)).toEqual([GENESIS, versionOf(3)]);
  });

  it('ranks a base only on reports that rate it, with the round\'s minNodes', async () => {
    const r1 = publishedRound(1, GENESIS);
    await evaluateRound(r1, 0.20, ['icu'], versionOf(1), 0.90); // only one node rates the genesis (< minNodes 2)
    await evaluateRound(r1, 0.20, ['home-care', 'adult-clinic']); // older nodes: no base_ metrics
    expect(store.getDeployable(KIND)?.version).toBe(versionOf(1));
  });
});
