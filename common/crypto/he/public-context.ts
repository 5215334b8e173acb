import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CipherText } from 'node-seal/implementation/cipher-text.js';
import type { Context } from 'node-seal/implementation/context.js';
import type { PublicKey } from 'node-seal/implementation/public-key.js';
import type { Serializable } from 'node-seal/implementation/serializable.js';
import { zodViolations } from '../../errors/index.js';
import { CiphertextRejectedError, KeysetFormatError, SecretMaterialRefusedError } from './errors.js';
import { keysetFingerprint } from './fingerprint.js';
import { decodeKeysetContainer, SECTION, type KeysetContainer } from './keyset-file.js';
import type { HeParameters } from './parameters.js';
import { checkSealHeader } from './seal-header.js';
import { decodeWireCiphertext, encodeWireCiphertext, type CiphertextShape } from './wire-format.js';
import { loadSeal, type SealLibrary } from './seal-runtime.js';

/** The human-readable description of a keyset (embedded in every keyset file and written as context.json). */
export const KeysetMetaSchema = z.object({
  format: z.literal('vigil-he-keyset/1'),
  scheme: z.literal('CKKS'),
  securityLevel: z.literal('tc128'),
  polyModulusDegree: z.number().int().positive(),
  coeffModulusBits: z.array(z.number().int().min(20).max(60)).min(1),
  scaleBits: z.number().int().min(10).max(60),
  slotsPerChunk: z.number().int().positive(),
  dataSlotsPerChunk: z.number().int().positive(),
  maxAbsAggregate: z.number().positive(),
  fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  createdAt: z.string(),
});

/** The description of a keyset: parameters, chunk geometry, overflow bound and fingerprint. */
export type KeysetMeta = z.infer<typeof KeysetMetaSchema>;

/**
 * Public CKKS material: parameters, public key and the checks every ciphertext must pass. Holds no secret key.
 * Call {@link PublicContext.delete} to free its wasm objects.
 */
export class PublicContext {
  /** Nominal brand: nothing else (a secret keyset, a SEAL key) is assignable to a PublicContext. */
  // eslint-disable-next-line no-unused-private-class-members
  readonly #publicOnly = true;
  readonly meta: KeysetMeta;
  readonly parameters: HeParameters;
  /** CKKS scale Δ = 2^scaleBits that every ciphertext must carry. */
  readonly scale: number;
  /** @internal SEAL objects, for this module and the node-side keyset. */
  readonly seal: SealLibrary;
  /** @internal */
  readonly sealContext: Context;
  /** @internal */
  readonly publicKey: PublicKey;
  readonly #parmsId: readonly bigint[];
  readonly #shape: CiphertextShape;

  private constructor(seal: SealLibrary, sealContext: Context, publicKey: PublicKey, meta: KeysetMeta, moduli: readonly bigint[]) {
    this.seal = seal;
    this.sealContext = sealContext;
    this.publicKey = publicKey;
    this.meta = meta;
    this.parameters = Object.freeze({ polyModulusDegree: meta.polyModulusDegree, coeffModulusBits: Object.freeze([...meta.coeffModulusBits]), scaleBits: meta.scaleBits });
    this.scale = 2 ** meta.scaleBits;
    const parmsId = sealContext.firstParmsId;
    this.#parmsId = [...parmsId.values];
    parmsId.delete();
    this.#shape = Object.freeze({ polyModulusDegree: meta.polyModulusDegree, coeffModulusCount: meta.coeffModulusBits.length, scale: this.scale, parmsId: this.#parmsId, moduli });
  }

  /** @returns the keyset fingerprint (`sha256:…`) for audit logs and model cards. */
  get fingerprint(): string {
    return this.meta.fingerprint;
  }

  /**
   * Builds a public context from a decoded container's public sections (parameters, public key, meta),
   * recomputing the fingerprint. Ignores any other section: callers decide whether secret sections are allowed.
   * @returns the context.
   * @throws KeysetFormatError when a section is missing or inconsistent, or the fingerprint does not match.
   */
  static async fromContainer(container: KeysetContainer, source: string): Promise<PublicContext> {
    const section = (tag: number, name: string): Uint8Array => container.sections.get(tag) ?? fail(`missing ${name} section`);
    const fail = (message: string, cause?: unknown): never => {
      throw new KeysetFormatError(source, message, cause === undefined ? {} : { cause });
    };
    let metaJson: unknown;
    try {
      metaJson = JSON.parse(new TextDecoder().decode(section(SECTION.META, 'meta')));
    } catch (error) {
      return fail('meta section is not JSON', error);
    }
    const parsed = KeysetMetaSchema.safeParse(metaJson);
    if (!parsed.success) return fail(`bad meta: ${zodViolations(parsed.error).map((v) => `${v.field}: ${v.description}`).join('; ')}`);
    const meta = parsed.data;
    const parametersBytes = section(SECTION.PARAMETERS, 'parameters');
    const publicKeyBytes = section(SECTION.PUBLIC_KEY, 'public key');
    if (keysetFingerprint(parametersBytes, publicKeyBytes, meta.scaleBits) !== meta.fingerprint) fail('fingerprint does not match the parameters and public key (corrupted or altered)');
    for (const [name, bytes] of [['parameters', parametersBytes], ['public key', publicKeyBytes]] as const) {
      try {
        checkSealHeader(bytes, 64 * 1024 * 1024);
      } catch (error) {
        fail(`${name} section is not SEAL data`, error);
      }
    }

    const seal = await loadSeal();
    const parms = seal.EncryptionParameters(seal.SchemeType.ckks);
    let context: Context | undefined;
    const publicKey = seal.PublicKey();
    try {
      parms.loadArray(parametersBytes);
      const moduli = [...parms.coeffModulus].map((q) => q.toString(2).length);
      if (parms.scheme !== seal.SchemeType.ckks || parms.polyModulusDegree !== meta.polyModulusDegree || moduli.join(',') !== meta.coeffModulusBits.join(',')) {
        fail(`parameters (N=${parms.polyModulusDegree}, moduli ${moduli.join('+')} bits) do not match meta`);
      }
      context = seal.Context(parms, true, seal.SecurityLevel.tc128);
      if (!context.parametersSet()) fail('parameters are not valid at 128-bit security');
      publicKey.loadArray(context, publicKeyBytes);
      return new PublicContext(seal, context, publicKey, meta, [...parms.coeffModulus]);
    } catch (error) {
      context?.delete();
      publicKey.delete();
      if (error instanceof KeysetFormatError) throw error;
      return fail('SEAL refused the keyset', error);
    } finally {
      parms.delete();
    }
  }

