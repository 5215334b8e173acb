import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CiphertextRejectedError } from './errors.js';
import { checkSealHeader, SEAL_HEADER_BYTES } from './seal-header.js';

/** What an incoming ciphertext must look like, derived from the keyset. */
export interface CiphertextShape {
  readonly polyModulusDegree: number;
  readonly coeffModulusCount: number;
  readonly scale: number;
  readonly parmsId: readonly bigint[];
  /** The coefficient moduli q_i; every stored coefficient must be below its modulus. */
  readonly moduli: readonly bigint[];
}

// Wire container: "VHC1" | u32 BE raw length | deflate-raw(byte-plane shuffle of the uncompressed SEAL bytes).
// Coefficients are < q < 2^56 in 64-bit words: shuffling the bytes into planes turns the always-zero top byte
// into one long run that deflate removes, so the wire costs ~14 bytes/weight instead of zstd's ~15.2. Doing the
// decompression in JS (Node's zlib) also keeps hostile compressed input away from SEAL's wasm zstd, which
// crashes the module on a truncated stream.
const MAGIC = 0x56484331; // "VHC1"
const WIRE_HEADER_BYTES = 8;

// Uncompressed SEAL 4.1 ciphertext layout (offsets in bytes).
const OFFSET = { PARMS_ID: 16, IS_NTT: 48, SIZE: 49, DEGREE: 57, MODULI: 65, SCALE: 73, CORRECTION: 81, DATA: 89 } as const;
/** Bytes after c0 in a seed-compressed ciphertext (flag word, PRNG type and 64-byte seed). */
export const SEEDED_TRAILER_BYTES = 81;

function planes(bytes: Uint8Array, inverse: boolean): Uint8Array {
  const rows = Math.ceil(bytes.length / 8);
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const shuffled = (i % 8) * rows + Math.floor(i / 8);
    if (shuffled >= bytes.length) continue;
    if (inverse) out[i] = bytes[shuffled]!;
    else out[shuffled] = bytes[i]!;
  }
  return out;
}

// The plane layout must be a bijection on [0, length): only true when length is a multiple of 8 or we pad.
function padTo8(bytes: Uint8Array): Uint8Array {
  if (bytes.length % 8 === 0) return bytes;
  const padded = new Uint8Array(bytes.length + (8 - (bytes.length % 8)));
  padded.set(bytes);
  return padded;
}

/** @returns the wire form of an uncompressed SEAL serialization. Never throws. */
export function encodeWireCiphertext(sealBytes: Uint8Array): Uint8Array {
  const compressed = deflateRawSync(planes(padTo8(sealBytes), false), { level: 6 });
  const out = new Uint8Array(WIRE_HEADER_BYTES + compressed.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC);
  view.setUint32(4, sealBytes.length);
  out.set(compressed, WIRE_HEADER_BYTES);
  return out;
}

/** @returns the exact uncompressed lengths of a full and a seed-compressed ciphertext of `shape`. */
export function ciphertextLengths(shape: CiphertextShape): { full: number; seeded: number } {
  const polyBytes = shape.polyModulusDegree * shape.coeffModulusCount * 8;
  const full = OFFSET.DATA + SEAL_HEADER_BYTES + 8 + 2 * polyBytes;
  return { full, seeded: full - polyBytes + SEEDED_TRAILER_BYTES };
}

/**
 * Unwraps and structurally checks a wire ciphertext entirely in JavaScript, so only well-formed bytes of the
 * expected shape ever reach SEAL (which aborts the wasm instance on some malformed inputs).
 * @returns the uncompressed SEAL serialization.
 * @throws CiphertextRejectedError: MALFORMED, TOO_LARGE, WRONG_PARAMETERS, WRONG_SIZE, WRONG_SCALE.
 */
