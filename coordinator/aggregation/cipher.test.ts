import { describe, expect, it } from 'vitest';
import { IdentityNodeCodec } from '../../edge-node/federation/node-codec.js';
import { IdentityCipher } from './cipher.js';

describe('IdentityCipher with IdentityNodeCodec (the plaintext baseline)', () => {
  it('uses the CKKS chunk layout, sums, takes back, and averages through unaligned pooled buffers', () => {
    const slots = 16;
    const cipher = new IdentityCipher(slots);
    const codec = new IdentityNodeCodec(slots);
    const updates = [Float32Array.from({ length: 40 }, (_, i) => i / 40), Float32Array.from({ length: 40 }, (_, i) => -i / 80), Float32Array.from({ length: 40 }, () => 9)];
    expect(cipher.chunkCount(40)).toBe(codec.layout(40).chunkCount);
    expect(cipher.chunkCount(40)).toBe(3); // 15 data slots + 1 canary per chunk
    const sum = cipher.openSum(40);
    // gRPC hands chunks over as views into a shared pool, at any offset.
    const pooled = (bytes: Uint8Array) => Buffer.concat([Buffer.alloc(3), bytes]).subarray(3);
    updates.forEach((update, n) => {
      for (const chunk of codec.encryptChunks(update, n + 1)) sum.add(chunk.index, pooled(chunk.bytes));
    });
    for (const chunk of codec.encryptChunks(updates[2]!, 3)) sum.subtract(chunk.index, pooled(chunk.bytes));
    const average = codec.decryptAggregate({ weightCount: 40, chunks: sum.serialize().chunks.map(pooled) }, 3);
    for (let i = 0; i < 40; i++) expect(average[i]).toBeCloseTo((updates[0]![i]! + 2 * updates[1]![i]!) / 3, 6);
    expect(() => codec.decryptAggregate({ weightCount: 40, chunks: sum.serialize().chunks }, 4)).toThrow(/canary/);
    expect(() => sum.add(0, new Uint8Array(8))).toThrow(/malformed/);
    expect(() => sum.add(3, new Uint8Array(slots * 4))).toThrow(/out of range/);
  });
});
