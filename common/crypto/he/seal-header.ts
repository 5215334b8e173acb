import { CiphertextRejectedError } from './errors.js';

/** Size of SEAL's serialization header. */
export const SEAL_HEADER_BYTES = 16;

// SEAL 4.x header: u16 magic 0xA15E | u8 header size 0x10 | u8 major | u8 minor | u8 compr_mode | u16 reserved | u64 size (LE).
const SEAL_MAGIC = 0xa15e;
const SEAL_MAJOR = 4;
/** compr_mode values we accept: none (0) and zstd (2). zlib is never produced by Vigil. */
const ACCEPTED_COMPRESSION = new Set([0, 2]);

/**
 * Checks SEAL's serialization header in JavaScript before the bytes reach the wasm module. SEAL aborts the whole
 * wasm instance (not a catchable exception) when the header's size field exceeds the buffer, so this guard
 * is what keeps a truncated upload from taking the process down.
 * @returns nothing; the header is consistent with `bytes` and within `maxBytes`.
 * @throws CiphertextRejectedError (MALFORMED or TOO_LARGE).
 */
export function checkSealHeader(bytes: Uint8Array, maxBytes: number, chunkIndex?: number): void {
  const reject = (reason: 'MALFORMED' | 'TOO_LARGE', message: string): never => {
    throw new CiphertextRejectedError(reason, message, chunkIndex);
  };
  if (bytes.length > maxBytes) reject('TOO_LARGE', `${bytes.length} bytes exceeds the ${maxBytes}-byte limit`);
  if (bytes.length < SEAL_HEADER_BYTES) reject('MALFORMED', `${bytes.length} bytes is shorter than a SEAL header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0, true) !== SEAL_MAGIC || view.getUint8(2) !== SEAL_HEADER_BYTES) reject('MALFORMED', 'not SEAL-serialized data (bad magic)');
  if (view.getUint8(3) !== SEAL_MAJOR) reject('MALFORMED', `unsupported SEAL serialization version ${view.getUint8(3)}.${view.getUint8(4)}`);
  if (!ACCEPTED_COMPRESSION.has(view.getUint8(5))) reject('MALFORMED', `unsupported compression mode ${view.getUint8(5)}`);
  if (view.getUint16(6, true) !== 0) reject('MALFORMED', 'reserved header bytes are not zero');
  if (view.getBigUint64(8, true) !== BigInt(bytes.length)) reject('MALFORMED', `header says ${view.getBigUint64(8, true)} bytes, got ${bytes.length} (truncated or padded)`);
}
