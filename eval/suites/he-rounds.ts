/**
 * Full federated rounds over loopback gRPC with mTLS and durable stores: N edge nodes and a coordinator, the same
 * round with CKKS and with the codec swapped for identity (plaintext FedAvg through the same upload path, same
 * chunk layout), in one run: warm-up rounds excluded, then several repetitions in alternating order, medians
 * reported. Local training is precomputed so the ratio isolates what encryption adds to a round.
 * Shared by `vigil eval he` and `npm run bench -- federation`.
 *
 * Everything runs in ONE process on one JS thread: the coordinator and all N nodes take turns, so the round time
 * is the sum of every node's encryption and decryption plus the coordinator's work. On real deployments nodes
 * encrypt and decrypt in parallel on their own machines, so this overstates the wall-clock cost of CKKS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CoordinatorHe, type KeysetMeta, type NodeHe } from '../../common/crypto/he/index.js';
import { generateNoteKey } from '../../common/ledger/index.js';
import { silentLogger } from '../../common/log/index.js';
import { loadTlsIdentity } from '../../common/pki/index.js';
import { registerGenesisModel } from '../../coordinator/admin.js';
import { IdentityCipher, type AggregationCipher } from '../../coordinator/aggregation/cipher.js';
import { CoordinatorConfigSchema } from '../../coordinator/config.js';
import { startCoordinator } from '../../coordinator/main.js';
import { FederationClient } from '../../edge-node/federation/federation-client.js';
import { IdentityNodeCodec, type NodeCodec } from '../../edge-node/federation/node-codec.js';
import { participateInRound, type ModelVault } from '../../edge-node/federation/round-participant.js';
import { RoundTimers, timeMethod, timedCipher, timedCodec, type RoundComponents } from './he-round-timers.js';

/** One round's wall time, where it went, and what node 0 uploaded. */
export interface RoundTiming {
  ms: number;
  /** CPU time of the whole process (user + system, all threads) during the round: less sensitive to other jobs than wall time. */
  cpuMs: number;
  components: RoundComponents;
  wireBytesPerWeight: number;
}

/** Where a round runs: a scratch directory holding `pki/` (sites `site-0…`) and the public HE context. */
export interface RoundSetup {
  dir: string;
  nodes: number;
  weights: number;
  heContextPath: string;
}

/** Which codec a round uses: the coordinator's cipher and the nodes' codec. */
export type RoundCodec = { kind: 'identity' | 'ckks'; cipher: AggregationCipher; codec: NodeCodec };

const GENESIS_WEIGHT = 0.1;

function memoryVault(): ModelVault {
  const versions = new Map<string, Float32Array>();
  return { get: (v) => versions.get(v), put: (v, w) => void versions.set(v, w), serving: () => undefined, promote: async () => undefined };
}

/** @returns the site names the PKI must hold for `nodes` nodes. */
export function roundSites(nodes: number): string[] {
  return Array.from({ length: nodes }, (_, i) => `site-${i}`);
}

/** @returns each node's locally "trained" weights (genesis + a small node-specific delta), computed once, outside any timing. */
export function standInTraining(nodes: number, weights: number): Float32Array[] {
  return Array.from({ length: nodes }, (_, i) => Float32Array.from({ length: weights }, (_, k) => GENESIS_WEIGHT + Math.sin(k + i) * 0.01));
}

/**
 * Runs one complete round (enrol, join, start, train, upload, aggregate, download, decrypt, report). Timing starts
 * when the round opens and stops when every node has finished; coordinator start-up and joins are outside it.
 * @returns wall time, component times, and node 0's upload bytes per weight.
 * @throws whatever the coordinator or a node throws (a failed round is a failed measurement).
 */
