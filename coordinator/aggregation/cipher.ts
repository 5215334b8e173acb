import { VigilError } from '../../common/errors/index.js';

/** A running sum of one round's chunks (CKKS ciphertexts, or plaintext for the identity baseline). */
export interface SumAccumulator {
  add(chunkIndex: number, bytes: Uint8Array): void;
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
 * Plaintext float32 chunks summed in float64: the "encryption swapped for an identity codec" baseline.
 * Never used outside benchmarks and tests: it would show the coordinator every update.
 */
export class IdentityCipher implements AggregationCipher {
  readonly fingerprint = 'identity:plaintext';

  constructor(readonly slotsPerChunk: number) {}

  chunkCount(weightCount: number): number {
    return Math.ceil(weightCount / this.slotsPerChunk);
  }

  checkChunk(chunkIndex: number, bytes: Uint8Array): void {
    if (bytes.byteLength % 4 !== 0 || bytes.byteLength > this.slotsPerChunk * 4) throw new VigilError('INVALID_ARGUMENT', `chunk ${chunkIndex}: malformed plaintext chunk`);
  }

  openSum(weightCount: number): SumAccumulator {
    const chunkCount = this.chunkCount(weightCount);
    const sums: (Float64Array | undefined)[] = new Array(chunkCount).fill(undefined);
    return {
      add: (chunkIndex, bytes) => {
        this.checkChunk(chunkIndex, bytes);
        const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        const sum = (sums[chunkIndex] ??= new Float64Array(values.length));
        for (let i = 0; i < values.length; i++) sum[i]! += values[i]!;
      },
      serialize: () => ({ chunks: sums.map((s) => new Uint8Array(Float32Array.from(s ?? []).buffer)) }),
      delete: () => sums.fill(undefined),
    };
  }
}
