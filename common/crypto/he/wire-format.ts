import { inflateRawSync } from 'node:zlib';
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

// Wire container (VHC2): "VHC2" | u32 BE raw length | u8 word width (7 or 8) | 3 zero bytes | SEAL fields up to the
// coefficients, verbatim | every 64-bit coefficient word in its low `width` bytes (little-endian) | seed trailer, verbatim.
// Coefficients are < q < 2^56, so the top byte of every word is zero and width 7 drops it: 14.05 bytes/weight for a
// seeded chunk, no compressor needed (ciphertext coefficients are uniform mod q, so nothing compresses them further;
// deflate of byte planes reached 14.12 at 4–5× the CPU). Width 8 carries the SEAL bytes unchanged (anything that is
// not a ciphertext with 56-bit coefficients). Everything is checked in JS before SEAL sees it, because SEAL's wasm
// build aborts the whole module on some malformed inputs (see README).
// Legacy VHC1 (deflate-raw of byte planes) is still decoded, for aggregates stored by earlier versions.
const MAGIC_V2 = 0x56484332; // "VHC2"
const MAGIC_V1 = 0x56484331; // "VHC1"
const V2_HEADER_BYTES = 12;
const V1_HEADER_BYTES = 8;
const PACKED_WIDTH = 7;

// Uncompressed SEAL 4.1 ciphertext layout (offsets in bytes).
const OFFSET = { PARMS_ID: 16, IS_NTT: 48, SIZE: 49, DEGREE: 57, MODULI: 65, SCALE: 73, CORRECTION: 81, DATA: 89 } as const;
/** First coefficient word: after the inner data array's SEAL header and its u64 length. */
const FIRST_WORD = OFFSET.DATA + SEAL_HEADER_BYTES + 8;
/** Bytes after c0 in a seed-compressed ciphertext (flag word, PRNG type and 64-byte seed). */
export const SEEDED_TRAILER_BYTES = 81;

type Rejection = 'MALFORMED' | 'TOO_LARGE' | 'WRONG_PARAMETERS' | 'WRONG_SIZE' | 'WRONG_SCALE';

/** @returns how many coefficient words `sealBytes` holds when it is laid out like a seeded or full ciphertext, else -1. */
function packableWords(sealBytes: Uint8Array): number {
  if (sealBytes.length < FIRST_WORD) return -1;
  const view = new DataView(sealBytes.buffer, sealBytes.byteOffset, sealBytes.byteLength);
  const words = Number(view.getBigUint64(OFFSET.DATA + SEAL_HEADER_BYTES, true));
  const tail = sealBytes.length - FIRST_WORD - 8 * words;
  if (tail !== 0 && tail !== SEEDED_TRAILER_BYTES) return -1;
  for (let w = 0, top = FIRST_WORD + 7; w < words; w++, top += 8) if (sealBytes[top] !== 0) return -1;
  return words;
}

/** @returns the wire form of an uncompressed SEAL serialization (coefficient words packed to 7 bytes when they fit). Never throws. */
export function encodeWireCiphertext(sealBytes: Uint8Array): Uint8Array {
  const words = packableWords(sealBytes);
  const width = words < 0 ? 8 : PACKED_WIDTH;
  const out = new Uint8Array(V2_HEADER_BYTES + sealBytes.length - (words < 0 ? 0 : words));
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC_V2);
  view.setUint32(4, sealBytes.length);
  out[8] = width;
  if (words < 0) {
    out.set(sealBytes, V2_HEADER_BYTES);
    return out;
  }
  out.set(sealBytes.subarray(0, FIRST_WORD), V2_HEADER_BYTES);
  const input = new DataView(sealBytes.buffer, sealBytes.byteOffset + FIRST_WORD, 8 * words);
  const output = new DataView(out.buffer, V2_HEADER_BYTES + FIRST_WORD, PACKED_WIDTH * words);
  // Two 32-bit writes per word: the second one's zero top byte is overwritten by the next word. The last word has no
  // next one, so its top three bytes are written separately.
  const last = words - 1;
  for (let w = 0; w < last; w++) {
    output.setUint32(PACKED_WIDTH * w, input.getUint32(8 * w, true), true);
    output.setUint32(PACKED_WIDTH * w + 4, input.getUint32(8 * w + 4, true), true);
  }
  if (words > 0) {
    const high = input.getUint32(8 * last + 4, true);
    output.setUint32(PACKED_WIDTH * last, input.getUint32(8 * last, true), true);
    output.setUint16(PACKED_WIDTH * last + 4, high & 0xffff, true);
    output.setUint8(PACKED_WIDTH * last + 6, high >>> 16);
  }
  const to = V2_HEADER_BYTES + FIRST_WORD + PACKED_WIDTH * words;
  out.set(sealBytes.subarray(FIRST_WORD + 8 * words), to);
  return out;
}