export async function timedRound(setup: RoundSetup, label: string, round: RoundCodec, trained: readonly Float32Array[]): Promise<RoundTiming> {
  const { dir, nodes, weights } = setup;
  const base = join(dir, label);
  const timers = new RoundTimers();
  // Both codecs go in as an injected cipher, so both rounds take exactly the same coordinator path.
  const coordinator = await startCoordinator(
    CoordinatorConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, dataDir: join(base, 'coordinator'), identity: join(dir, 'pki', 'coordinator', 'main'), heContext: setup.heContextPath, auditKey: join(base, 'audit.key'), strategy: { minNodes: nodes, roundDurationMs: 600_000, clipNorm: 1e6 } }),
    silentLogger(),
    { cipher: timedCipher(round.cipher, timers) },
  );
  timeMethod(coordinator.store, 'stageChunk', timers, 'stageMs');
  const clients: FederationClient[] = [];
  try {
    mkdirSync(join(base, 'genesis'), { recursive: true });
    writeFileSync(join(base, 'genesis', 'weights.bin'), Buffer.from(new Float32Array(weights).fill(GENESIS_WEIGHT).buffer));
    writeFileSync(join(base, 'genesis', 'model.json'), '{}');
    registerGenesisModel(coordinator.store, join(base, 'genesis'), 'MODEL_KIND_ADHERENCE', Date.now());
    const sites = roundSites(nodes);
    for (const site of sites) clients.push(new FederationClient(`127.0.0.1:${coordinator.port}`, loadTlsIdentity(join(dir, 'pki', 'edge', site))));
    for (const [i, site] of sites.entries()) {
      coordinator.store.enrolNode(site, Date.now());
      await clients[i]!.join({ softwareVersion: 'bench', modelKinds: ['MODEL_KIND_ADHERENCE'], keysetFingerprintHex: round.codec.fingerprint, auditVerifierKey: generateNoteKey(`edge-${site}`).verifierText, auditOrigin: `vigil/edge/${site}` });
    }
    let wireBytes = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await coordinator.runner.startRound('MODEL_KIND_ADHERENCE');
    await Promise.all(
      clients.map((client, i) =>
        participateInRound(
          {
            client,
            he: timedCodec(round.codec, timers, (bytes) => void (i === 0 && (wireBytes += bytes))),
            trainer: { train: async () => ({ weights: trained[i]!, sampleCount: 100 * (i + 1), metrics: {}, backend: '' }) },
            validator: { validate: async () => ({ promote: true, reason: 'bench', metrics: {}, sampleCount: 1 }), holdoutMetrics: () => ({}) },
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
    const cpu = process.cpuUsage(cpuBefore);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, components: timers.components(ms), wireBytesPerWeight: wireBytes / weights };
  } finally {
    for (const c of clients) c.close();
    await coordinator.stop(1_000);
  }
}

/** Round overhead of CKKS against the identity codec, measured in one run. */
export interface RoundOverhead {
  nodes: number;
  weights: number;
  /** Timed rounds per codec (after one warm-up round each, not counted). */
  repetitions: number;
  /** Median identity round. */
  identityRoundMs: number;
  /** Median CKKS round. */
  ckksRoundMs: number;
  /** Median CKKS round over median identity round. */
  overheadRatio: number;
  /** CKKS ÷ identity for each repetition (rounds run back to back, order alternating). */
  pairRatios: number[];
  identityRoundsMs: number[];
  ckksRoundsMs: number[];
  /** Median process CPU time per round, and their ratio (a cross-check on a loaded machine). */
  identityCpuMs: number;
  ckksCpuMs: number;
  cpuOverheadRatio: number;
  /** Median of each component over the repetitions. */
  components: { identity: RoundComponents; ckks: RoundComponents };
  ckksWireBytesPerWeight: number;
  identityWireBytesPerWeight: number;
  /** 1-minute load average before and after (other jobs on the machine share the CPU). */
  loadAverage: { before: number; after: number };
  /** What runs where, in words. */
  setting: string;
}

/** @returns the median of `values` (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianComponents(rounds: readonly RoundTiming[]): RoundComponents {
  const keys = Object.keys(rounds[0]!.components) as (keyof RoundComponents)[];
  return Object.fromEntries(keys.map((k) => [k, median(rounds.map((r) => r.components[k]))])) as unknown as RoundComponents;
}

/**
 * One warm-up round per codec (excluded), then `repetitions` pairs in alternating order (identity then CKKS, CKKS then
 * identity, …) so drift in machine load does not favour either; same nodes, sizes, trained weights and code path.
 * @returns medians, every repetition, component medians and wire sizes. @throws as {@link timedRound}.
 */
export async function measureRoundOverhead(setup: RoundSetup, he: NodeHe, meta: KeysetMeta, onRound: (label: string) => void = () => undefined, repetitions = 3): Promise<RoundOverhead> {
  const trained = standInTraining(setup.nodes, setup.weights);
  const coordinatorHe = await CoordinatorHe.load(setup.heContextPath);
  const codecs: Record<RoundCodec['kind'], RoundCodec> = {
    identity: { kind: 'identity', cipher: new IdentityCipher(meta.slotsPerChunk), codec: new IdentityNodeCodec(meta.slotsPerChunk) },
    ckks: { kind: 'ckks', cipher: coordinatorHe, codec: he },
  };
  const loadBefore = loadavg()[0]!;
  const timed: Record<RoundCodec['kind'], RoundTiming[]> = { identity: [], ckks: [] };
  try {
    for (const kind of ['identity', 'ckks'] as const) {
      onRound(`warm-up ${kind}`);
      await timedRound(setup, `warmup-${kind}`, codecs[kind], trained);
    }
    for (let r = 0; r < repetitions; r++) {
      for (const kind of r % 2 === 0 ? (['identity', 'ckks'] as const) : (['ckks', 'identity'] as const)) {
        onRound(`${kind} ${r + 1}/${repetitions}`);
        timed[kind].push(await timedRound(setup, `${kind}-${r}`, codecs[kind], trained));
      }
    }
  } finally {
    coordinatorHe.delete();
  }
  const identityRoundsMs = timed.identity.map((t) => t.ms);
  const ckksRoundsMs = timed.ckks.map((t) => t.ms);
  return {
    nodes: setup.nodes,
    weights: setup.weights,
    repetitions,
    identityRoundMs: median(identityRoundsMs),
    ckksRoundMs: median(ckksRoundsMs),
    overheadRatio: median(ckksRoundsMs) / median(identityRoundsMs),
    pairRatios: ckksRoundsMs.map((ms, r) => ms / identityRoundsMs[r]!),
    identityRoundsMs,
    ckksRoundsMs,
    identityCpuMs: median(timed.identity.map((t) => t.cpuMs)),
    ckksCpuMs: median(timed.ckks.map((t) => t.cpuMs)),
    cpuOverheadRatio: median(timed.ckks.map((t) => t.cpuMs)) / median(timed.identity.map((t) => t.cpuMs)),
    components: { identity: medianComponents(timed.identity), ckks: medianComponents(timed.ckks) },
    ckksWireBytesPerWeight: timed.ckks[0]!.wireBytesPerWeight,
    identityWireBytesPerWeight: timed.identity[0]!.wireBytesPerWeight,
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
    setting: `coordinator and ${setup.nodes} nodes in one Node.js process (one JS thread; loopback gRPC with mTLS, SQLite stores with synchronous=FULL): every node's encryption and decryption runs one after another, which a real deployment does in parallel on separate machines`,
  };
}
