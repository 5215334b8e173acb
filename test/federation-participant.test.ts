import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeHe, writeKeyset } from '../common/crypto/he/index.js';
import { weightedAverage } from '../common/federated/index.js';
import { AuditLog, generateNoteKey } from '../common/ledger/index.js';
import { silentLogger } from '../common/log/index.js';
import { initPki, loadTlsIdentity } from '../common/pki/index.js';
import { registerGenesisModel } from '../coordinator/admin.js';
import { CoordinatorConfigSchema } from '../coordinator/config.js';
import { startCoordinator, type RunningCoordinator } from '../coordinator/main.js';
import { FederationClient } from '../edge-node/federation/federation-client.js';
import { participateInRound, weightsVersion, type ModelVault } from '../edge-node/federation/round-participant.js';
import { treeHeadPublisher } from '../edge-node/federation/tree-head-publisher.js';

const WEIGHTS = 3_000;
const SITES = ['icu', 'adult-clinic', 'home-care'];
const SAMPLES = [500, 1_500, 250];
let dir: string;
let coordinator: RunningCoordinator;
let he: NodeHe;
let genesis: Float32Array;

interface Node {
  site: string;
  client: FederationClient;
  audit: AuditLog;
  vault: ModelVault & { versions: Map<string, Float32Array>; servingVersion?: string };
  acknowledged: { value: number };
  key: ReturnType<typeof generateNoteKey>;
}
const nodes: Node[] = [];

function vault(): Node['vault'] {
  const versions = new Map<string, Float32Array>();
  const v: Node['vault'] = {
    versions,
    get: (version) => versions.get(version),
    put: (version, weights) => void versions.set(version, weights),
    serving: () => (v.servingVersion ? { version: v.servingVersion, weights: versions.get(v.servingVersion)! } : undefined),
    promote: async (version) => void (v.servingVersion = version),
  };
  return v;
}

// Each site pulls the weights towards its own target: a deterministic stand-in for local training.
const target = (i: number) => Float32Array.from({ length: WEIGHTS }, (_, k) => Math.sin(k * (i + 1)) * 0.1);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-participant-'));
  await initPki({ outDir: join(dir, 'pki'), sites: SITES, clinicians: 0 });
  const { paths } = await writeKeyset(join(dir, 'keys'));
  he = await NodeHe.load(paths.secretKeyset);
  coordinator = await startCoordinator(
    CoordinatorConfigSchema.parse({
      listen: { host: '127.0.0.1', port: 0 },
      dataDir: join(dir, 'coordinator'),
      identity: join(dir, 'pki', 'coordinator', 'main'),
      heContext: paths.publicContext,
      auditKey: join(dir, 'coordinator-audit.key'),
      strategy: { minNodes: 3, roundDurationMs: 60_000, clipNorm: 100 },
    }),
    silentLogger(),
  );
  genesis = new Float32Array(WEIGHTS).fill(0.01);
  mkdirSync(join(dir, 'genesis'));
  writeFileSync(join(dir, 'genesis', 'weights.bin'), Buffer.from(genesis.buffer));
  writeFileSync(join(dir, 'genesis', 'model.json'), '{}');
  registerGenesisModel(coordinator.store, join(dir, 'genesis'), 'MODEL_KIND_DOSE_AUTOENCODER', Date.now());
  for (const site of SITES) {
    coordinator.store.enrolNode(site, Date.now());
    const key = generateNoteKey(`edge-${site}`);
    const audit = AuditLog.open({ path: join(dir, `${site}-audit.db`), origin: `vigil/edge/${site}`, signer: key.signer });
    await audit.append({ type: 'config_change', data: { component: 'edge', changedBy: 'test', digest: 'd0' } });
    const client = new FederationClient(`127.0.0.1:${coordinator.port}`, loadTlsIdentity(join(dir, 'pki', 'edge', site)));
    await client.join({ softwareVersion: 'test', modelKinds: ['MODEL_KIND_DOSE_AUTOENCODER'], keysetFingerprintHex: he.fingerprint, auditVerifierKey: key.verifierText, auditOrigin: `vigil/edge/${site}` });
    nodes.push({ site, client, audit, vault: vault(), acknowledged: { value: 0 }, key });
  }
}, 120_000);

afterAll(async () => {
  for (const n of nodes) {
    n.client.close();
    await n.audit.close();
  }
  await coordinator?.stop(1_000);
  he?.delete();
  rmSync(dir, { recursive: true, force: true });
});

