/**
 * `npm run bench -- federation [--nodes N] [--weights W] [--repetitions R] [--big-nodes N] [--big-weights W]`
 *
 * 1. Full rounds (eval/suites/he-rounds.ts) over loopback gRPC with mTLS and durable stores: N edge nodes (default 10) and a coordinator,
 *    the same round with CKKS and with the codec swapped for identity (plaintext), in one run: one warm-up round each
 *    (excluded), then R timed rounds each (default 5) in alternating order; medians, every round, and where the time goes.
 *    Local training is precomputed so the ratio isolates what encryption adds to a round. Everything runs in one
 *    process: every node's encryption and decryption adds up on one thread (real nodes work in parallel).
 * 2. Aggregation at scale: `--big-nodes` updates (default 100) of `--big-weights` weights (default 1,000,000)
 *    folded into the coordinator's running sum through its real upload path (check, stage on disk, add),
 *    with peak RSS, to show memory stays bounded by the model size, not by the number of nodes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CoordinatorHe, NodeHe, writeKeyset } from '../../common/crypto/he/index.js';
import { silentLogger } from '../../common/log/index.js';
import { initPki } from '../../common/pki/index.js';
import { RoundRunner } from '../../coordinator/rounds/round-runner.js';
import { CoordinatorStore } from '../../coordinator/store/coordinator-store.js';
import { FedAvg } from '../../coordinator/strategy/fedavg.js';
import { measureRoundOverhead, roundSites } from '../suites/he-rounds.js';

const { values: flags } = parseArgs({
  args: process.argv.slice(3),
  options: { nodes: { type: 'string', default: '10' }, weights: { type: 'string', default: '50000' }, repetitions: { type: 'string', default: '5' }, 'big-nodes': { type: 'string', default: '100' }, 'big-weights': { type: 'string', default: '1000000' } },
});
const NODES = Number(flags.nodes);
const WEIGHTS = Number(flags.weights);
const REPETITIONS = Number(flags.repetitions);
const BIG_NODES = Number(flags['big-nodes']);
const BIG_WEIGHTS = Number(flags['big-weights']);

async function bigAggregation(dir: string, he: NodeHe, contextPath: string): Promise<Record<string, number>> {
  const coordinatorHe = await CoordinatorHe.load(contextPath);
  const store = new CoordinatorStore(join(dir, 'big.db'));
  const noAudit = { append: async () => undefined };
  const runner = new RoundRunner({ store, strategy: new FedAvg({ config: { localEpochs: 1, learningRate: 0.01, batchSize: 32, clipNorm: 1, dpNoiseMultiplier: 0 }, minNodes: BIG_NODES, roundDurationMs: 3_600_000 }), cipher: coordinatorHe, audit: noAudit, logger: silentLogger() });
  store.putModel({ version: 'b'.repeat(64), modelKind: 'MODEL_KIND_ADHERENCE', parentVersion: null, roundId: null, createdAtMs: Date.now(), weightCount: BIG_WEIGHTS, manifestJson: '{}', genesisWeights: null, lineage: {}, flagged: false });
  for (let n = 0; n < BIG_NODES; n++) {
    store.enrolNode(`n${n}`, Date.now());
    store.touchNode(`n${n}`, Date.now(), { keysetFingerprintHex: coordinatorHe.fingerprint, auditPublicKeyBase64: '', modelKinds: ['MODEL_KIND_ADHERENCE'] });
  }
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
    await initPki({ outDir: join(dir, 'pki'), sites: roundSites(NODES), clinicians: 0 });
    const { paths, meta } = await writeKeyset(join(dir, 'keys'));
    const he = await NodeHe.load(paths.secretKeyset);
    process.stderr.write(`federation bench: ${NODES} nodes × ${WEIGHTS} weights over mTLS gRPC\n`);
    const overhead = await measureRoundOverhead({ dir, nodes: NODES, weights: WEIGHTS, heContextPath: paths.publicContext }, he, meta, (label) => process.stderr.write(`  round: ${label}\n`), REPETITIONS);
    const ms = (values: readonly number[]) => values.map((v) => Math.round(v));
    const components = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k.replace(/Ms$/, '_ms'), Math.round(v)]));
    const rounds = {
      nodes: NODES,
      weights: WEIGHTS,
      repetitions: overhead.repetitions,
      identity_round_ms: Math.round(overhead.identityRoundMs),
      ckks_round_ms: Math.round(overhead.ckksRoundMs),
      overhead_ratio: Number(overhead.overheadRatio.toFixed(2)),
      target_overhead_ratio: 3,
      pair_ratios: overhead.pairRatios.map((r) => Number(r.toFixed(2))),
      cpu_ms: { identity: Math.round(overhead.identityCpuMs), ckks: Math.round(overhead.ckksCpuMs), ratio: Number(overhead.cpuOverheadRatio.toFixed(2)) },
      identity_rounds_ms: ms(overhead.identityRoundsMs),
      ckks_rounds_ms: ms(overhead.ckksRoundsMs),
      median_components_ms: { identity: components({ ...overhead.components.identity }), ckks: components({ ...overhead.components.ckks }) },
      load_average_1m: { before: Number(overhead.loadAverage.before.toFixed(2)), after: Number(overhead.loadAverage.after.toFixed(2)) },
      setting: overhead.setting,
      ckks_wire_bytes_per_weight: Number(overhead.ckksWireBytesPerWeight.toFixed(2)),
      identity_wire_bytes_per_weight: Number(overhead.identityWireBytesPerWeight.toFixed(2)),
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