export function decodeWireCiphertext(wire: Uint8Array, shape: CiphertextShape, chunkIndex?: number): Uint8Array {
  const reject = (reason: 'MALFORMED' | 'TOO_LARGE' | 'WRONG_PARAMETERS' | 'WRONG_SIZE' | 'WRONG_SCALE', message: string, cause?: unknown): never => {
    throw new CiphertextRejectedError(reason, message, chunkIndex, cause === undefined ? {} : { cause });
  };
  const lengths = ciphertextLengths(shape);
  if (wire.length < WIRE_HEADER_BYTES) reject('MALFORMED', `${wire.length} bytes is shorter than the wire header`);
  if (wire.length > 2 * lengths.full + 4096) reject('TOO_LARGE', `${wire.length} bytes exceeds ${2 * lengths.full + 4096}`);
  const header = new DataView(wire.buffer, wire.byteOffset, wire.byteLength);
  if (header.getUint32(0) !== MAGIC) reject('MALFORMED', 'not a Vigil wire ciphertext (bad magic)');
  const rawLength = header.getUint32(4);
  // Up to twice a ciphertext is inflated, so a 3-polynomial ciphertext is reported as WRONG_SIZE, not TOO_LARGE.
  const maxRawLength = 2 * lengths.full;
  if (rawLength > maxRawLength) reject('TOO_LARGE', `declares ${rawLength} bytes, more than ${maxRawLength}`);
  const compressed = wire.subarray(WIRE_HEADER_BYTES);
  let raw: Uint8Array;
  try {
    const { buffer, engine } = inflateRawSync(compressed, { maxOutputLength: rawLength + 8, info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    if (engine.bytesWritten !== compressed.length) reject('MALFORMED', `${compressed.length - engine.bytesWritten} trailing bytes after the compressed data`);
    raw = planes(buffer, true);
  } catch (error) {
    if (error instanceof CiphertextRejectedError) throw error;
    return reject('MALFORMED', 'compressed data is corrupt', error);
  }
  if (raw.length < rawLength || raw.length - rawLength >= 8 || raw.subarray(rawLength).some((b) => b !== 0)) reject('MALFORMED', `decompresses to ${raw.length} bytes, header says ${rawLength}`);
  raw = raw.subarray(0, rawLength);

  checkSealHeader(raw, maxRawLength, chunkIndex);
  if (raw[5] !== 0) reject('MALFORMED', 'inner SEAL data must be uncompressed');
  if (raw.length < OFFSET.DATA + SEAL_HEADER_BYTES + 8) reject('MALFORMED', 'truncated ciphertext fields');
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (view.getBigUint64(OFFSET.DEGREE, true) !== BigInt(shape.polyModulusDegree) || view.getBigUint64(OFFSET.MODULI, true) !== BigInt(shape.coeffModulusCount)) {
    reject('WRONG_PARAMETERS', `N=${view.getBigUint64(OFFSET.DEGREE, true)}, ${view.getBigUint64(OFFSET.MODULI, true)} moduli`);
  }
  if (shape.parmsId.some((word, i) => view.getBigUint64(OFFSET.PARMS_ID + 8 * i, true) !== word)) reject('WRONG_PARAMETERS', 'parameter id does not match this keyset');
  if (view.getBigUint64(OFFSET.SIZE, true) !== 2n) reject('WRONG_SIZE', `expected 2 polynomials, got ${view.getBigUint64(OFFSET.SIZE, true)}`);
  if (view.getFloat64(OFFSET.SCALE, true) !== shape.scale) reject('WRONG_SCALE', `expected scale ${shape.scale}, got ${view.getFloat64(OFFSET.SCALE, true)}`);
  if (raw[OFFSET.IS_NTT] !== 1 || view.getBigUint64(OFFSET.CORRECTION, true) !== 1n) reject('MALFORMED', 'unexpected NTT flag or correction factor');
  const seeded = raw.length === lengths.seeded;
  if (!seeded && raw.length !== lengths.full) reject('MALFORMED', `length ${raw.length} is neither a full (${lengths.full}) nor a seeded (${lengths.seeded}) ciphertext`);
  const data = raw.subarray(OFFSET.DATA);
  const words = (seeded ? 1 : 2) * shape.polyModulusDegree * shape.coeffModulusCount;
  try {
    checkSealHeader(data.subarray(0, SEAL_HEADER_BYTES + 8 + words * 8), lengths.full, chunkIndex);
  } catch (error) {
    reject('MALFORMED', 'inner data array header is inconsistent', error);
  }
  if (data[5] !== 0 || view.getBigUint64(OFFSET.DATA + SEAL_HEADER_BYTES, true) !== BigInt(words)) reject('MALFORMED', 'inner data array has the wrong length');
  // Coefficients must be reduced modulo their prime (compared as two 32-bit halves: fast, no BigInt per word).
  const first = OFFSET.DATA + SEAL_HEADER_BYTES + 8;
  const degree = shape.polyModulusDegree;
  const bounds = shape.moduli.map((q) => [Number(q >> 32n), Number(q & 0xffffffffn)] as const);
  for (let w = 0; w < words; w++) {
    const [qHi, qLo] = bounds[Math.floor((w % (degree * shape.coeffModulusCount)) / degree)]!;
    const hi = view.getUint32(first + 8 * w + 4, true);
    if (hi > qHi || (hi === qHi && view.getUint32(first + 8 * w, true) >= qLo)) reject('MALFORMED', `coefficient ${w} is not reduced modulo q`);
  }
  if (seeded) {
    // Trailer: SEAL header (size 81, uncompressed) | u8 PRNG type (1 = BLAKE2xb, 2 = SHAKE256) | 64-byte seed.
    const trailer = raw.subarray(raw.length - SEEDED_TRAILER_BYTES);
    try {
      checkSealHeader(trailer, SEEDED_TRAILER_BYTES, chunkIndex);
    } catch (error) {
      reject('MALFORMED', 'seed trailer header is inconsistent', error);
    }
    if (trailer[5] !== 0 || (trailer[SEAL_HEADER_BYTES] !== 1 && trailer[SEAL_HEADER_BYTES] !== 2)) reject('MALFORMED', 'seed trailer has an unknown PRNG type');
  }
  return raw;
}
