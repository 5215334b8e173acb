import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretKey } from 'node-seal/implementation/secret-key.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoordinatorHe } from './coordinator-he.js';
import { EncryptedSum } from './encrypted-sum.js';
import { InsecureKeyFileError, KeysetFormatError, SecretMaterialRefusedError } from './errors.js';
import { writeKeyset } from './keygen.js';
import { decodeKeysetContainer, encodeKeysetContainer, SECTION } from './keyset-file.js';
import { NodeHe } from './node-he.js';
import { loadPublicContext, PublicContext, publicContextFromBytes } from './public-context.js';

let dir: string;
let written: Awaited<ReturnType<typeof writeKeyset>>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-he-'));
  written = await writeKeyset(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('keyset files', () => {
  it('writes the public context and its meta for the coordinator and the secret keyset with mode 0600', async () => {
    expect((await stat(written.paths.secretKeyset)).mode & 0o777).toBe(0o600);
    const meta = JSON.parse(await readFile(written.paths.publicContextMeta, 'utf8'));
    expect(meta).toMatchObject({ scheme: 'CKKS', securityLevel: 'tc128', polyModulusDegree: 8192, coeffModulusBits: [56], scaleBits: 32, fingerprint: written.meta.fingerprint });
    expect(await readdir(join(dir, 'coordinator'))).toEqual(['context.json', 'context.seal']);
  });

  it('refuses to overwrite an existing keyset unless forced', async () => {
    await expect(writeKeyset(dir)).rejects.toThrow(/exists; pass --force/);
    const forced = await writeKeyset(dir, { force: true });
    expect(forced.meta.fingerprint).not.toBe(written.meta.fingerprint);
    expect((await stat(forced.paths.secretKeyset)).mode & 0o777).toBe(0o600);
    written = forced;
  });

  it('gives the coordinator and the node the same fingerprint, the one in context.json', async () => {
    const coordinator = await CoordinatorHe.load(written.paths.publicContext);
    const node = await NodeHe.load(written.paths.secretKeyset);
    expect(coordinator.fingerprint).toBe(written.meta.fingerprint);
    expect(node.fingerprint).toBe(written.meta.fingerprint);
    expect(written.meta.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    coordinator.delete();
    node.delete();
  });

  it('refuses a public context whose public key was altered (fingerprint mismatch)', async () => {
    const container = decodeKeysetContainer(await readFile(written.paths.publicContext), 'ctx');
    const sections = new Map(container.sections);
    const publicKey = Uint8Array.from(sections.get(SECTION.PUBLIC_KEY)!);
    publicKey[1000] = publicKey[1000]! ^ 1;
    sections.set(SECTION.PUBLIC_KEY, publicKey);
    await expect(publicContextFromBytes(encodeKeysetContainer('public-context', sections))).rejects.toThrow(/fingerprint does not match/);
  });

  it('refuses a secret keyset readable by group or others', async () => {
    const loose = join(dir, 'loose.seal');
    await writeFile(loose, await readFile(written.paths.secretKeyset));
    await chmod(loose, 0o640);
    await expect(NodeHe.load(loose)).rejects.toThrow(InsecureKeyFileError);
    await chmod(loose, 0o604);
    await expect(NodeHe.load(loose)).rejects.toThrow(/chmod 600/);
    await chmod(loose, 0o600);
    const node = await NodeHe.load(loose);
    node.delete();
  });

  it('refuses a public context where a secret keyset is expected', async () => {
    const bytes = await readFile(written.paths.publicContext);
    await chmod(written.paths.publicContext, 0o600);
    await expect(NodeHe.fromBytes(bytes)).rejects.toThrow(KeysetFormatError);
  });
});

describe('the coordinator cannot load or use a secret key', () => {
  it('refuses the node secret keyset file', async () => {
    await expect(loadPublicContext(written.paths.secretKeyset)).rejects.toThrow(SecretMaterialRefusedError);
    await expect(CoordinatorHe.load(written.paths.secretKeyset)).rejects.toThrow(SecretMaterialRefusedError);
  });

  it('refuses a file labelled public that smuggles a secret-key section', async () => {
    const { sections } = decodeKeysetContainer(await readFile(written.paths.secretKeyset), 'secret');
    const forged = encodeKeysetContainer('public-context', sections);
    await expect(CoordinatorHe.fromBytes(forged)).rejects.toThrow(SecretMaterialRefusedError);
  });

  it('refuses raw SEAL bytes (e.g. a bare secret key) as not a Vigil public context', async () => {
    const { sections } = decodeKeysetContainer(await readFile(written.paths.secretKeyset), 'secret');
    await expect(CoordinatorHe.fromBytes(sections.get(SECTION.SECRET_KEY)!)).rejects.toThrow(KeysetFormatError);
  });

  it('has no API that accepts a secret key or a node keyset (checked by tsc)', async () => {
    const node = await NodeHe.load(written.paths.secretKeyset);
    const secretKey = {} as SecretKey;
    // @ts-expect-error a NodeHe is not a PublicContext
    expect(() => CoordinatorHe.fromPublicContext(node)).toThrow();
    // @ts-expect-error a SEAL SecretKey is not a PublicContext
    expect(() => CoordinatorHe.fromPublicContext(secretKey)).toThrow();
    node.delete();

    // No method of the coordinator-side classes has a parameter a SecretKey or NodeHe could be passed as.
    type AcceptsSecret<T> = { [K in keyof T]: T[K] extends (...args: infer A) => unknown ? (SecretKey extends A[number] ? K : NodeHe extends A[number] ? K : never) : never }[keyof T];
    const none: [AcceptsSecret<CoordinatorHe>, AcceptsSecret<EncryptedSum>, AcceptsSecret<PublicContext>, AcceptsSecret<typeof CoordinatorHe>] extends [never, never, never, never] ? true : false = true;
    expect(none).toBe(true);
  });

  it('keeps coordinator-side modules free of secret-key code', async () => {
    for (const file of ['coordinator-he.ts', 'encrypted-sum.ts', 'public-context.ts', 'wire-format.ts']) {
      const source = await readFile(new URL(file, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(/SecretKey|Decryptor|secretKey\(|node-he|keygen|secret-file|encryptSymmetric/);
    }
  });
});