/** @returns the exact uncompressed lengths of a full and a seed-compressed ciphertext of `shape`. */
export function ciphertextLengths(shape: CiphertextShape): { full: number; seeded: number } {
  const polyBytes = shape.polyModulusDegree * shape.coeffModulusCount * 8;
  const full = OFFSET.DATA + SEAL_HEADER_BYTES + 8 + 2 * polyBytes;
  return { full, seeded: full - polyBytes + SEEDED_TRAILER_BYTES };
}

/** Modulus bounds as 32-bit halves, so coefficients are compared without a BigInt per word. */
function moduliBounds(shape: CiphertextShape): { hi: Uint32Array; lo: Uint32Array } {
  return { hi: Uint32Array.from(shape.moduli, (q) => Number(q >> 32n)), lo: Uint32Array.from(shape.moduli, (q) => Number(q & 0xffffffffn)) };
}

/**
 * Unwraps and structurally checks a wire ciphertext entirely in JavaScript, so only well-formed bytes of the
 * expected shape ever reach SEAL (which aborts the wasm instance on some malformed inputs).
 * @returns the uncompressed SEAL serialization.
 * @throws CiphertextRejectedError: MALFORMED, TOO_LARGE, WRONG_PARAMETERS, WRONG_SIZE, WRONG_SCALE.
 */
export function decodeWireCiphertext(wire: Uint8Array, shape: CiphertextShape, chunkIndex?: number): Uint8Array {
  const reject = (reason: Rejection, message: string, cause?: unknown): never => {
    throw new CiphertextRejectedError(reason, message, chunkIndex, cause === undefined ? {} : { cause });
  };
  const lengths = ciphertextLengths(shape);
  if (wire.length < V1_HEADER_BYTES) reject('MALFORMED', `${wire.length} bytes is shorter than the wire header`);
  if (wire.length > 2 * lengths.full + 4096) reject('TOO_LARGE', `${wire.length} bytes exceeds ${2 * lengths.full + 4096}`);
  const header = new DataView(wire.buffer, wire.byteOffset, wire.byteLength);
  const magic = header.getUint32(0);
  if (magic !== MAGIC_V2 && magic !== MAGIC_V1) reject('MALFORMED', 'not a Vigil wire ciphertext (bad magic)');
  const rawLength = header.getUint32(4);
  // Up to twice a ciphertext is accepted here, so a 3-polynomial ciphertext is reported as WRONG_SIZE, not TOO_LARGE.
  const maxRawLength = 2 * lengths.full;
  if (rawLength > maxRawLength) reject('TOO_LARGE', `declares ${rawLength} bytes, more than ${maxRawLength}`);
  if (magic === MAGIC_V1) return checkStructure(inflateV1(wire, rawLength, reject), shape, chunkIndex, reject);
  if (wire.length < V2_HEADER_BYTES) reject('MALFORMED', `${wire.length} bytes is shorter than the wire header`);
  const width = wire[8];
  if ((width !== PACKED_WIDTH && width !== 8) || wire[9] !== 0 || wire[10] !== 0 || wire[11] !== 0) reject('MALFORMED', 'bad word width or reserved bytes');
  const body = wire.subarray(V2_HEADER_BYTES);
  if (width === 8) {
    if (body.length !== rawLength) reject('MALFORMED', `carries ${body.length} bytes, header says ${rawLength}`);
    return checkStructure(body, shape, chunkIndex, reject);
  }
  // Width 7: the word count comes from the inner array header; the structure (and that count) is checked after unpacking.
  if (body.length < FIRST_WORD) reject('MALFORMED', 'truncated ciphertext fields');
  const declaredWords = new DataView(body.buffer, body.byteOffset, FIRST_WORD).getBigUint64(OFFSET.DATA + SEAL_HEADER_BYTES, true);
  if (declaredWords > BigInt(Math.floor((rawLength - FIRST_WORD) / 8))) reject('MALFORMED', `declares ${declaredWords} coefficient words, more than ${rawLength} bytes hold`);
  const words = Number(declaredWords);
  const tail = rawLength - FIRST_WORD - 8 * words;
  if (body.length !== FIRST_WORD + PACKED_WIDTH * words + tail) reject('MALFORMED', `carries ${body.length} bytes, expected ${FIRST_WORD + PACKED_WIDTH * words + tail} (truncated or padded)`);
  // Allocated 7 bytes ahead so the coefficient words (at FIRST_WORD = 113) are 8-byte aligned for a Uint32Array.
  const raw = new Uint8Array(new ArrayBuffer(rawLength + 7), 7, rawLength);
  raw.set(body.subarray(0, FIRST_WORD));
  const out = new Uint32Array(raw.buffer, 7 + FIRST_WORD, 2 * words);
  const packed = new DataView(body.buffer, body.byteOffset + FIRST_WORD, PACKED_WIDTH * words);
  const last = words - 1;
  for (let w = 0; w < last; w++) {
    out[2 * w] = packed.getUint32(PACKED_WIDTH * w, true); // Uint32Array is host order: little-endian wherever SEAL's wasm runs
    out[2 * w + 1] = packed.getUint32(PACKED_WIDTH * w + 4, true) & 0xffffff; // drops the next word's first byte
  }
  if (words > 0) {
    out[2 * last] = packed.getUint32(PACKED_WIDTH * last, true);
    out[2 * last + 1] = packed.getUint16(PACKED_WIDTH * last + 4, true) | (packed.getUint8(PACKED_WIDTH * last + 6) << 16);
  }
  raw.set(body.subarray(FIRST_WORD + PACKED_WIDTH * words), FIRST_WORD + 8 * words);
  return checkStructure(raw, shape, chunkIndex, reject);
}

