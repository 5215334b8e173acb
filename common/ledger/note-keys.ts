import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { fromBase64 } from './hashing.js';

/**
 * Ed25519 keys in the C2SP signed-note text formats (https://c2sp.org/signed-note):
 *   verifier key: `<name>+<hex key id>+<base64(0x01 ‖ 32-byte public key)>`
 *   signer key:   `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ 32-byte seed)>`
 * key id = first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
 */

const ED25519 = 0x01;
// DER prefixes that wrap a raw Ed25519 seed (PKCS#8) or public key (SPKI) for node:crypto.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Why a key string was refused. */
export class KeyFormatError extends Error {
  override name = 'KeyFormatError';
}

/** A public key that checks signatures on notes. */
export interface NoteVerifier {
  name: string;
  /** First 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). */
  keyId: Buffer;
  publicKey: Buffer;
  /** The verifier key string (what goes in a .pub file). */
  text: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** A private key that signs notes. */
export interface NoteSigner {
  name: string;
  keyId: Buffer;
  sign(message: Uint8Array): Buffer;
  verifier: NoteVerifier;
}

/** @returns true when `name` is a valid key name: non-empty, no '+' and no whitespace. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[+\s]/u.test(name);
}

function keyIdOf(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256').update(name).update(Buffer.from([0x0a, ED25519])).update(publicKey).digest().subarray(0, 4);
}

function verifierFrom(name: string, publicKey: Buffer): NoteVerifier {
  const key: KeyObject = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  const keyId = keyIdOf(name, publicKey);
  return {
    name,
    keyId,
    publicKey,
    text: `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`,
    verify: (message, signature) => signature.length === 64 && verify(null, message, key, signature),
  };
}

function signerFrom(name: string, seed: Buffer): NoteSigner {
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  const verifier = verifierFrom(name, Buffer.from(jwk.x as string, 'base64url'));
  return { name, keyId: verifier.keyId, verifier, sign: (message) => sign(null, message, key) };
}

/**
 * Generates a fresh Ed25519 key pair named `name`.
 * @returns the signer and the two key strings (`signerText` is secret).
 * @throws KeyFormatError for an invalid name.
 */
export function generateNoteKey(name: string): { signer: NoteSigner; signerText: string; verifierText: string } {
  if (!isValidKeyName(name)) throw new KeyFormatError(`key name '${name}' must be non-empty with no '+' or whitespace`);
  // An Ed25519 private key is 32 random bytes (RFC 8032 §5.1.5). Not generateKeyPairSync + export: on
  // Node 20 a GC that collects the key-generation job while the key is being exported as JWK deadlocks
  // the thread on the key's own mutex (seen as an edge node that never finished starting: gdb showed
  // ~KeyGenJob waiting inside ExportJWKEdKey). No key-generation job, no deadlock.
  const seed = randomBytes(32);
  const signer = signerFrom(name, seed);
  const signerText = `PRIVATE+KEY+${name}+${signer.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64')}`;
  return { signer, signerText, verifierText: signer.verifier.text };
}

function splitKey(text: string, parts: number, what: string): string[] {
  // Split on the first parts-1 '+' only: the base64 key material may itself contain '+'.
  const fields: string[] = [];
  let rest = text.trim();
  for (let i = 0; i < parts - 1; i += 1) {
    const at = rest.indexOf('+');
    if (at < 0) throw new KeyFormatError(`not a ${what} (expected ${parts} '+'-separated fields)`);
    fields.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  fields.push(rest);
  return fields;
}

function decodeKeyMaterial(base64: string, what: string): Buffer {
  const raw = fromBase64(base64);
  if (!raw || raw.length !== 33 || raw[0] !== ED25519) throw new KeyFormatError(`${what} is not an Ed25519 key (want base64 of 0x01 ‖ 32 bytes)`);
  return raw.subarray(1);
}

/**
 * Parses a verifier key string.
 * @returns the verifier. @throws KeyFormatError when malformed or when the key id does not match.
 */
export function parseVerifierKey(text: string): NoteVerifier {
  const [name = '', id = '', material = ''] = splitKey(text, 3, 'verifier key');
  if (!isValidKeyName(name)) throw new KeyFormatError(`bad key name '${name}'`);
  const verifier = verifierFrom(name, decodeKeyMaterial(material, 'verifier key'));
  if (verifier.keyId.toString('hex') !== id) throw new KeyFormatError('key id does not match the key name and public key');
  return verifier;
}

/**
 * Parses a signer (private) key string.
 * @returns the signer. @throws KeyFormatError when malformed or when the key id does not match.
 */
export function parseSignerKey(text: string): NoteSigner {
  const [p = '', k = '', name = '', id = '', material = ''] = splitKey(text, 5, 'private key');
  if (p !== 'PRIVATE' || k !== 'KEY') throw new KeyFormatError("not a private key (must start with 'PRIVATE+KEY+')");
  if (!isValidKeyName(name)) throw new KeyFormatError(`bad key name '${name}'`);
  const signer = signerFrom(name, decodeKeyMaterial(material, 'private key'));
  if (signer.keyId.toString('hex') !== id) throw new KeyFormatError('key id does not match the key name and public key');
  return signer;
}
