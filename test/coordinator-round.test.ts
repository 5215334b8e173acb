import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeHe, writeKeyset } from '../common/crypto/he/index.js';
import { weightedAverage } from '../common/federated/index.js';
import { generateNoteKey } from '../common/ledger/index.js';
import { silentLogger } from '../common/log/index.js';
import { initPki, loadTlsIdentity } from '../common/pki/index.js';
import { registerGenesisModel } from '../coordinator/admin.js';
import { CoordinatorConfigSchema, type CoordinatorConfig } from '../coordinator/config.js';
import { startCoordinator, type RunningCoordinator } from '../coordinator/main.js';
import { FederationClient } from '../edge-node/federation/federation-client.js';

const WEIGHTS = 10_000;
const SITES = ['icu', 'adult-clinic', 'home-care', 'childrens-hospital'];
let dir: string;
let config: CoordinatorConfig;
let coordinator: RunningCoordinator;
let nodeHe: NodeHe;
let genesisVersion: string;
// A node keeps its audit key: the witness refuses a node that switches keys (that would rewrite history).
const auditKeys: Record<string, ReturnType<typeof generateNoteKey>> = {};

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}
const update = (seed: number) => {
  const r = seeded(seed);
  return Float32Array.from({ length: WEIGHTS }, () => (r() * 2 - 1) * 0.5);
};

function client(site: string, role: 'edge' | 'gateway' = 'edge'): FederationClient {
  const dirName = role === 'edge' ? join(dir, 'pki', 'edge', site) : join(dir, 'pki', 'gateway', `gw-${site}`);
  return new FederationClient(`127.0.0.1:${coordinator.port}`, loadTlsIdentity(dirName), { deadlineMs: 20_000 });
}

async function join_(site: string): Promise<FederationClient> {
  const c = client(site);
  const key = (auditKeys[site] ??= generateNoteKey(`edge-${site}`));
  await c.join({ softwareVersion: 'test', modelKinds: ['MODEL_KIND_ADHERENCE'], keysetFingerprintHex: nodeHe.fingerprint, auditVerifierKey: key.verifierText, auditOrigin: `vigil/edge/${site}` });
  return c;
}

async function submit(c: FederationClient, values: Float32Array, weight: number) {
  const plan = await c.getRoundPlan('MODEL_KIND_ADHERENCE');
  expect(plan.selected).toBe(true);
  const layout = nodeHe.layout(values.length);
  return { plan, response: await c.submitUpdate({ roundId: plan.roundId, submissionToken: plan.submissionToken, weightCount: plan.weightCount }, Array.from(nodeHe.encryptChunks(values, weight), (ch) => ch.bytes), weight, nodeHe.fingerprint, layout.chunkCount) };
}

async function start(): Promise<void> {
  coordinator = await startCoordinator(config, silentLogger());
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-coord-'));
  await initPki({ outDir: join(dir, 'pki'), sites: SITES, clinicians: 0 });
  const { paths } = await writeKeyset(join(dir, 'keys'));
  nodeHe = await NodeHe.load(paths.secretKeyset);
  config = CoordinatorConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    dataDir: join(dir, 'coordinator'),
    identity: join(dir, 'pki', 'coordinator', 'main'),
    heContext: paths.publicContext,
    auditKey: join(dir, 'coordinator-audit.key'),
    strategy: { minNodes: 2, roundDurationMs: 60_000 },
  });
  await start();
  for (const site of SITES.slice(0, 3)) coordinator.store.enrolNode(site, Date.now());
  const artifact = join(dir, 'genesis');
  mkdirSync(artifact);
  writeFileSync(join(artifact, 'weights.bin'), Buffer.from(new Float32Array(WEIGHTS).fill(0.25).buffer));
  writeFileSync(join(artifact, 'model.json'), '{"format":"test"}');
  genesisVersion = registerGenesisModel(coordinator.store, artifact, 'MODEL_KIND_ADHERENCE', Date.now()).version;
}, 120_000);

afterAll(async () => {
  await coordinator?.stop(1_000);
  nodeHe?.delete();
  rmSync(dir, { recursive: true, force: true });
});