/** Legacy container: "VHC1" | u32 BE raw length | deflate-raw(byte planes of the SEAL bytes, padded to 8). */
function inflateV1(wire: Uint8Array, rawLength: number, reject: (reason: Rejection, message: string, cause?: unknown) => never): Uint8Array {
  const compressed = wire.subarray(V1_HEADER_BYTES);
  let planes: Buffer;
  try {
    const { buffer, engine } = inflateRawSync(compressed, { maxOutputLength: rawLength + 8, info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    if (engine.bytesWritten !== compressed.length) reject('MALFORMED', `${compressed.length - engine.bytesWritten} trailing bytes after the compressed data`);
    planes = buffer;
  } catch (error) {
    if (error instanceof CiphertextRejectedError) throw error;
    return reject('MALFORMED', 'compressed data is corrupt', error);
  }
  const rows = Math.ceil(planes.length / 8);
  const raw = new Uint8Array(planes.length);
  for (let i = 0; i < raw.length; i++) {
    const shuffled = (i % 8) * rows + Math.floor(i / 8);
    if (shuffled < raw.length) raw[i] = planes[shuffled]!;
  }
  if (raw.length < rawLength || raw.length - rawLength >= 8 || raw.subarray(rawLength).some((b) => b !== 0)) reject('MALFORMED', `decompresses to ${raw.length} bytes, header says ${rawLength}`);
  return raw.subarray(0, rawLength);
}

/** Checks an uncompressed SEAL ciphertext serialization against `shape`. @returns `raw`. @throws via `reject`. */
function checkStructure(raw: Uint8Array, shape: CiphertextShape, chunkIndex: number | undefined, reject: (reason: Rejection, message: string, cause?: unknown) => never): Uint8Array {
  const lengths = ciphertextLengths(shape);
  checkSealHeader(raw, 2 * lengths.full, chunkIndex);
  if (raw[5] !== 0) reject('MALFORMED', 'inner SEAL data must be uncompressed');
  if (raw.length < FIRST_WORD) reject('MALFORMED', 'truncated ciphertext fields');
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
  const { hi: qHi, lo: qLo } = moduliBounds(shape);
  const degree = shape.polyModulusDegree;
  const moduliCount = shape.coeffModulusCount;
  const coefficients = (raw.byteOffset + FIRST_WORD) % 4 === 0 ? new Uint32Array(raw.buffer, raw.byteOffset + FIRST_WORD, 2 * words) : undefined;
  for (let w = 0; w < words; w++) {
    const m = moduliCount === 1 ? 0 : Math.floor((w % (degree * moduliCount)) / degree);
    const hi = coefficients ? coefficients[2 * w + 1]! : view.getUint32(FIRST_WORD + 8 * w + 4, true);
    const lo = coefficients ? coefficients[2 * w]! : view.getUint32(FIRST_WORD + 8 * w, true);
    if (hi > qHi[m]! || (hi === qHi[m]! && lo >= qLo[m]!)) reject('MALFORMED', `coefficient ${w} is not reduced modulo q`);
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
