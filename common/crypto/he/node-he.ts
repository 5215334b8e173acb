import type { CipherText } from 'node-seal/implementation/cipher-text.js';
import type { CKKSEncoder } from 'node-seal/implementation/ckks-encoder.js';
import type { Decryptor } from 'node-seal/implementation/decryptor.js';
import type { Encryptor } from 'node-seal/implementation/encryptor.js';
import type { PlainText } from 'node-seal/implementation/plain-text.js';
import type { SecretKey } from 'node-seal/implementation/secret-key.js';
import { InvalidArgumentError } from '../../errors/index.js';
import { chunkLayout, packChunk, unpackChunk, type ChunkLayout } from './chunking.js';
import { AggregateIntegrityError, KeysetFormatError } from './errors.js';
import { decodeKeysetContainer, SECTION } from './keyset-file.js';
import { PublicContext, type KeysetMeta } from './public-context.js';
import { readSecretFile } from './secret-file.js';
import { checkSealHeader } from './seal-header.js';

/** One encrypted chunk of an update, as it goes on the wire. */
export interface EncryptedChunk {
  readonly index: number;
  /** Wire ciphertext: seed-compressed SEAL serialization with coefficient words packed to 7 bytes (see wire-format.ts). */
  readonly bytes: Uint8Array;
}

/** A whole encrypted update (for callers that do not stream). */
export interface EncryptedUpdate {
  readonly keysetFingerprint: string;
  readonly weightCount: number;
  readonly chunks: readonly Uint8Array[];
}

/** What a node needs to decrypt: the serialized sum chunks (see SerializedSum) for a model of weightCount weights. */
export interface EncryptedAggregate {
  readonly weightCount: number;
  readonly chunks: readonly Uint8Array[];
}

/** How far a decrypted canary (the sum of contributors' weights) may be from the announced total weight. */
export const CANARY_TOLERANCE = 1e-3;

/**
 * The edge node's side: symmetric, seed-compressed CKKS encryption of weighted updates and decryption of sums.
 * Holds the federation secret key. Free with {@link NodeHe.delete}.
 */
export class NodeHe {
  readonly #context: PublicContext;
  readonly #secretKey: SecretKey;
  readonly #encryptor: Encryptor;
  readonly #decryptor: Decryptor;
  readonly #encoder: CKKSEncoder;
  readonly #plain: PlainText;
  /** Where aggregate chunks are loaded for decryption, reused for every chunk. */
  readonly #cipher: CipherText;
  readonly #slots: Float64Array;

  private constructor(context: PublicContext, secretKey: SecretKey) {
    const { seal, sealContext } = context;
    this.#context = context;
    this.#secretKey = secretKey;
    this.#encryptor = seal.Encryptor(sealContext, context.publicKey, secretKey);
    this.#decryptor = seal.Decryptor(sealContext, secretKey);
    this.#encoder = seal.CKKSEncoder(sealContext);
    this.#plain = seal.PlainText();
    this.#cipher = seal.CipherText();
    this.#slots = new Float64Array(this.#encoder.slotCount);
  }

  /**
   * Loads `node/secret.seal`, refusing a file readable by group or others.
   * @returns the node-side keyset.
   * @throws InsecureKeyFileError; KeysetFormatError; Node fs errors.
   */
  static async load(path: string): Promise<NodeHe> {
    return NodeHe.fromBytes(await readSecretFile(path), path);
  }

  /**
   * Builds the node-side keyset from secret keyset bytes.
   * @throws KeysetFormatError when the bytes are not a secret keyset of a valid federation keyset.
   */
  static async fromBytes(bytes: Uint8Array, source = 'secret keyset'): Promise<NodeHe> {
    const container = decodeKeysetContainer(bytes, source);
    const secretBytes = container.sections.get(SECTION.SECRET_KEY);
    if (container.kind !== 'secret-keyset' || secretBytes === undefined) throw new KeysetFormatError(source, 'not a secret keyset (no secret key section)');
    const context = await PublicContext.fromContainer(container, source);
    const secretKey = context.seal.SecretKey();
    try {
      checkSealHeader(secretBytes, 64 * 1024 * 1024);
      secretKey.loadArray(context.sealContext, secretBytes);
    } catch (error) {
      secretKey.delete();
      context.delete();
      throw new KeysetFormatError(source, 'secret key section is invalid for these parameters', { cause: error });
    }
    return new NodeHe(context, secretKey);
  }

  /** @returns the keyset fingerprint (`sha256:…`). */
  get fingerprint(): string {
    return this.#context.fingerprint;
  }

  /** @returns the keyset description. */
  get meta(): KeysetMeta {
    return this.#context.meta;
  }

