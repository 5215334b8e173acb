import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CoordinatorHe, NodeHe } from '../../common/crypto/he/index.js';
import { makeKeysetPair, plainFedAvg, randomUpdate, seededRandom, type KeysetPair } from '../../common/crypto/he/test-kit.js';
import { silentLogger } from '../../common/log/index.js';
import type { AggregationCipher, SumAccumulator } from '../aggregation/cipher.js';
import { CoordinatorStore } from '../store/coordinator-store.js';
import { FedAvg } from '../strategy/fedavg.js';
import { RoundRunner } from './round-runner.js';

const WEIGHTS = 9_000; // 3 chunks
let pair: KeysetPair;
let dir: string;
let store: CoordinatorStore;
let runner: RoundRunner;
let counted: CountingCipher;
let now: number;

/** The coordinator's cipher, counting how often chunks are parsed (checkChunk, add, subtract). */
class CountingCipher implements AggregationCipher {
  parses = 0;
  constructor(private readonly inner: CoordinatorHe) {}
  get fingerprint() {
    return this.inner.fingerprint;
  }
  chunkCount(weightCount: number) {
    return this.inner.chunkCount(weightCount);
  }
  checkChunk(index: number, bytes: Uint8Array) {
    this.parses++;
    this.inner.checkChunk(index, bytes);
  }
  openSum(weightCount: number): SumAccumulator {
    const sum = this.inner.openSum(weightCount);
    return {
      add: (index, bytes) => (this.parses++, sum.add(index, bytes)),
      subtract: (index, bytes) => (this.parses++, sum.subtract(index, bytes)),
      serialize: () => sum.serialize(),
      delete: () => sum.delete(),
    };
  }
}

const encrypt = (node: NodeHe, update: Float32Array, weight: number) => Array.from(node.encryptChunks(update, weight), (c) => c.bytes);
const digest = (chunks: readonly Uint8Array[]) => chunks.reduce((h, c) => h.update(c), createHash('sha256')).digest('hex');

