/**
 * Full federated rounds over loopback gRPC with mTLS and durable stores: N edge nodes and a coordinator,
 * the same round once with CKKS and once with the codec swapped for identity (plaintext FedAvg through the
 * same upload path), in one run. Local training is a trivial stand-in so the ratio isolates what encryption
 * adds to a round. Shared by `vigil eval he` and `npm run bench -- federation`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeysetMeta, NodeHe } from '../../common/crypto/he/index.js';
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

/** One round's wall time and what node 0 uploaded. */
export interface RoundTiming {
  ms: number;
  wireBytesPerWeight: number;
}

/** Where a round runs: a scratch directory holding `pki/` (sites `site-0…`) and the public HE context. */
export interface RoundSetup {
  dir: string;
  nodes: number;
  weights: number;
  heContextPath: string;
}

function memoryVault(): ModelVault {
  const versions = new Map<string, Float32Array>();
  return { get: (v) => versions.get(v), put: (v, w) => void versions.set(v, w), serving: () => undefined, promote: async () => undefined };
}

/** @returns the site names the PKI must hold for `nodes` nodes. */
export function roundSites(nodes: number): string[] {
  return Array.from({ length: nodes }, (_, i) => `site-${i}`);
}

/**
 * Runs one complete round (enrol, join, start, train, upload, aggregate, download, decrypt, report).
 * @param cipher the coordinator's aggregation cipher; undefined = CKKS from the public context.
 * @returns wall time from round start until every node has finished, and node 0's upload bytes per weight.
 * @throws whatever the coordinator or a node throws (a failed round is a failed measurement).
 */
export async function timedRound(setup: RoundSetup, label: string, cipher: AggregationCipher | undefined, codec: NodeCodec): Promise<RoundTiming> {
  const { dir, nodes, weights } = setup;
  const base = join(dir, label);
  const coordinator = await startCoordinator(
    CoordinatorConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, dataDir: join(base, 'coordinator'), identity: join(dir, 'pki', 'coordinator', 'main'), heContext: setup.heContextPath, auditKey: join(base, 'audit.key'), strategy: { minNodes: nodes, roundDurationMs: 600_000, clipNorm: 1e6 } }),
    silentLogger(),
    cipher ? { cipher } : {},
  );
  const clients: FederationClient[] = [];
  try {
    mkdirSync(join(base, 'genesis'), { recursive: true });
    writeFileSync(join(base, 'genesis', 'weights.bin'), Buffer.from(new Float32Array(weights).fill(0.1).buffer));
    writeFileSync(join(base, 'genesis', 'model.json'), '{}');
    registerGenesisModel(coordinator.store, join(base, 'genesis'), 'MODEL_KIND_ADHERENCE', Date.now());
    const sites = roundSites(nodes);
    for (const site of sites) clients.push(new FederationClient(`127.0.0.1:${coordinator.port}`, loadTlsIdentity(join(dir, 'pki', 'edge', site))));
    for (const [i, site] of sites.entries()) {
      coordinator.store.enrolNode(site, Date.now());
      await clients[i]!.join({ softwareVersion: 'bench', modelKinds: ['MODEL_KIND_ADHERENCE'], keysetFingerprintHex: codec.fingerprint, auditVerifierKey: generateNoteKey(`edge-${site}`).verifierText, auditOrigin: `vigil/edge/${site}` });
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
    return { ms: performance.now() - started, wireBytesPerWeight: wireBytes / weights };
  } finally {
    for (const c of clients) c.close();
    await coordinator.stop(1_000);
  }
}

/** Round overhead of CKKS against the identity codec, measured in one run. */
export interface RoundOverhead {
  nodes: number;
  weights: number;
  identityRoundMs: number;
  ckksRoundMs: number;
  /** CKKS round time over the faster of two identity rounds (one before, one after). */
  overheadRatio: number;
  ckksWireBytesPerWeight: number;
  identityWireBytesPerWeight: number;
}

/**
 * Runs identity, CKKS, identity again (the baseline is the faster identity round, so warm-up does not
 * flatter CKKS).
 * @returns the timings and ratio. @throws as {@link timedRound}.
 */
export async function measureRoundOverhead(setup: RoundSetup, he: NodeHe, meta: KeysetMeta, onRound: (label: string) => void = () => undefined): Promise<RoundOverhead> {
  onRound('identity');
  const identity = await timedRound(setup, 'identity', new IdentityCipher(meta.slotsPerChunk), new IdentityNodeCodec(meta.slotsPerChunk));
  onRound('ckks');
  const ckks = await timedRound(setup, 'ckks', undefined, he);
  onRound('identity-again');
  const identityAgain = await timedRound(setup, 'identity-again', new IdentityCipher(meta.slotsPerChunk), new IdentityNodeCodec(meta.slotsPerChunk));
  const baselineMs = Math.min(identity.ms, identityAgain.ms);
  return {
    nodes: setup.nodes,
    weights: setup.weights,
    identityRoundMs: baselineMs,
    ckksRoundMs: ckks.ms,
    overheadRatio: ckks.ms / baselineMs,
    ckksWireBytesPerWeight: ckks.wireBytesPerWeight,
    identityWireBytesPerWeight: identity.wireBytesPerWeight,
  };
}
