/**
 * `npm run bench -- federation [--nodes N] [--weights W] [--big-nodes N] [--big-weights W]`
 *
 * 1. Full rounds over loopback gRPC with mTLS and durable stores: N edge nodes (default 10) and a coordinator,
 *    the same round once with CKKS and once with the codec swapped for identity (plaintext), in one run.
 *    Local training is a trivial stand-in so the ratio isolates what encryption adds to a round.
 * 2. Aggregation at scale: `--big-nodes` updates (default 100) of `--big-weights` weights (default 1,000,000)
 *    folded into the coordinator's running sum through its real upload path (check, stage on disk, add),
 *    with peak RSS, to show memory stays bounded by the model size, not by the number of nodes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CoordinatorHe, NodeHe, writeKeyset } from '../../common/crypto/he/index.js';
import { generateNoteKey } from '../../common/ledger/index.js';
import { silentLogger } from '../../common/log/index.js';
import { initPki, loadTlsIdentity } from '../../common/pki/index.js';
import { registerGenesisModel } from '../../coordinator/admin.js';
import { IdentityCipher, type AggregationCipher } from '../../coordinator/aggregation/cipher.js';
import { CoordinatorConfigSchema } from '../../coordinator/config.js';
import { startCoordinator } from '../../coordinator/main.js';
import { RoundRunner } from '../../coordinator/rounds/round-runner.js';
import { CoordinatorStore } from '../../coordinator/store/coordinator-store.js';
import { FedAvg } from '../../coordinator/strategy/fedavg.js';
import { FederationClient } from '../../edge-node/federation/federation-client.js';
import { IdentityNodeCodec, type NodeCodec } from '../../edge-node/federation/node-codec.js';
import { participateInRound, type ModelVault } from '../../edge-node/federation/round-participant.js';

const { values: flags } = parseArgs({
  args: process.argv.slice(3),
  options: { nodes: { type: 'string', default: '10' }, weights: { type: 'string', default: '50000' }, 'big-nodes': { type: 'string', default: '100' }, 'big-weights': { type: 'string', default: '1000000' } },
});
const NODES = Number(flags.nodes);
const WEIGHTS = Number(flags.weights);
const BIG_NODES = Number(flags['big-nodes']);
const BIG_WEIGHTS = Number(flags['big-weights']);

function memoryVault(): ModelVault {
  const versions = new Map<string, Float32Array>();
  return { get: (v) => versions.get(v), put: (v, w) => void versions.set(v, w), serving: () => undefined, promote: async () => undefined };
}

async function timedRound(dir: string, label: string, cipher: AggregationCipher | undefined, codec: NodeCodec, heContext: string): Promise<{ ms: number; wireBytesPerWeight: number }> {
  const base = join(dir, label);
  const coordinator = await startCoordinator(
    CoordinatorConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, dataDir: join(base, 'coordinator'), identity: join(dir, 'pki', 'coordinator', 'main'), heContext, auditKey: join(base, 'audit.key'), strategy: { minNodes: NODES, roundDurationMs: 600_000, clipNorm: 1e6 } }),
    silentLogger(),
    cipher ? { cipher } : {},
  );
  mkdirSync(join(base, 'genesis'), { recursive: true });
  writeFileSync(join(base, 'genesis', 'weights.bin'), Buffer.from(new Float32Array(WEIGHTS).fill(0.1).buffer));
  writeFileSync(join(base, 'genesis', 'model.json'), '{}');
  registerGenesisModel(coordinator.store, join(base, 'genesis'), 'MODEL_KIND_ADHERENCE', Date.now());
  const sites = Array.from({ length: NODES }, (_, i) => `site-${i}`);
  const clients = sites.map((site) => new FederationClient(`127.0.0.1:${coordinator.port}`, loadTlsIdentity(join(dir, 'pki', 'edge', site))));
  for (const [i, site] of sites.entries()) {
    coordinator.store.enrolNode(site, Date.now());
    await clients[i]!.join({ softwareVersion: 'bench', modelKinds: [], keysetFingerprintHex: codec.fingerprint, auditVerifierKey: generateNoteKey(`edge-${site}`).verifierText, auditOrigin: `vigil/edge/${site}` });
  }
  const started = performance.now();
  await coordinator.runner.startRound('MODEL_KIND_ADHERENCE');
  let wireBytes = 0;
  await Promise.all(
    clients.map((client, i) =>
      participateInRound(
        {
          client,
          he: {
            fingerprint: codec.fingerprint,
            layout: (n) => codec.layout(n),
            decryptAggregate: (a, t) => codec.decryptAggregate(a, t),
            *encryptChunks(update, weight) {
              for (const chunk of codec.encryptChunks(update, weight)) {
                if (i === 0) wireBytes += chunk.bytes.byteLength;
                yield chunk;
              }
            },
          },
          trainer: { train: async (global) => ({ weights: Float32Array.from(global, (w, k) => w + Math.sin(k + i) * 0.01), sampleCount: 100 * (i + 1), metrics: {} }) },
          validator: { validate: async () => ({ promote: true, reason: 'bench', metrics: {}, sampleCount: 1 }) },
          vault: memoryVault(),
          publishTreeHead: async () => undefined,
          logger: silentLogger(),
          normal: () => 0,
          pollMs: 20,
        },
        'MODEL_KIND_ADHERENCE',
      ),
    ),
  );
  const ms = performance.now() - started;
  for (const c of clients) c.close();
  await coordinator.stop(1_000);
  return { ms, wireBytesPerWeight: wireBytes / WEIGHTS };
}

async function bigAggregation(dir: string, he: NodeHe, contextPath: string): Promise<Record<string, number>> {
  const coordinatorHe = await CoordinatorHe.load(contextPath);
  const store = new CoordinatorStore(join(dir, 'big.db'));
  const noAudit = { append: async () => undefined };
  const runner = new RoundRunner({ store, strategy: new FedAvg({ config: { localEpochs: 1, learningRate: 0.01, batchSize: 32, clipNorm: 1, dpNoiseMultiplier: 0 }, minNodes: BIG_NODES, roundDurationMs: 3_600_000 }), cipher: coordinatorHe, audit: noAudit, logger: silentLogger() });
  store.putModel({ version: 'b'.repeat(64), modelKind: 'MODEL_KIND_ADHERENCE', parentVersion: null, roundId: null, createdAtMs: Date.now(), weightCount: BIG_WEIGHTS, manifestJson: '{}', genesisWeights: null, lineage: {}, flagged: false });
  for (let n = 0; n < BIG_NODES; n++) store.enrolNode(`n${n}`, Date.now());
  const round = await runner.startRound('MODEL_KIND_ADHERENCE');
  // One encryption reused for every node: the benchmark measures aggregation, not encryption.
  const update = Float32Array.from({ length: BIG_WEIGHTS }, (_, k) => Math.sin(k) * 0.5);
  const chunks = Array.from(he.encryptChunks(update, 10), (c) => c.bytes);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const { createHash } = await import('node:crypto');
  const digest = chunks.reduce((h, c) => h.update(c), createHash('sha256')).digest('hex');
  for (const [n, participant] of store.participants(round.roundId).entries()) {
    const session = runner.beginUpload(participant.nodeId, { roundId: round.roundId, submissionToken: participant.token, sampleWeight: 10, chunkCount: chunks.length, weightCount: BIG_WEIGHTS, keysetFingerprintHex: coordinatorHe.fingerprint });
    chunks.forEach((bytes, index) => session.addChunk(index, bytes));
    await runner.finishUpload(session, digest);
    if ((n + 1) % 10 === 0) process.stderr.write(`  aggregated ${n + 1}/${BIG_NODES} updates, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB\n`);
  }
  const ms = performance.now() - started;
  const published = store.getRound(round.roundId)!;
  runner.close();
  store.close();
  coordinatorHe.delete();
  return { nodes: BIG_NODES, weights: BIG_WEIGHTS, state_published: published.state === 'PUBLISHED' ? 1 : 0, aggregate_ms: Math.round(ms), ms_per_update: Math.round(ms / BIG_NODES), rss_before_mib: Math.round(rssBefore / 2 ** 20), peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024), one_update_mib: Math.round(chunks.reduce((s, c) => s + c.byteLength, 0) / 2 ** 20), all_updates_mib: Math.round((BIG_NODES * chunks.reduce((s, c) => s + c.byteLength, 0)) / 2 ** 20) };
}

/** Runs both parts and prints a JSON report with ratios measured in the same run. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-fed-'));
  try {
    await initPki({ outDir: join(dir, 'pki'), sites: Array.from({ length: NODES }, (_, i) => `site-${i}`), clinicians: 0 });
    const { paths, meta } = await writeKeyset(join(dir, 'keys'));
    const he = await NodeHe.load(paths.secretKeyset);
    process.stderr.write(`federation bench: ${NODES} nodes × ${WEIGHTS} weights over mTLS gRPC\n`);
    const identity = await timedRound(dir, 'identity', new IdentityCipher(meta.slotsPerChunk), new IdentityNodeCodec(meta.slotsPerChunk), paths.publicContext);
    const ckks = await timedRound(dir, 'ckks', undefined, he, paths.publicContext);
    const identityAgain = await timedRound(dir, 'identity-again', new IdentityCipher(meta.slotsPerChunk), new IdentityNodeCodec(meta.slotsPerChunk), paths.publicContext);
    const baselineMs = Math.min(identity.ms, identityAgain.ms);
    const rounds = {
      nodes: NODES,
      weights: WEIGHTS,
      identity_round_ms: Math.round(baselineMs),
      ckks_round_ms: Math.round(ckks.ms),
      overhead_ratio: Number((ckks.ms / baselineMs).toFixed(2)),
      target_overhead_ratio: 3,
      ckks_wire_bytes_per_weight: Number(ckks.wireBytesPerWeight.toFixed(2)),
      identity_wire_bytes_per_weight: Number(identity.wireBytesPerWeight.toFixed(2)),
      target_bytes_per_weight: 16,
    };
    process.stderr.write(`aggregation at scale: ${BIG_NODES} updates × ${BIG_WEIGHTS} weights\n`);
    const big = await bigAggregation(dir, he, paths.publicContext);
    he.delete();
    process.stdout.write(JSON.stringify({ rounds, aggregation: big }, null, 2) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