function run(node: Node, index: number) {
  return participateInRound(
    {
      client: node.client,
      he,
      trainer: { train: async (global) => ({ weights: Float32Array.from(global, (w, k) => w + (target(index)[k]! - w) * 0.5), sampleCount: SAMPLES[index]!, metrics: {}, backend: 'cpu' }) },
      validator: {
        validate: async () => ({ promote: true, reason: 'candidate no worse on hold-out', metrics: { false_alarm_rate: 0.01 }, sampleCount: 100 }),
        // Stands for a metric of the weights it is given: the report must carry it for the round's base version.
        holdoutMetrics: (weights: Float32Array) => ({ first_weight: weights[0]! }),
      },
      vault: node.vault,
      publishTreeHead: treeHeadPublisher(node.audit, node.client, { load: () => node.acknowledged.value, save: (s) => void (node.acknowledged.value = s) }),
      logger: silentLogger(),
      normal: () => 0,
      pollMs: 50,
    },
    'MODEL_KIND_DOSE_AUTOENCODER',
  );
}

describe('edge nodes taking part in encrypted rounds', () => {
  it('all nodes decrypt the same FedAvg model, the registry records it, and tree heads are witnessed', async () => {
    await coordinator.runner.startRound('MODEL_KIND_DOSE_AUTOENCODER');
    const outcomes = await Promise.all(nodes.map((n, i) => run(n, i)));
    const versions = new Set(outcomes.map((o) => (o.status === 'done' ? o.version : o.status)));
    expect(versions.size).toBe(1);
    const version = [...versions][0]!;
    const expected = weightedAverage(SITES.map((_, i) => ({ update: Float32Array.from(genesis, (w, k) => (target(i)[k]! - w) * 0.5), sampleWeight: SAMPLES[i]! })));
    const candidate = nodes[0]!.vault.get(version)!;
    for (let k = 0; k < WEIGHTS; k += 97) expect(Math.abs(candidate[k]! - (genesis[k]! + expected[k]!))).toBeLessThan(1e-5);
    expect(weightsVersion(candidate)).toBe(version);
    const registered = coordinator.store.getModel(version);
    expect(registered?.flagged).toBe(false);
    expect(registered?.lineage['nodeCount']).toBe(3);
    // Each report rates the candidate and, under base_ names, the weights the round started from (the genesis).
    const reports = coordinator.store.evaluations(registered!.roundId!);
    expect(reports).toHaveLength(3);
    for (const r of reports) expect(r.metrics).toEqual({ false_alarm_rate: 0.01, base_first_weight: genesis[0]! });
    // ... and the backend the node trained on, which the version's lineage (its card) lists.
    for (const r of reports) expect(r.trainingBackend).toBe('cpu');
    expect(registered?.lineage['trainingBackends']).toEqual(['cpu']);
    for (const n of nodes) expect(n.acknowledged.value).toBeGreaterThan(0);
  }, 60_000);

  it('a second round starts from the agreed version without downloading it', async () => {
    const round = await coordinator.runner.startRound('MODEL_KIND_DOSE_AUTOENCODER');
    expect(nodes[0]!.vault.get(round.baseVersion)).toBeDefined();
    for (const n of nodes) await n.audit.append({ type: 'config_change', data: { component: 'edge', changedBy: 'test', digest: 'd1' } });
    const outcomes = await Promise.all(nodes.map((n, i) => run(n, i)));
    expect(outcomes.every((o) => o.status === 'done')).toBe(true);
    expect(coordinator.store.getRound(round.roundId)?.state).toBe('PUBLISHED');
  }, 60_000);

  it('the witness refuses a node whose audit log was rewritten (fork), and a head signed by another key', async () => {
    const node = nodes[0]!;
    const witnessed = node.acknowledged.value;
    // Same origin and signing key, different history of the same length: a rewritten log.
    const forged = AuditLog.open({ path: join(dir, 'forged.db'), origin: `vigil/edge/${node.site}`, signer: node.key.signer });
    for (let i = 0; i < witnessed; i++) await forged.append({ type: 'config_change', data: { component: 'edge', changedBy: 'attacker', digest: `x${i}` } });
    await forged.append({ type: 'config_change', data: { component: 'edge', changedBy: 'attacker', digest: 'extra' } });
    const checkpoint = await forged.issueCheckpoint();
    const proof = forged.reader.consistencyProof(witnessed, checkpoint.size);
    const fork = await node.client.publishTreeHead(checkpoint.note, proof);
    expect(fork.accepted).toBe(false);
    expect(fork.reason).toMatch(/^inconsistent/);
    expect(Number(fork.witnessedSize)).toBe(witnessed);
    await forged.close();

    const stranger = AuditLog.open({ path: join(dir, 'stranger.db'), origin: `vigil/edge/${node.site}`, signer: generateNoteKey('other').signer });
    await stranger.append({ type: 'config_change', data: { component: 'edge', changedBy: 'attacker', digest: 'y' } });
    const foreign = await node.client.publishTreeHead((await stranger.issueCheckpoint()).note, []);
    expect(foreign.accepted).toBe(false);
    expect(foreign.reason).toMatch(/^bad-signature/);
    await stranger.close();
  });
});
