import type { NodeHe } from '../../common/crypto/he/index.js';
import { VigilError } from '../../common/errors/index.js';

/** What a node needs of an update codec: CKKS (`NodeHe`) in production, identity for the overhead baseline. */
export type NodeCodec = Pick<NodeHe, 'fingerprint' | 'encryptChunks' | 'decryptAggregate'> & { layout(weightCount: number): { chunkCount: number } };

/**
 * Plaintext float32 chunks of `weight · update`: the "encryption swapped for an identity codec" baseline
 * of the federation benchmark. It pairs with coordinator/aggregation IdentityCipher. Never for real use.
 */
export class IdentityNodeCodec implements NodeCodec {
  readonly fingerprint = 'identity:plaintext';

  constructor(readonly slotsPerChunk: number) {}

  layout(weightCount: number): { chunkCount: number } {
    return { chunkCount: Math.ceil(weightCount / this.slotsPerChunk) };
  }

  *encryptChunks(update: Float32Array, weight: number): Generator<{ index: number; bytes: Uint8Array }> {
    for (let index = 0, offset = 0; offset < update.length; index++, offset += this.slotsPerChunk) {
      const slice = update.subarray(offset, Math.min(update.length, offset + this.slotsPerChunk));
      yield { index, bytes: new Uint8Array(Float32Array.from(slice, (v) => v * weight).buffer) };
    }
  }

  decryptAggregate(aggregate: { weightCount: number; chunks: readonly Uint8Array[] }, totalWeight: number): Float32Array {
    const out = new Float32Array(aggregate.weightCount);
    aggregate.chunks.forEach((bytes, index) => {
      const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      if (index * this.slotsPerChunk + values.length > out.length) throw new VigilError('DATA_LOSS', `chunk ${index} too long`);
      for (let i = 0; i < values.length; i++) out[index * this.slotsPerChunk + i] = values[i]! / totalWeight;
    });
    return out;
  }
}
