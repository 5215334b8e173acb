import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '../../errors/index.js';
import { chunkLayout } from './chunking.js';
import { keysetFingerprint } from './fingerprint.js';
import { encodeKeysetContainer, SECTION } from './keyset-file.js';
import { FEDERATION_HE_PARAMETERS, maxAbsAggregate, slotsPerCiphertext, type HeParameters } from './parameters.js';
import type { KeysetMeta } from './public-context.js';
import { writeSecretFile } from './secret-file.js';
import { loadSeal } from './seal-runtime.js';

/** A freshly generated federation keyset, serialized. */
export interface GeneratedKeyset {
  readonly meta: KeysetMeta;
  /** Container for the coordinator: meta, parameters, public key. No secret key. */
  readonly publicContext: Uint8Array;
  /** Container for edge nodes: meta, parameters, public key, secret key. Store with mode 0600. */
  readonly secretKeyset: Uint8Array;
}

/** Paths written by {@link writeKeyset}, relative to nothing (absolute or as given). */
export interface KeysetPaths {
  readonly publicContext: string;
  readonly publicContextMeta: string;
  readonly secretKeyset: string;
}

/**
 * Generates a CKKS federation keyset at 128-bit security.
 * @returns the meta and both serialized containers.
 * @throws VigilError INVALID_ARGUMENT when SEAL rejects the parameters at 128-bit security.
 */
export async function generateKeyset(parameters: HeParameters = FEDERATION_HE_PARAMETERS, now: () => Date = () => new Date()): Promise<GeneratedKeyset> {
  const seal = await loadSeal();
  const parms = seal.EncryptionParameters(seal.SchemeType.ckks);
  parms.setPolyModulusDegree(parameters.polyModulusDegree);
  const moduli = seal.CoeffModulus.Create(parameters.polyModulusDegree, Int32Array.from(parameters.coeffModulusBits));
  parms.setCoeffModulus(moduli);
  const context = seal.Context(parms, true, seal.SecurityLevel.tc128);
  try {
    if (!context.parametersSet()) throw new VigilError('INVALID_ARGUMENT', `CKKS parameters rejected at 128-bit security: ${context.toHuman()}`);
    const keyGenerator = seal.KeyGenerator(context);
    const secretKey = keyGenerator.secretKey();
    const publicKey = keyGenerator.createPublicKey();
    try {
      const none = seal.ComprModeType.none;
      const parametersBytes = parms.saveArray(none);
      const publicKeyBytes = publicKey.saveArray(none);
      const slotsPerChunk = slotsPerCiphertext(parameters);
      const meta: KeysetMeta = {
        format: 'vigil-he-keyset/1',
        scheme: 'CKKS',
        securityLevel: 'tc128',
        polyModulusDegree: parameters.polyModulusDegree,
        coeffModulusBits: [...parameters.coeffModulusBits],
        scaleBits: parameters.scaleBits,
        slotsPerChunk,
        dataSlotsPerChunk: chunkLayout(1, slotsPerChunk).dataSlotsPerChunk,
        maxAbsAggregate: maxAbsAggregate(parameters),
        fingerprint: keysetFingerprint(parametersBytes, publicKeyBytes, parameters.scaleBits),
        createdAt: now().toISOString(),
      };
      const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
      const publicSections = new Map([[SECTION.META, metaBytes], [SECTION.PARAMETERS, parametersBytes], [SECTION.PUBLIC_KEY, publicKeyBytes]]);
      return {
        meta,
        publicContext: encodeKeysetContainer('public-context', publicSections),
        secretKeyset: encodeKeysetContainer('secret-keyset', new Map([...publicSections, [SECTION.SECRET_KEY, secretKey.saveArray(seal.ComprModeType.zstd)]])),
      };
    } finally {
      secretKey.delete();
      publicKey.delete();
      keyGenerator.delete();
    }
  } finally {
    context.delete();
    moduli.delete();
    parms.delete();
  }
}

/** @returns the paths a keyset occupies under `dir`. */
export function keysetPaths(dir: string): KeysetPaths {
  return {
    publicContext: join(dir, 'coordinator', 'context.seal'),
    publicContextMeta: join(dir, 'coordinator', 'context.json'),
    secretKeyset: join(dir, 'node', 'secret.seal'),
  };
}

/**
 * Generates a keyset and writes `DIR/coordinator/context.seal` + `context.json` and `DIR/node/secret.seal` (0600).
 * @returns the meta and the paths written.
 * @throws VigilError FAILED_PRECONDITION (CLI exit 2) when a target exists and `force` is not set; Node fs errors.
 */
export async function writeKeyset(dir: string, options: { force?: boolean; parameters?: HeParameters } = {}): Promise<{ meta: KeysetMeta; paths: KeysetPaths }> {
  const paths = keysetPaths(dir);
  if (!options.force) {
    for (const path of Object.values(paths)) {
      const exists = await access(path).then(() => true, () => false);
      if (exists) throw new VigilError('FAILED_PRECONDITION', `${path} exists; pass --force to replace the keyset (nodes and coordinator must then all switch)`);
    }
  }
  const keyset = await generateKeyset(options.parameters);
  await mkdir(join(dir, 'coordinator'), { recursive: true });
  await mkdir(join(dir, 'node'), { recursive: true, mode: 0o700 });
  await writeSecretFile(paths.secretKeyset, keyset.secretKeyset);
  await writeFile(paths.publicContext, keyset.publicContext);
  await writeFile(paths.publicContextMeta, JSON.stringify(keyset.meta, null, 2) + '\n');
  return { meta: keyset.meta, paths };
}
