import { CANARY_TOLERANCE, chunkLayout, packChunk, unpackChunk, type ChunkLayout, type NodeHe } from '../../common/crypto/he/index.js';
import { VigilError } from '../../common/errors/index.js';

/** What a node needs of an update codec: CKKS (`NodeHe`) in production, identity for the overhead baseline. */
export type NodeCodec = Pick<NodeHe, 'fingerprint' | 'encryptChunks' | 'decryptAggregate'> & { layout(weightCount: number): { chunkCount: number } };

/**
 * Plaintext float32 chunks of `weight · update` in exactly the CKKS chunk layout (`slotsPerChunk` slots, the last
 * one the canary), with the same canary check on the way back: the "encryption swapped for an identity codec"
 * baseline of the federation benchmark, so both rounds move the same number of chunks through the same path.
 * It pairs with coordinator/aggregation IdentityCipher. Never for real use.
 */
export class IdentityNodeCodec implements NodeCodec {
  readonly fingerprint = 'identity:plaintext';
  readonly #slots: Float64Array;

  constructor(readonly slotsPerChunk: number) {
    this.#slots = new Float64Array(slotsPerChunk);
  }

  /** @returns the CKKS chunk layout. @throws InvalidArgumentError for a non-positive count. */
  layout(weightCount: number): ChunkLayout {
    return chunkLayout(weightCount, this.slotsPerChunk);
  }

  /** @returns a generator of float32 chunks, in index order. */
  *encryptChunks(update: Float32Array, weight: number): Generator<{ index: number; bytes: Uint8Array }> {
    const layout = this.layout(update.length);
    for (let index = 0; index < layout.chunkCount; index++) {
      yield { index, bytes: new Uint8Array(Float32Array.from(packChunk(update, weight, index, layout, this.#slots)).buffer) };
    }
  }

  /**
   * @returns the weighted average. @throws VigilError DATA_LOSS for a wrong chunk count or size, or a canary
   *   that does not match the total weight.
   */
  decryptAggregate(aggregate: { weightCount: number; chunks: readonly Uint8Array[] }, totalWeight: number): Float32Array {
    const layout = this.layout(aggregate.weightCount);
    if (aggregate.chunks.length !== layout.chunkCount) throw new VigilError('DATA_LOSS', `expected ${layout.chunkCount} chunks, got ${aggregate.chunks.length}`);
    const out = new Float32Array(aggregate.weightCount);
    aggregate.chunks.forEach((bytes, index) => {
      if (bytes.byteLength !== this.slotsPerChunk * 4) throw new VigilError('DATA_LOSS', `chunk ${index}: ${bytes.byteLength} bytes`);
      const values = bytes.byteOffset % 4 === 0 ? new Float32Array(bytes.buffer, bytes.byteOffset, this.slotsPerChunk) : new Float32Array(new Uint8Array(bytes).buffer); // a copy (Buffer#slice would not copy)
      this.#slots.set(values);
      const canary = unpackChunk(this.#slots, totalWeight, index, layout, out);
      if (!(Math.abs(canary - totalWeight) <= CANARY_TOLERANCE)) throw new VigilError('DATA_LOSS', `chunk ${index}: canary ${canary} ≠ total weight ${totalWeight}`);
    });
    return out;
  }
}
