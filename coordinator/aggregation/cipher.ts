import { VigilError } from '../../common/errors/index.js';

/** A running sum of one round's chunks (CKKS ciphertexts, or plaintext for the identity baseline). */
export interface SumAccumulator {
  /** Checks a chunk and adds it. @throws on a rejected chunk; the sum is then unchanged. */
  add(chunkIndex: number, bytes: Uint8Array): void;
  /** Takes back exactly the bytes added earlier for `chunkIndex` (an upload that failed half-way). @throws as add. */
  subtract(chunkIndex: number, bytes: Uint8Array): void;
  serialize(): { chunks: readonly Uint8Array[] };
  delete(): void;
}

/**
 * What the coordinator needs of a codec: check a chunk, count chunks, and sum. `CoordinatorHe` (CKKS, public
 * context only) is the production implementation; {@link IdentityCipher} is the plaintext baseline the
 * benchmarks compare it with.
 */
export interface AggregationCipher {
  readonly fingerprint: string;
  chunkCount(weightCount: number): number;
  checkChunk(chunkIndex: number, bytes: Uint8Array): void;
  openSum(weightCount: number): SumAccumulator;
}

/**
 * Plaintext float32 chunks of `slotsPerChunk` slots (the CKKS chunk layout: data slots plus the canary), summed in
 * float64: the "encryption swapped for an identity codec" baseline. Never used outside benchmarks and tests: it
 * would show the coordinator every update.
 */
export class IdentityCipher implements AggregationCipher {
  readonly fingerprint = 'identity:plaintext';

  constructor(readonly slotsPerChunk: number) {}

  /** @returns chunks of the CKKS layout: `slotsPerChunk − 1` weights each (the last slot is the canary). */
  chunkCount(weightCount: number): number {
    return Math.ceil(weightCount / (this.slotsPerChunk - 1));
  }

  /** @throws VigilError INVALID_ARGUMENT unless the chunk is exactly `slotsPerChunk` float32 values. */
  checkChunk(chunkIndex: number, bytes: Uint8Array): void {
    if (bytes.byteLength !== this.slotsPerChunk * 4) throw new VigilError('INVALID_ARGUMENT', `chunk ${chunkIndex}: malformed plaintext chunk`);
  }

  /** @returns a float64 running sum, one array per chunk index. */
  openSum(weightCount: number): SumAccumulator {
    const chunkCount = this.chunkCount(weightCount);
    const sums: (Float64Array | undefined)[] = new Array(chunkCount).fill(undefined);
    const fold = (chunkIndex: number, bytes: Uint8Array, sign: 1 | -1) => {
      this.checkChunk(chunkIndex, bytes);
      if (!Number.isInteger(chunkIndex) || chunkIndex < 0 || chunkIndex >= chunkCount) throw new VigilError('INVALID_ARGUMENT', `chunk ${chunkIndex}: index out of range`);
      const values = bytes.byteOffset % 4 === 0 ? new Float32Array(bytes.buffer, bytes.byteOffset, this.slotsPerChunk) : new Float32Array(new Uint8Array(bytes).buffer); // a copy (Buffer#slice would not copy)
      const sum = (sums[chunkIndex] ??= new Float64Array(this.slotsPerChunk));
      for (let i = 0; i < values.length; i++) sum[i]! += sign * values[i]!;
    };
    return {
      add: (chunkIndex, bytes) => fold(chunkIndex, bytes, 1),
      subtract: (chunkIndex, bytes) => fold(chunkIndex, bytes, -1),
      serialize: () => ({ chunks: sums.map((s) => new Uint8Array(Float32Array.from(s ?? new Float64Array(this.slotsPerChunk)).buffer)) }),
      delete: () => sums.fill(undefined),
    };
  }
}