describe('coordinator: encrypted federated round over gRPC', () => {
  it('refuses a gateway certificate, a non-enrolled node and a node with another keyset', async () => {
    const gateway = client('icu', 'gateway');
    await expect(gateway.getRoundPlan()).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    gateway.close();
    const stranger = client('childrens-hospital');
    await expect(stranger.getRoundPlan()).rejects.toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining('not enrolled') });
    stranger.close();
    const wrongKeys = client('icu');
    await expect(wrongKeys.join({ softwareVersion: 't', modelKinds: [], keysetFingerprintHex: 'sha256:other', auditVerifierKey: generateNoteKey('x').verifierText, auditOrigin: 'o' })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    wrongKeys.close();
  });

  it('serves the genesis model to enrolled nodes', async () => {
    const c = client('icu');
    const model = await c.downloadModel(genesisVersion);
    c.close();
    expect(model.weights.length).toBe(WEIGHTS);
    expect(model.weights[123]).toBe(0.25);
  });

  it('aggregates three nodes to plaintext FedAvg within 1e-5, refuses duplicates, resumes after a restart', async () => {
    const sites = SITES.slice(0, 3);
    const clients = await Promise.all(sites.map(join_));
    const round = await coordinator.runner.startRound('MODEL_KIND_ADHERENCE');
    expect(round.chunkCount).toBeGreaterThan(1);
    const updates = [update(1), update(2), update(3)];
    const weights = [1200, 300, 45_000];

    const first = await submit(clients[0]!, updates[0]!, weights[0]!);
    expect(first.response.nodesReceived).toBe(1);
    // A replayed submission (same token) is refused and changes nothing.
    await expect(
      clients[0]!.submitUpdate({ roundId: first.plan.roundId, submissionToken: first.plan.submissionToken, weightCount: WEIGHTS }, Array.from(nodeHe.encryptChunks(updates[0]!, weights[0]!), (ch) => ch.bytes), weights[0]!, nodeHe.fingerprint, round.chunkCount),
    ).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    // A truncated upload (no trailer, missing chunks) counts for nothing.
    const plan2 = await clients[1]!.getRoundPlan('MODEL_KIND_ADHERENCE');
    const partial = Array.from(nodeHe.encryptChunks(updates[1]!, weights[1]!), (ch) => ch.bytes).slice(0, 1);
    await expect(clients[1]!.submitUpdate({ roundId: plan2.roundId, submissionToken: plan2.submissionToken, weightCount: WEIGHTS }, partial, weights[1]!, nodeHe.fingerprint, round.chunkCount)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(coordinator.store.getRound(round.roundId)?.nodeCount).toBe(1);

    // The coordinator is stopped mid-round and restarted: the round resumes with the update it had.
    for (const c of clients) c.close();
    await coordinator.stop(1_000);
    await start();
    expect(coordinator.store.getRound(round.roundId)?.state).toBe('COLLECTING');
    const again = await Promise.all(sites.map(join_));

    await submit(again[1]!, updates[1]!, weights[1]!);
    const last = await submit(again[2]!, updates[2]!, weights[2]!);
    expect(last.response.nodesReceived).toBe(3);
    expect(coordinator.store.getRound(round.roundId)?.state).toBe('PUBLISHED');

    const aggregate = await again[0]!.getAggregate(round.roundId);
    expect(aggregate.header.totalWeight).toBe(weights.reduce((a, b) => a + b));
    const decrypted = nodeHe.decryptAggregate({ weightCount: WEIGHTS, chunks: aggregate.chunks }, aggregate.header.totalWeight);
    const expected = weightedAverage(updates.map((u, i) => ({ update: u, sampleWeight: weights[i]! })));
    let maxError = 0;
    for (let i = 0; i < WEIGHTS; i++) maxError = Math.max(maxError, Math.abs(decrypted[i]! - expected[i]!));
    expect(maxError).toBeLessThan(1e-5);

    // Nodes report the same weights hash: the registry gains a version whose parent is the genesis model.
    for (const c of again) expect(await c.reportEvaluation({ roundId: round.roundId, weightsSha256Hex: 'a'.repeat(64), metrics: { auroc: 0.9 }, promoted: true, reason: 'better', sampleCount: 100, trainingBackend: 'wasm' })).toBe(true);
    const registered = coordinator.store.getModel('a'.repeat(64));
    expect(registered?.parentVersion).toBe(genesisVersion);
    expect(registered?.lineage['nodeCount']).toBe(3);
    expect(registered?.lineage['trainingBackends']).toEqual(['wasm']);
    // A node reporting another hash flags the version.
    expect(await again[0]!.reportEvaluation({ roundId: round.roundId, weightsSha256Hex: 'b'.repeat(64), metrics: {}, promoted: false, reason: 'x', sampleCount: 1, trainingBackend: 'cpu' })).toBe(false);
    expect(coordinator.store.getModel('a'.repeat(64))?.flagged).toBe(true);
    // A backend name outside the known ones is refused at the boundary, naming the field.
    await expect(again[1]!.reportEvaluation({ roundId: round.roundId, weightsSha256Hex: 'a'.repeat(64), metrics: {}, promoted: true, reason: 'x', sampleCount: 1, trainingBackend: 'gpu' }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('trainingBackend') });
    for (const c of again) c.close();
  }, 120_000);

  it('refuses a ciphertext with wrong parameters and a submission after the deadline', async () => {
    const round = await coordinator.runner.startRound('MODEL_KIND_ADHERENCE');
    const c = await join_('icu');
    const plan = await c.getRoundPlan('MODEL_KIND_ADHERENCE');
    const garbage = Array.from({ length: round.chunkCount }, () => new Uint8Array(2_000).fill(7));
    await expect(c.submitUpdate({ roundId: plan.roundId, submissionToken: plan.submissionToken, weightCount: WEIGHTS }, garbage, 10, nodeHe.fingerprint, round.chunkCount)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('chunk 0 rejected') });
    // Force the deadline into the past: the round fails (one node < two required) and late uploads are refused.
    coordinator.store.db.prepare('UPDATE rounds SET deadline_at_ms = 0 WHERE round_id = ?').run(round.roundId);
    await expect(submit(c, update(9), 10)).rejects.toBeDefined();
    await coordinator.runner.tick();
    expect(coordinator.store.getRound(round.roundId)?.state).toBe('FAILED');
    await expect(c.getAggregate(round.roundId)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    c.close();
  }, 60_000);

  it('refuses a revoked node', async () => {
    coordinator.store.revokeNode('home-care', Date.now());
    const c = client('home-care');
    await expect(c.getRoundPlan()).rejects.toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining('revoked') });
    c.close();
  });
});