  /** @returns the chunk layout of a model of `weightCount` weights. @throws InvalidArgumentError for a non-positive count. */
  layout(weightCount: number): ChunkLayout {
    return chunkLayout(weightCount, this.#context.meta.slotsPerChunk);
  }

  /**
   * Encrypts `weight · update` chunk by chunk (lazily, for client streaming). `weight` is the node's sample count
   * (any positive number); slot values must stay within ±meta.maxAbsAggregate, and so must their sum over nodes.
   * @returns a generator of chunks in index order.
   * @throws InvalidArgumentError (when iterated) for a non-positive or non-finite weight, non-finite values, or |weight·value| out of range.
   */
  *encryptChunks(update: Float32Array, weight: number): Generator<EncryptedChunk> {
    const layout = this.layout(update.length);
    const limit = this.#context.meta.maxAbsAggregate;
    if (!Number.isFinite(weight) || weight <= 0 || weight > limit) throw new InvalidArgumentError([{ field: 'weight', description: `must be in (0, ${limit}], got ${weight}` }]);
    for (let index = 0; index < layout.chunkCount; index++) {
      const values = packChunk(update, weight, index, layout, this.#slots);
      for (let slot = 0; slot < layout.dataSlotsPerChunk; slot++) {
        const value = values[slot]!;
        if (!(Math.abs(value) <= limit)) {
          throw new InvalidArgumentError([{ field: `update[${index * layout.dataSlotsPerChunk + slot}]`, description: `weight·value ${value} is not finite or exceeds ±${limit}` }]);
        }
      }
      yield { index, bytes: this.#encryptSlots(values) };
    }
  }

  /**
   * Encrypts a whole update (see {@link NodeHe.encryptChunks}).
   * @returns the fingerprint, weight count and every chunk.
   * @throws InvalidArgumentError as encryptChunks.
   */
  encryptUpdate(update: Float32Array, weight: number): EncryptedUpdate {
    return { keysetFingerprint: this.fingerprint, weightCount: update.length, chunks: Array.from(this.encryptChunks(update, weight), (chunk) => chunk.bytes) };
  }

  /**
   * Decrypts an encrypted sum and divides by the plaintext total weight: the weighted FedAvg.
   * Every chunk's canary slot must decrypt to `totalWeight` (catches a wrong keyset, missing or extra
   * contributions, and a total weight that does not match the sum) and every slot must be in range.
   * @returns the averaged weights.
   * @throws CiphertextRejectedError for a malformed chunk; InvalidArgumentError for a wrong chunk count or
   *   non-positive totalWeight; AggregateIntegrityError when a check fails.
   */
  decryptAggregate(aggregate: EncryptedAggregate, totalWeight: number): Float32Array {
    const layout = this.layout(aggregate.weightCount);
    if (aggregate.chunks.length !== layout.chunkCount) throw new InvalidArgumentError([{ field: 'chunks', description: `expected ${layout.chunkCount} chunks for ${aggregate.weightCount} weights, got ${aggregate.chunks.length}` }]);
    if (!Number.isFinite(totalWeight) || totalWeight <= 0) throw new InvalidArgumentError([{ field: 'totalWeight', description: `must be positive, got ${totalWeight}` }]);
    const limit = this.#context.meta.maxAbsAggregate;
    const out = new Float32Array(aggregate.weightCount);
    aggregate.chunks.forEach((bytes, index) => {
      const decoded = this.#decryptSlots(bytes, index);
      const canary = unpackChunk(decoded, totalWeight, index, layout, out);
      if (!(Math.abs(canary - totalWeight) <= CANARY_TOLERANCE)) {
        throw new AggregateIntegrityError(index, `canary ${canary} ≠ total weight ${totalWeight} (wrong keyset, missing or extra contributions, or wrong total)`);
      }
      for (let slot = 0; slot < layout.dataSlotsPerChunk; slot++) {
        if (!(Math.abs(decoded[slot]!) <= limit)) throw new AggregateIntegrityError(index, `slot ${slot} out of range (overflow)`);
      }
    });
    return out;
  }

  /** Frees every wasm object, including the secret key. */
  delete(): void {
    this.#plain.delete();
    this.#cipher.delete();
    this.#encoder.delete();
    this.#decryptor.delete();
    this.#encryptor.delete();
    this.#secretKey.delete();
    this.#context.delete();
  }

  #encryptSlots(values: Float64Array): Uint8Array {
    this.#encoder.encode(values, this.#context.scale, this.#plain);
    const serializable = this.#encryptor.encryptSymmetricSerializable(this.#plain);
    try {
      return this.#context.serializeCiphertext(serializable);
    } finally {
      serializable.delete();
    }
  }

  #decryptSlots(bytes: Uint8Array, index: number): Float64Array {
    const ciphertext = this.#context.parseCiphertext(bytes, index, this.#cipher);
    this.#decryptor.decrypt(ciphertext, this.#plain);
    return this.#encoder.decode(this.#plain);
  }
}