beforeAll(async () => {
  pair = await makeKeysetPair();
});
afterAll(() => pair.delete());

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-runner-'));
  store = new CoordinatorStore(join(dir, 'c.db'));
  counted = new CountingCipher(pair.coordinator);
  now = 1_000;
  const strategy = new FedAvg({ config: { localEpochs: 1, learningRate: 0.01, batchSize: 32, clipNorm: 1, dpNoiseMultiplier: 0 }, minNodes: 2, roundDurationMs: 60_000 });
  runner = new RoundRunner({ store, strategy, cipher: counted, audit: { append: async () => undefined }, logger: silentLogger(), clock: () => now });
  store.putModel({ version: 'g'.repeat(64), modelKind: 'MODEL_KIND_ADHERENCE', parentVersion: null, roundId: null, createdAtMs: now, weightCount: WEIGHTS, manifestJson: '{}', genesisWeights: null, lineage: {}, flagged: false });
  for (const nodeId of ['a', 'b', 'c']) {
    store.enrolNode(nodeId, now);
    store.touchNode(nodeId, now, { keysetFingerprintHex: counted.fingerprint, auditPublicKeyBase64: '', modelKinds: ['MODEL_KIND_ADHERENCE'] });
  }
});
afterEach(() => {
  runner.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open() {
  const round = await runner.startRound('MODEL_KIND_ADHERENCE');
  const token = (nodeId: string) => store.participants(round.roundId).find((p) => p.nodeId === nodeId)!.token;
  const begin = (nodeId: string, weight: number) =>
    runner.beginUpload(nodeId, { roundId: round.roundId, submissionToken: token(nodeId), sampleWeight: weight, chunkCount: round.chunkCount, weightCount: WEIGHTS, keysetFingerprintHex: counted.fingerprint });
  return { round, begin };
}

function decryptPublished(roundId: string): Float32Array {
  const round = store.getRound(roundId)!;
  expect(round.state).toBe('PUBLISHED');
  return pair.node.decryptAggregate({ weightCount: WEIGHTS, chunks: Array.from(store.aggregateChunks(roundId), (c) => c.bytes) }, round.totalWeight);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('RoundRunner: streaming aggregation', () => {
  it('parses each chunk once: it is summed as it arrives, with no second parse at the end of the upload', async () => {
    const { round, begin } = await open();
    const updates = [randomUpdate(WEIGHTS, seededRandom(1)), randomUpdate(WEIGHTS, seededRandom(2)), randomUpdate(WEIGHTS, seededRandom(3))];
    const weights = [10, 200, 3_000];
    for (const [n, nodeId] of ['a', 'b', 'c'].entries()) {
      const chunks = encrypt(pair.node, updates[n]!, weights[n]!);
      const session = begin(nodeId, weights[n]!);
      chunks.forEach((bytes, index) => session.addChunk(index, bytes));
      await runner.finishUpload(session, digest(chunks));
    }
    expect(counted.parses).toBe(3 * round.chunkCount);
    expect(maxAbsDiff(decryptPublished(round.roundId), plainFedAvg(updates, weights))).toBeLessThan(1e-5);
  });

  it('takes back uploads that fail half-way (no trailer, bad digest, malformed chunk) and a late one still streaming when the round closes', async () => {
    const { round, begin } = await open();
    const updates = [randomUpdate(WEIGHTS, seededRandom(4)), randomUpdate(WEIGHTS, seededRandom(5)), randomUpdate(WEIGHTS, seededRandom(6))];
    const chunks = [encrypt(pair.node, updates[0]!, 50), encrypt(pair.node, updates[1]!, 70), encrypt(pair.node, updates[2]!, 90)];

    // Node a: two chunks, then the stream ends (the service aborts the session).
    const truncated = begin('a', 50);
    truncated.addChunk(0, chunks[0]![0]!);
    truncated.addChunk(1, chunks[0]![1]!);
    truncated.abort();
    // Node b: every chunk, wrong digest.
    const tampered = begin('b', 70);
    chunks[1]!.forEach((bytes, index) => tampered.addChunk(index, bytes));
    await expect(runner.finishUpload(tampered, 'f'.repeat(64))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // Node c: a malformed second chunk.
    const malformed = begin('c', 90);
    malformed.addChunk(0, chunks[2]![0]!);
    expect(() => malformed.addChunk(1, chunks[2]![1]!.subarray(0, 100))).toThrow(/rejected/);
    malformed.abort();
    expect(store.getRound(round.roundId)!.nodeCount).toBe(0);

    // a and b send again; c is still streaming when the round reaches its target (2 of 3 is the minimum, 3 the target).
    for (const [n, nodeId] of (['a', 'b'] as const).entries()) {
      const session = begin(nodeId, [50, 70][n]!);
      chunks[n]!.forEach((bytes, index) => session.addChunk(index, bytes));
      await runner.finishUpload(session, digest(chunks[n]!));
    }
    const late = begin('c', 90);
    late.addChunk(0, chunks[2]![0]!);
    now = round.deadlineAtMs; // the deadline passes while c streams
    await runner.tick();
    expect(() => late.addChunk(1, chunks[2]![1]!)).toThrow(expect.objectContaining({ code: 'DEADLINE_EXCEEDED' }));
    await expect(runner.finishUpload(late, digest(chunks[2]!))).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });

    expect(store.getRound(round.roundId)!.nodeCount).toBe(2);
    expect(maxAbsDiff(decryptPublished(round.roundId), plainFedAvg(updates.slice(0, 2), [50, 70]))).toBeLessThan(1e-5);
  });

  it('a second upload from the same node supersedes the first, whose chunks are taken back', async () => {
    const { round, begin } = await open();
    const updates = [randomUpdate(WEIGHTS, seededRandom(7)), randomUpdate(WEIGHTS, seededRandom(8)), randomUpdate(WEIGHTS, seededRandom(9))];
    const first = begin('a', 5);
    first.addChunk(0, encrypt(pair.node, updates[2]!, 5)[0]!);
    for (const [n, nodeId] of (['a', 'b', 'c'] as const).entries()) {
      const chunks = encrypt(pair.node, updates[n]!, 5 + n);
      const session = begin(nodeId, 5 + n);
      chunks.forEach((bytes, index) => session.addChunk(index, bytes));
      await runner.finishUpload(session, digest(chunks));
    }
    expect(() => first.addChunk(1, new Uint8Array(1))).toThrow(expect.objectContaining({ code: 'ABORTED' }));
    expect(maxAbsDiff(decryptPublished(round.roundId), plainFedAvg(updates, [5, 6, 7]))).toBeLessThan(1e-5);
  });
});

describe('RoundRunner: learning-rate schedule', () => {
  it('plans the rate of the base model\'s next round (its rounds in chain + 1), whatever rounds of other kinds did', async () => {
    // Arrange: a decaying strategy; the newest adherence model already had 3 federated rounds.
    const strategy = new FedAvg({ config: { localEpochs: 1, learningRate: 0.01, batchSize: 32, clipNorm: 1, dpNoiseMultiplier: 0 }, minNodes: 2, roundDurationMs: 60_000, learningRateSchedule: { kind: 'exponential', decayPerRound: 0.5, minLearningRate: 0.0001 } });
    const decaying = new RoundRunner({ store, strategy, cipher: counted, audit: { append: async () => undefined }, logger: silentLogger(), clock: () => now });
    const first = await decaying.startRound('MODEL_KIND_ADHERENCE');
    store.transition(first.roundId, 'FAILED', { reason: 'test' });
    now += 1;
    store.putModel({ version: 'f'.repeat(64), modelKind: 'MODEL_KIND_ADHERENCE', parentVersion: 'g'.repeat(64), roundId: first.roundId, createdAtMs: now, weightCount: WEIGHTS, manifestJson: '{}', genesisWeights: null, lineage: { roundsInChain: 3 }, flagged: false });
    // Act
    const next = await decaying.startRound('MODEL_KIND_ADHERENCE');
    decaying.close();
    // Assert: round 1 from the genesis at the base rate; from a 3-round model at 0.01 · 0.5³ although its seq is 2.
    expect(first.config.learningRate).toBe(0.01);
    expect(next.seq).toBe(2);
    expect(next.baseVersion).toBe('f'.repeat(64));
    expect(next.config.learningRate).toBeCloseTo(0.00125, 12);
    expect(store.getRound(next.roundId)?.config.learningRate).toBeCloseTo(0.00125, 12);
  });
});
