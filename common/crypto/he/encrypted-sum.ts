import type { CipherText } from 'node-seal/implementation/cipher-text.js';
import type { Evaluator } from 'node-seal/implementation/evaluator.js';
import { VigilError } from '../../errors/index.js';
import { CiphertextRejectedError } from './errors.js';
import type { PublicContext } from './public-context.js';

/** The encrypted sum of a round, ready for download by the nodes. */
export interface SerializedSum {
  readonly keysetFingerprint: string;
  readonly weightCount: number;
  /** Number of contributions folded into every chunk. */
  readonly contributions: number;
  /** One wire ciphertext per chunk index. */
  readonly chunks: readonly Uint8Array[];
}

/**
 * Running encrypted sum of one round: one accumulator ciphertext per chunk index, so memory is bounded by the
 * model size, never by the number of updates. Each incoming chunk is parsed, checked, added and freed.
 * Free with {@link EncryptedSum.delete}.
 */
export class EncryptedSum {
  readonly weightCount: number;
  readonly chunkCount: number;
  readonly #context: PublicContext;
  readonly #evaluator: Evaluator;
  readonly #accumulators: (CipherText | undefined)[];
  readonly #contributions: number[];
  #deleted = false;

  /** @internal use {@link CoordinatorHe.openSum}. */
  constructor(context: PublicContext, evaluator: Evaluator, weightCount: number, chunkCount: number) {
    this.#context = context;
    this.#evaluator = evaluator;
    this.weightCount = weightCount;
    this.chunkCount = chunkCount;
    this.#accumulators = new Array<CipherText | undefined>(chunkCount).fill(undefined);
    this.#contributions = new Array<number>(chunkCount).fill(0);
  }

  /**
   * Checks one incoming ciphertext chunk and adds it into the accumulator for `chunkIndex`.
   * @returns nothing; on any error the sum is unchanged.
   * @throws CiphertextRejectedError (CHUNK_INDEX, MALFORMED, TOO_LARGE, WRONG_PARAMETERS, WRONG_SIZE, WRONG_SCALE, TRANSPARENT);
   *   VigilError FAILED_PRECONDITION after delete().
   */
  add(chunkIndex: number, bytes: Uint8Array): void {
    this.#assertLive();
    if (!Number.isInteger(chunkIndex) || chunkIndex < 0 || chunkIndex >= this.chunkCount) {
      throw new CiphertextRejectedError('CHUNK_INDEX', `index must be in [0, ${this.chunkCount})`, chunkIndex);
    }
    const incoming = this.#context.parseCiphertext(bytes, chunkIndex);
    const accumulator = this.#accumulators[chunkIndex];
    if (accumulator === undefined) {
      this.#accumulators[chunkIndex] = incoming; // the first contribution becomes the accumulator
    } else {
      try {
        this.#evaluator.add(accumulator, incoming, accumulator);
      } finally {
        incoming.delete();
      }
    }
    this.#contributions[chunkIndex]! += 1;
  }

  /** @returns how many contributions chunk `chunkIndex` has received (0 for an out-of-range index). */
  contributions(chunkIndex: number): number {
    return this.#contributions[chunkIndex] ?? 0;
  }

  /**
   * Serializes the sum for download. Every chunk must have the same number of contributions: a node that
   * stopped half-way would otherwise poison some chunks and not others.
   * @returns the serialized sum.
   * @throws VigilError FAILED_PRECONDITION when a chunk is missing or contribution counts differ.
   */
  serialize(): SerializedSum {
    this.#assertLive();
    const counts = new Set(this.#contributions);
    const contributions = this.#contributions[0] ?? 0;
    if (counts.size !== 1 || contributions === 0) {
      throw new VigilError('FAILED_PRECONDITION', `encrypted sum is incomplete: contributions per chunk range ${Math.min(...this.#contributions)}..${Math.max(...this.#contributions)}`);
    }
    const chunks = this.#accumulators.map((ciphertext) => this.#context.serializeCiphertext(ciphertext!));
    return { keysetFingerprint: this.#context.fingerprint, weightCount: this.weightCount, contributions, chunks };
  }

  /** Frees every accumulator. Further calls throw FAILED_PRECONDITION. Idempotent. */
  delete(): void {
    if (this.#deleted) return;
    this.#deleted = true;
    for (const ciphertext of this.#accumulators) ciphertext?.delete();
    this.#accumulators.fill(undefined);
  }

  #assertLive(): void {
    if (this.#deleted) throw new VigilError('FAILED_PRECONDITION', 'encrypted sum was deleted');
  }
}
