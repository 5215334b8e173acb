import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/index.js';
import { AggregateIntegrityError } from './errors.js';
import { makeKeysetPair, plainFedAvg, randomUpdate, seededRandom, type KeysetPair } from './test-kit.js';

let pair: KeysetPair;
beforeAll(async () => {
  pair = await makeKeysetPair();
});
afterAll(() => pair.delete());

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Encrypts every node's update, sums on the coordinator side, decrypts on the node side. */
function encryptedFedAvg(updates: readonly Float32Array[], weights: readonly number[]): Float32Array {
  const sum = pair.coordinator.openSum(updates[0]!.length);
  try {
    updates.forEach((update, n) => {
      for (const chunk of pair.node.encryptChunks(update, weights[n]!)) sum.add(chunk.index, chunk.bytes);
    });
    const serialized = sum.serialize();
    expect(serialized.contributions).toBe(updates.length);
    return pair.node.decryptAggregate(serialized, weights.reduce((a, b) => a + b, 0));
  } finally {
    sum.delete();
  }
}

describe('CKKS encode / encrypt / decrypt', () => {
  it('round-trips one update (several chunks, partial last chunk) within 1e-6', () => {
    const update = randomUpdate(9000, seededRandom(1));
    const decrypted = encryptedFedAvg([update], [1]);
    expect(decrypted).toHaveLength(9000);
    expect(maxAbsDiff(decrypted, update)).toBeLessThan(1e-6);
  });

  it('sends at most 16 bytes per weight for a full chunk (symmetric, seed-compressed, 7-byte words)', () => {
    const dataSlots = pair.node.meta.dataSlotsPerChunk;
    const { chunks } = pair.node.encryptUpdate(randomUpdate(dataSlots, seededRandom(2)), 1000);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.length / dataSlots).toBeLessThanOrEqual(16);
    expect(chunks[0]!.length / dataSlots).toBeLessThan(14.1); // 7 bytes per coefficient, 2 coefficients per weight, plus ~200 bytes of header and seed
  });

  it('two encryptions of the same update differ (fresh randomness per chunk)', () => {
    const update = randomUpdate(100, seededRandom(3));
    const [a] = pair.node.encryptUpdate(update, 1).chunks;
    const [b] = pair.node.encryptUpdate(update, 1).chunks;
    expect(Buffer.from(a!).equals(Buffer.from(b!))).toBe(false);
  });
});

describe('encrypted sum of 3–10 node updates', () => {
  it('equals plaintext weighted FedAvg within 1e-5 per weight at realistic magnitudes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 10 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer(),
        fc.constantFrom(1e-3, 0.1, 1),
        (nodes, length, seed, magnitude) => {
          const random = seededRandom(seed);
          const updates = Array.from({ length: nodes }, () => randomUpdate(length, random, magnitude));
          const weights = Array.from({ length: nodes }, () => 1 + Math.floor(random() * 100_000));
          const error = maxAbsDiff(encryptedFedAvg(updates, weights), plainFedAvg(updates, weights));
          expect(error).toBeLessThan(1e-5);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('stays within 1e-5 at the worst case: 10 nodes of 1e5 samples, every weight at ±1', () => {
    const random = seededRandom(4);
    const updates = Array.from({ length: 10 }, () => Float32Array.from({ length: 4095 }, () => (random() < 0.5 ? -1 : 1)));
    const weights = new Array<number>(10).fill(100_000);
    expect(maxAbsDiff(encryptedFedAvg(updates, weights), plainFedAvg(updates, weights))).toBeLessThan(1e-5);
  });
});

describe('integrity checks on the node side', () => {
  const update = () => randomUpdate(5000, seededRandom(5));

  it('rejects a sum whose announced total weight is not the sum of the contributors’ weights', () => {
    const sum = pair.coordinator.openSum(5000);
    for (const chunk of pair.node.encryptChunks(update(), 40)) sum.add(chunk.index, chunk.bytes);
    for (const chunk of pair.node.encryptChunks(update(), 60)) sum.add(chunk.index, chunk.bytes);
    const serialized = sum.serialize();
    sum.delete();
    expect(() => pair.node.decryptAggregate(serialized, 90)).toThrow(AggregateIntegrityError);
    expect(pair.node.decryptAggregate(serialized, 100)).toHaveLength(5000);
  });

  it('refuses to serialize a sum where one node contributed only some chunks', () => {
    const sum = pair.coordinator.openSum(5000);
    for (const chunk of pair.node.encryptChunks(update(), 40)) sum.add(chunk.index, chunk.bytes);
    const [first] = pair.node.encryptChunks(update(), 60);
    sum.add(first!.index, first!.bytes);
    expect(sum.contributions(0)).toBe(2);
    expect(sum.contributions(1)).toBe(1);
    expect(() => sum.serialize()).toThrow(/incomplete/);
    sum.delete();
  });

  it('rejects a wrong chunk count and a non-positive total weight', () => {
    const { chunks } = pair.node.encryptUpdate(update(), 1);
    expect(() => pair.node.decryptAggregate({ weightCount: 5000, chunks: chunks.slice(1) }, 1)).toThrow(InvalidArgumentError);
    expect(() => pair.node.decryptAggregate({ weightCount: 5000, chunks }, 0)).toThrow(InvalidArgumentError);
  });
});

describe('input validation on the node side', () => {
  it('rejects a non-positive, non-finite or too large weight', () => {
    const update = new Float32Array(10);
    for (const weight of [0, -1, Number.NaN, Infinity, 2 ** 30]) expect(() => pair.node.encryptUpdate(update, weight)).toThrow(InvalidArgumentError);
  });

  it('rejects NaN values and values whose weighted magnitude could overflow the sum', () => {
    expect(() => pair.node.encryptUpdate(Float32Array.of(0, Number.NaN), 1)).toThrow(/update\[1\]/);
    expect(() => pair.node.encryptUpdate(Float32Array.of(100), 100_000)).toThrow(/exceeds/);
  });
});
