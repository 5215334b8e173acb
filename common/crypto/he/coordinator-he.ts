import type { Evaluator } from 'node-seal/implementation/evaluator.js';
import { chunkLayout } from './chunking.js';
import { EncryptedSum } from './encrypted-sum.js';
import { loadPublicContext, publicContextFromBytes, type KeysetMeta, type PublicContext } from './public-context.js';

/**
 * The coordinator's side of CKKS aggregation. Built only from a public context: it has no method that takes
 * a secret key, its loaders refuse files that contain one, and nothing here imports the node-side code.
 * Free with {@link CoordinatorHe.delete}.
 */
export class CoordinatorHe {
  readonly #context: PublicContext;
  readonly #evaluator: Evaluator;

  private constructor(context: PublicContext) {
    this.#context = context;
    this.#evaluator = context.seal.Evaluator(context.sealContext);
  }

  /**
   * @returns a coordinator bound to an already-loaded public context (it takes ownership: delete() frees both).
   */
  static fromPublicContext(context: PublicContext): CoordinatorHe {
    return new CoordinatorHe(context);
  }

  /**
   * Loads `coordinator/context.seal`.
   * @returns the coordinator.
   * @throws SecretMaterialRefusedError when the file holds secret-key material; KeysetFormatError when it is not a public context.
   */
  static async load(path: string): Promise<CoordinatorHe> {
    return new CoordinatorHe(await loadPublicContext(path));
  }

  /**
   * Same as {@link CoordinatorHe.load}, from bytes (e.g. fetched from a config store).
   * @throws SecretMaterialRefusedError; KeysetFormatError.
   */
  static async fromBytes(bytes: Uint8Array, source = 'public context'): Promise<CoordinatorHe> {
    return new CoordinatorHe(await publicContextFromBytes(bytes, source));
  }

  /** @returns the keyset fingerprint (`sha256:…`). */
  get fingerprint(): string {
    return this.#context.fingerprint;
  }

  /** @returns the keyset description (parameters, chunk geometry, overflow bound). */
  get meta(): KeysetMeta {
    return this.#context.meta;
  }

  /** @returns how many ciphertext chunks an update of `weightCount` weights has. @throws InvalidArgumentError for a non-positive count. */
  chunkCount(weightCount: number): number {
    return chunkLayout(weightCount, this.#context.meta.slotsPerChunk).chunkCount;
  }

  /**
   * Opens an empty running sum for a model of `weightCount` weights.
   * @returns the sum (delete() it when the round ends).
   * @throws InvalidArgumentError for a non-positive count.
   */
  openSum(weightCount: number): EncryptedSum {
    return new EncryptedSum(this.#context, this.#evaluator, weightCount, this.chunkCount(weightCount));
  }

  /**
   * Parses and checks one chunk without adding it (e.g. to reject a bad upload early).
   * @throws CiphertextRejectedError.
   */
  checkChunk(chunkIndex: number, bytes: Uint8Array): void {
    this.#context.parseCiphertext(bytes, chunkIndex).delete();
  }

  /** Frees the evaluator and the public context. */
  delete(): void {
    this.#evaluator.delete();
    this.#context.delete();
  }
}