  /**
   * Parses and checks one wire ciphertext: unpacking and structure in JS first (parameter id, two polynomials,
   * exact scale, exact length, every coefficient < q), then SEAL's own validation, then the same checks on the loaded object.
   * @param into a ciphertext to load into (reused across calls to save allocating a wrapper); it stays owned by the
   *   caller and holds garbage after a rejection. Without it, a new ciphertext is returned.
   * @returns the loaded ciphertext (`into`, or a new one that the caller owns and must `.delete()`).
   * @throws CiphertextRejectedError with the reason (MALFORMED, TOO_LARGE, WRONG_PARAMETERS, WRONG_SIZE, WRONG_SCALE, TRANSPARENT).
   */
  parseCiphertext(bytes: Uint8Array, chunkIndex?: number, into?: CipherText): CipherText {
    const raw = decodeWireCiphertext(bytes, this.#shape, chunkIndex);
    const ciphertext = into ?? this.seal.CipherText();
    try {
      try {
        ciphertext.loadArray(this.sealContext, raw);
      } catch (error) {
        throw new CiphertextRejectedError('MALFORMED', 'SEAL could not load it', chunkIndex, { cause: error });
      }
      const parmsId = ciphertext.parmsId;
      const sameParameters = parmsId.values.length === this.#parmsId.length && parmsId.values.every((v, i) => v === this.#parmsId[i]);
      parmsId.delete();
      if (!sameParameters || ciphertext.polyModulusDegree !== this.parameters.polyModulusDegree || !ciphertext.isNttForm) {
        throw new CiphertextRejectedError('WRONG_PARAMETERS', 'parameter id does not match this keyset', chunkIndex);
      }
      if (ciphertext.size !== 2) throw new CiphertextRejectedError('WRONG_SIZE', `expected 2 polynomials, got ${ciphertext.size}`, chunkIndex);
      if (ciphertext.scale !== this.scale) throw new CiphertextRejectedError('WRONG_SCALE', `expected scale 2^${this.parameters.scaleBits}, got ${ciphertext.scale}`, chunkIndex);
      if (ciphertext.isTransparent) throw new CiphertextRejectedError('TRANSPARENT', 'ciphertext is transparent (not encrypted)', chunkIndex);
      return ciphertext;
    } catch (error) {
      if (into === undefined) ciphertext.delete();
      throw error;
    }
  }

  /**
   * Serializes a ciphertext for the wire (uncompressed SEAL bytes, coefficient words packed to 7 bytes; see wire-format.ts).
   * @returns the wire bytes.
   */
  serializeCiphertext(ciphertext: CipherText | Serializable): Uint8Array {
    return encodeWireCiphertext(ciphertext.saveArray(this.seal.ComprModeType.none));
  }

  /** Frees the wasm objects. The context must not be used afterwards. */
  delete(): void {
    this.publicKey.delete();
    this.sealContext.delete();
  }
}

/**
 * Loads the coordinator's public context from bytes. Refuses anything that carries secret-key material.
 * @returns the public context.
 * @throws SecretMaterialRefusedError for a secret keyset (or any file with a secret-key section);
 *   KeysetFormatError for anything that is not a valid public context.
 */
export async function publicContextFromBytes(bytes: Uint8Array, source = 'public context'): Promise<PublicContext> {
  const container = decodeKeysetContainer(bytes, source);
  if (container.kind !== 'public-context' || container.sections.has(SECTION.SECRET_KEY)) throw new SecretMaterialRefusedError(source);
  return PublicContext.fromContainer(container, source);
}

/**
 * Reads and loads a public context file (e.g. `keys/coordinator/context.seal`).
 * @returns the public context.
 * @throws NotFound-style Node errors from fs; SecretMaterialRefusedError; KeysetFormatError.
 */
export async function loadPublicContext(path: string): Promise<PublicContext> {
  return publicContextFromBytes(await readFile(path), path);
}
