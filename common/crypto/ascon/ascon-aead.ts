import { timingSafeEqual } from 'node:crypto';
import JsAscon from 'js-ascon';
import { InvalidArgumentError } from '../../errors/index.js';

/** Key length of Ascon-AEAD128, in bytes. */
export const ASCON_KEY_BYTES = 16;
/** Nonce length of Ascon-AEAD128, in bytes. */
export const ASCON_NONCE_BYTES = 16;
/** Tag length of Ascon-AEAD128, in bytes (appended to the ciphertext). */
export const ASCON_TAG_BYTES = 16;
/** Digest length of Ascon-Hash256, in bytes. */
export const ASCON_HASH_BYTES = 32;

// Ascon-AEAD128 (NIST SP 800-232): 16-byte rate, p^12 for init/final, p^8 per block, IV variant 1.
const RATE_BYTES = 16;
const ROUNDS_A = 12;
const ROUNDS_B = 8;
const AEAD128_VARIANT = 1;

/**
 * js-ascon reads 64-bit words with `new DataView(bytes.buffer)`, ignoring `byteOffset`, so any view (a Buffer
 * from Node's pool, a subarray) is read from the wrong place. Every input is copied into its own buffer first.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length && !Buffer.isBuffer(bytes) ? bytes : Uint8Array.from(bytes);
}

function checkLengths(key: Uint8Array, nonce: Uint8Array): void {
  const violations = [];
  if (key.length !== ASCON_KEY_BYTES) violations.push({ field: 'key', description: `must be ${ASCON_KEY_BYTES} bytes, got ${key.length}` });
  if (nonce.length !== ASCON_NONCE_BYTES) violations.push({ field: 'nonce', description: `must be ${ASCON_NONCE_BYTES} bytes, got ${nonce.length}` });
  if (violations.length > 0) throw new InvalidArgumentError(violations);
}

/**
 * Encrypts and authenticates `plaintext` with Ascon-AEAD128, binding `associatedData` (authenticated, not encrypted).
 * A nonce must never repeat under one key.
 * @returns ciphertext ‖ 16-byte tag (plaintext length + 16 bytes).
 * @throws InvalidArgumentError when the key or nonce is not 16 bytes.
 */
export function sealFrame(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array = new Uint8Array(0)): Uint8Array {
  checkLengths(key, nonce);
  return JsAscon.encrypt(ownBuffer(key), ownBuffer(nonce), ownBuffer(associatedData), ownBuffer(plaintext), 'Ascon-AEAD128');
}

/**
 * Verifies and decrypts an Ascon-AEAD128 `ciphertext ‖ tag`.
 * A bad tag (forged, tampered ciphertext, tag, associated data, nonce or key) is an expected outcome on an
 * open network, so it is a value, not an exception: the caller must handle `null` (the type forces it), and a
 * flood of forged frames costs no stack traces. The tag is compared in constant time, and no plaintext is
 * released before the tag verifies.
 * @returns the plaintext, or null when authentication fails (including input shorter than a tag).
 * @throws InvalidArgumentError when the key or nonce is not 16 bytes.
 */
export function openFrame(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, associatedData: Uint8Array = new Uint8Array(0)): Uint8Array | null {
  checkLengths(key, nonce);
  if (sealed.length < ASCON_TAG_BYTES) return null;
  key = ownBuffer(key);
  const ciphertext = sealed.slice(0, sealed.length - ASCON_TAG_BYTES);
  const receivedTag = sealed.subarray(sealed.length - ASCON_TAG_BYTES);
  // Same steps as JsAscon.decrypt, but with a constant-time tag comparison (it compares hex strings).
  const state: bigint[] = [];
  JsAscon.initialize(state, ASCON_KEY_BYTES * 8, RATE_BYTES, ROUNDS_A, ROUNDS_B, AEAD128_VARIANT, key, ownBuffer(nonce));
  JsAscon.processAssociatedData(state, ROUNDS_B, RATE_BYTES, ownBuffer(associatedData));
  const plaintext = JsAscon.processCiphertext(state, ROUNDS_B, RATE_BYTES, ciphertext);
  const expectedTag = JsAscon.finalize(state, ROUNDS_A, RATE_BYTES, key);
  if (!timingSafeEqual(expectedTag, receivedTag)) {
    plaintext.fill(0);
    return null;
  }
  return plaintext;
}

/** @returns the 32-byte Ascon-Hash256 digest of `message`. Never throws. */
export function hash256(message: Uint8Array): Uint8Array {
  return JsAscon.hash(ownBuffer(message), 'Ascon-Hash256', ASCON_HASH_BYTES);
}
