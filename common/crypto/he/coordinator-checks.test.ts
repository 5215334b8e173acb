import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CiphertextRejectedError } from './errors.js';
import { PublicContext, publicContextFromBytes } from './public-context.js';
import { encodeWireCiphertext } from './wire-format.js';
import { makeKeysetPair, randomUpdate, seededRandom, type KeysetPair } from './test-kit.js';

let pair: KeysetPair;
let other: KeysetPair;
let context: PublicContext;
let good: Uint8Array;
beforeAll(async () => {
  pair = await makeKeysetPair();
  other = await makeKeysetPair();
  context = await publicContextFromBytes(pair.keyset.publicContext);
  good = pair.node.encryptUpdate(randomUpdate(100, seededRandom(1)), 10).chunks[0]!;
});
afterAll(() => {
  pair.delete();
  other.delete();
  context.delete();
});

/** Encrypts with the public key at an arbitrary scale (what a buggy or hostile node could send). */
function encryptWithScale(scale: number, square = false): Uint8Array {
  const { seal, sealContext, publicKey } = context;
  const encoder = seal.CKKSEncoder(sealContext);
  const encryptor = seal.Encryptor(sealContext, publicKey);
  const evaluator = seal.Evaluator(sealContext);
  const plain = encoder.encode(new Float64Array(encoder.slotCount).fill(0.5), scale)!;
  const cipher = encryptor.encrypt(plain)!;
  if (square) evaluator.square(cipher, cipher);
  const bytes = context.serializeCiphertext(cipher);
  for (const object of [plain, cipher, evaluator, encryptor, encoder]) object.delete();
  return bytes;
}

/** @returns the uncompressed SEAL bytes inside the good chunk (VHC2: 12-byte header, 113 bytes verbatim, 7-byte words, 81-byte seed trailer). */
function innerBytes(): Uint8Array {
  const body = good.subarray(12);
  const words = (body.length - 113 - 81) / 7;
  const raw = new Uint8Array(113 + 8 * words + 81);
  raw.set(body.subarray(0, 113));
  for (let w = 0; w < words; w++) raw.set(body.subarray(113 + 7 * w, 120 + 7 * w), 113 + 8 * w);
  raw.set(body.subarray(113 + 7 * words), 113 + 8 * words);
  return raw;
}

/** @returns `sealBytes` in the legacy VHC1 container (deflate-raw of byte planes) that earlier versions wrote. */
function legacyWire(sealBytes: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.ceil(sealBytes.length / 8) * 8);
  padded.set(sealBytes);
  const rows = padded.length / 8;
  const planes = new Uint8Array(padded.length);
  for (let i = 0; i < padded.length; i++) planes[(i % 8) * rows + Math.floor(i / 8)] = padded[i]!;
  const compressed = deflateRawSync(planes);
  const out = new Uint8Array(8 + compressed.length);
  new DataView(out.buffer).setUint32(0, 0x56484331);
  new DataView(out.buffer).setUint32(4, sealBytes.length);
  out.set(compressed, 8);
  return out;
}

/** @returns `sealBytes` in a VHC2 container of 8-byte words (SEAL bytes carried unchanged). */
function unpackedWire(sealBytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + sealBytes.length);
  new DataView(out.buffer).setUint32(0, 0x56484332);
  new DataView(out.buffer).setUint32(4, sealBytes.length);
  out[8] = 8;
  out.set(sealBytes, 12);
  return out;
}

function rejection(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(CiphertextRejectedError);
    return (error as CiphertextRejectedError).reason;
  }
}

