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
 * model size, never by the number of updates. Each incoming chunk is parsed and checked once, added, and its
 * buffer reused for the next one. Free with {@link EncryptedSum.delete}.
 */
export class EncryptedSum {
  readonly weightCount: number;
  readonly chunkCount: number;
  readonly #context: PublicContext;
  readonly #evaluator: Evaluator;
  readonly #accumulators: (CipherText | undefined)[];
  readonly #contributions: number[];
  /** Where incoming chunks are loaded: one SEAL ciphertext reused for every chunk after the first of each index. */
  #incoming: CipherText | undefined;
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
    this.#checkIndex(chunkIndex);
    const accumulator = this.#accumulators[chunkIndex];
    if (accumulator === undefined) {
      this.#accumulators[chunkIndex] = this.#context.parseCiphertext(bytes, chunkIndex); // the first contribution becomes the accumulator
    } else {
      const incoming = this.#context.parseCiphertext(bytes, chunkIndex, (this.#incoming ??= this.#context.seal.CipherText()));
      this.#apply('add', accumulator, incoming, chunkIndex);
    }
    this.#contributions[chunkIndex]! += 1;
  }

  /**
   * Takes back a chunk added earlier (an upload that failed half-way): CKKS addition is exact arithmetic mod q,
   * so subtracting the same ciphertext restores the accumulator bit for bit. `bytes` must be exactly what was added.
   * @returns nothing; on any error the sum is unchanged.
   * @throws CiphertextRejectedError as {@link EncryptedSum.add}; VigilError FAILED_PRECONDITION when the chunk has
   *   no contribution or after delete().
   */
  subtract(chunkIndex: number, bytes: Uint8Array): void {
    this.#assertLive();
    this.#checkIndex(chunkIndex);
    const accumulator = this.#accumulators[chunkIndex];
    if (accumulator === undefined) throw new VigilError('FAILED_PRECONDITION', `chunk ${chunkIndex} has no contribution to take back`);
    const incoming = this.#context.parseCiphertext(bytes, chunkIndex, (this.#incoming ??= this.#context.seal.CipherText()));
    if (this.#contributions[chunkIndex] === 1) {
      accumulator.delete(); // the last contribution: subtracting would leave a transparent (all-zero) ciphertext
      this.#accumulators[chunkIndex] = undefined;
    } else {
      this.#apply('sub', accumulator, incoming, chunkIndex);
    }
    this.#contributions[chunkIndex]! -= 1;
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
    this.#incoming?.delete();
    this.#incoming = undefined;
  }

  // SEAL's throwing build refuses a transparent result only after writing it (e.g. a chunk that cancels the sum
  // exactly): undo the operation so the accumulator is unchanged, and reject the chunk.
  #apply(operation: 'add' | 'sub', accumulator: CipherText, incoming: CipherText, chunkIndex: number): void {
    try {
      this.#evaluator[operation](accumulator, incoming, accumulator);
    } catch (error) {
      try {
        this.#evaluator[operation === 'add' ? 'sub' : 'add'](accumulator, incoming, accumulator);
      } catch {
        // restoring from an all-zero accumulator cannot produce another transparent result; nothing else to undo
      }
      throw new CiphertextRejectedError('TRANSPARENT', `the ${operation === 'add' ? 'sum' : 'difference'} would be transparent`, chunkIndex, { cause: error });
    }
  }

  #checkIndex(chunkIndex: number): void {
    if (!Number.isInteger(chunkIndex) || chunkIndex < 0 || chunkIndex >= this.chunkCount) {
      throw new CiphertextRejectedError('CHUNK_INDEX', `index must be in [0, ${this.chunkCount})`, chunkIndex);
    }
  }

  #assertLive(): void {
    if (this.#deleted) throw new VigilError('FAILED_PRECONDITION', 'encrypted sum was deleted');
  }
}
