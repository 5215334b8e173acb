import { createHash, hash } from 'node:crypto';

/** Size in bytes of every hash in the log (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** @returns SHA-256(0x00 ‖ entry): the RFC 9162 §2.1.1 hash of one leaf. Never throws. */
export function leafHash(entry: Uint8Array): Buffer {
  // One-shot crypto.hash is about twice as fast as a createHash object for inputs this small.
  return hash('sha256', Buffer.concat([LEAF_PREFIX, entry]), 'buffer');
}

/** @returns SHA-256(0x01 ‖ left ‖ right): the RFC 9162 §2.1.1 hash of an interior node. Never throws. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
}

/** @returns SHA-256 of the empty string: the root hash of the empty tree (RFC 9162 §2.1.1). */
export function emptyRoot(): Buffer {
  return createHash('sha256').digest();
}

/** @returns true when both byte strings have the same length and content. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** @returns the standard (padded) base64 text of `bytes`, as checkpoints and proofs show hashes. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Decodes strict standard base64 (padded, no whitespace).
 * @returns the bytes, or null when `text` is not canonical base64 — Node's decoder silently skips
 * junk, so we re-encode and compare to refuse it.
 */
export function fromBase64(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