describe('coordinator chunk checks', () => {
  it('accepts a well-formed chunk', () => {
    expect(rejection(() => pair.coordinator.checkChunk(0, good))).toBeUndefined();
  });

  it('rejects a ciphertext made under other parameters (N = 4096)', async () => {
    const small = await makeKeysetPair({ polyModulusDegree: 4096, coeffModulusBits: [56], scaleBits: 32 });
    const foreign = small.node.encryptUpdate(new Float32Array(10), 1).chunks[0]!;
    small.delete();
    expect(rejection(() => pair.coordinator.checkChunk(0, foreign))).toBe('WRONG_PARAMETERS');
  });

  it('rejects a ciphertext made under another 56-bit prime (same N)', async () => {
    const otherPrime = await makeKeysetPair({ polyModulusDegree: 8192, coeffModulusBits: [55], scaleBits: 32 });
    const foreign = otherPrime.node.encryptUpdate(new Float32Array(10), 1).chunks[0]!;
    otherPrime.delete();
    expect(rejection(() => pair.coordinator.checkChunk(0, foreign))).toMatch(/WRONG_PARAMETERS|MALFORMED/);
  });

  it('rejects a scale mismatch', () => {
    expect(rejection(() => pair.coordinator.checkChunk(0, encryptWithScale(2 ** 30)))).toBe('WRONG_SCALE');
  });

  it('rejects a ciphertext of three polynomials (the result of a multiplication)', () => {
    expect(rejection(() => pair.coordinator.checkChunk(0, encryptWithScale(2 ** 16, true)))).toBe('WRONG_SIZE');
  });

  it('rejects a chunk index outside the model', () => {
    const sum = pair.coordinator.openSum(100);
    expect(rejection(() => sum.add(1, good))).toBe('CHUNK_INDEX');
    expect(rejection(() => sum.add(-1, good))).toBe('CHUNK_INDEX');
    expect(rejection(() => sum.add(0.5, good))).toBe('CHUNK_INDEX');
    sum.delete();
  });

  it('rejects truncated, padded, empty and garbage bytes with a clear error, and keeps working afterwards', () => {
    expect(rejection(() => pair.coordinator.checkChunk(0, good.subarray(0, 1000)))).toBe('MALFORMED');
    expect(rejection(() => pair.coordinator.checkChunk(0, new Uint8Array([...good, 0])))).toBe('MALFORMED');
    expect(rejection(() => pair.coordinator.checkChunk(0, new Uint8Array(0)))).toBe('MALFORMED');
    expect(rejection(() => pair.coordinator.checkChunk(0, new Uint8Array(3_000_000)))).toBe('TOO_LARGE');
    expect(rejection(() => pair.coordinator.checkChunk(0, Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) & 255)))).toBe('MALFORMED');
    // A structurally valid container around a truncated SEAL body (consistent outer header): must not reach SEAL.
    const truncated = innerBytes().slice(0, 2000);
    new DataView(truncated.buffer).setBigUint64(8, 2000n, true);
    expect(rejection(() => pair.coordinator.checkChunk(0, encodeWireCiphertext(truncated)))).toBe('MALFORMED');
    expect(rejection(() => pair.coordinator.checkChunk(0, good))).toBeUndefined();
  });

  it('packs coefficient words to 7 bytes, deterministically, and still reads 8-byte words and the legacy deflate container', () => {
    const inner = innerBytes();
    expect(Buffer.from(encodeWireCiphertext(inner)).equals(Buffer.from(good))).toBe(true);
    expect(good.length).toBe(12 + inner.length - (inner.length - 113 - 81) / 8);
    expect(rejection(() => pair.coordinator.checkChunk(0, unpackedWire(inner)))).toBeUndefined();
    expect(rejection(() => pair.coordinator.checkChunk(0, legacyWire(inner)))).toBeUndefined();
    expect(rejection(() => pair.coordinator.checkChunk(0, legacyWire(inner).subarray(0, 3000)))).toBe('MALFORMED');
  });

  it('rejects a packed coefficient that is not reduced modulo q, in any of the three containers', () => {
    const packed = good.slice();
    packed.fill(0xff, 12 + 113 + 7 * 100, 12 + 113 + 7 * 101); // word 100 = 2^56 − 1 ≥ q
    expect(rejection(() => pair.coordinator.checkChunk(0, packed))).toBe('MALFORMED');
    const inner = innerBytes();
    inner.fill(0xff, 113 + 8 * 100, 113 + 8 * 100 + 7);
    expect(rejection(() => pair.coordinator.checkChunk(0, unpackedWire(inner)))).toBe('MALFORMED');
    expect(rejection(() => pair.coordinator.checkChunk(0, legacyWire(inner)))).toBe('MALFORMED');
  });

  it('rejects a width byte other than 7 or 8, non-zero reserved bytes, and a packed container of the wrong length', () => {
    for (const [at, value] of [[8, 6], [8, 9], [9, 1], [11, 1]] as const) {
      const bad = good.slice();
      bad[at] = value;
      expect(rejection(() => pair.coordinator.checkChunk(0, bad))).toBe('MALFORMED');
    }
    expect(rejection(() => pair.coordinator.checkChunk(0, good.subarray(0, good.length - 1)))).toBe('MALFORMED');
  });

  it('never crashes the wasm module on fuzzed chunks: each is accepted or rejected with CiphertextRejectedError', () => {
    const inner = innerBytes();
    const flip = (bytes: Uint8Array, at: number, mask: number) => {
      const copy = bytes.slice();
      copy[at % copy.length] = copy[at % copy.length]! ^ mask;
      return copy;
    };
    const interesting = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: inner.length - 200, max: inner.length - 1 }), fc.integer({ min: 0, max: inner.length - 1 }));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.integer({ min: 0, max: good.length - 1 }).map((n) => good.slice(0, n)),
          fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => flip(good, at, mask)),
          // Hostile but well-compressed containers: flipped or truncated inner SEAL bytes.
          fc.tuple(interesting, fc.integer({ min: 1, max: 255 })).map(([at, mask]) => encodeWireCiphertext(flip(inner, at, mask))),
          fc.integer({ min: 17, max: inner.length - 1 }).map((n) => {
            const copy = inner.slice(0, n);
            new DataView(copy.buffer).setBigUint64(8, BigInt(n), true);
            return encodeWireCiphertext(copy);
          }),
        ),
        (bytes) => {
          rejection(() => pair.coordinator.checkChunk(0, bytes));
        },
      ),
      { numRuns: Number(process.env.VIGIL_FUZZ_RUNS ?? 400) },
    );
    expect(rejection(() => pair.coordinator.checkChunk(0, good))).toBeUndefined();
  });
});

describe('ciphertexts from another keyset', () => {
  it('cannot be told apart by the coordinator (same parameters) but are detected when the node decrypts', () => {
    const weightCount = 50;
    const sum = pair.coordinator.openSum(weightCount);
    for (const chunk of other.node.encryptChunks(randomUpdate(weightCount, seededRandom(2)), 10)) sum.add(chunk.index, chunk.bytes);
    const serialized = sum.serialize();
    sum.delete();
    expect(other.node.decryptAggregate(serialized, 10)).toHaveLength(weightCount);
    expect(() => pair.node.decryptAggregate(serialized, 10)).toThrow(/canary/);
    expect(pair.coordinator.fingerprint).not.toBe(other.coordinator.fingerprint);
  });
});

describe('taking back a contribution (an upload that failed half-way)', () => {
  it('restores the sum bit for bit, down to no contribution', () => {
    const update = (seed: number) => pair.node.encryptUpdate(randomUpdate(5000, seededRandom(seed)), 7 + seed).chunks;
    const [a, b, c] = [update(1), update(2), update(3)];
    const reference = pair.coordinator.openSum(5000);
    a.forEach((bytes, index) => reference.add(index, bytes));
    const expected = reference.serialize().chunks;
    reference.delete();
    const sum = pair.coordinator.openSum(5000);
    for (const chunks of [c, a, b]) chunks.forEach((bytes, index) => sum.add(index, bytes));
    b.forEach((bytes, index) => sum.subtract(index, bytes));
    c.forEach((bytes, index) => sum.subtract(index, bytes));
    expect(sum.contributions(0)).toBe(1);
    sum.serialize().chunks.forEach((bytes, index) => expect(Buffer.from(bytes).equals(Buffer.from(expected[index]!))).toBe(true));
    a.forEach((bytes, index) => sum.subtract(index, bytes));
    expect(sum.contributions(1)).toBe(0);
    expect(() => sum.subtract(0, a[0]!)).toThrow(/no contribution/);
    a.forEach((bytes, index) => sum.add(index, bytes));
    sum.serialize().chunks.forEach((bytes, index) => expect(Buffer.from(bytes).equals(Buffer.from(expected[index]!))).toBe(true));
    sum.delete();
  });

  it('rejects a malformed chunk without changing the sum', () => {
    const sum = pair.coordinator.openSum(100);
    sum.add(0, good);
    sum.add(0, good);
    expect(rejection(() => sum.subtract(0, good.subarray(0, 500)))).toBe('MALFORMED');
    expect(rejection(() => sum.subtract(1, good))).toBe('CHUNK_INDEX');
    expect(sum.contributions(0)).toBe(2);
    sum.delete();
  });
});

describe('memory', () => {
  it('does not grow the wasm heap per added chunk', () => {
    const sum = pair.coordinator.openSum(100);
    // The wasm heap is not counted in arrayBuffers, so measure RSS after collecting JS garbage (inflate buffers).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    for (let i = 0; i < 300; i++) sum.add(0, good); // warm up the allocator and the JIT
    gc();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 300; i++) sum.add(0, good);
    gc();
    const grownBytes = process.memoryUsage().rss - before;
    sum.delete();
    // A leaked 2-polynomial ciphertext is 128 KiB, so 300 leaks would be ~38 MiB.
    expect(grownBytes).toBeLessThan(12 * 1024 * 1024);
  });
});
