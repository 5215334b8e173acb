import { KeysetFormatError } from './errors.js';

/** What a keyset container holds: the coordinator's public context, or an edge node's secret keyset. */
export type KeysetKind = 'public-context' | 'secret-keyset';

/** Section tags of a keyset container. */
export const SECTION = Object.freeze({ META: 1, PARAMETERS: 2, PUBLIC_KEY: 3, SECRET_KEY: 4 });

/** A decoded container: its kind and its sections by tag. */
export interface KeysetContainer {
  readonly kind: KeysetKind;
  readonly sections: ReadonlyMap<number, Uint8Array>;
}

// Layout: "VIGILHE\0" | u8 version | u8 kind | u16 count | count × (u8 tag | u32 length | bytes), big-endian.
const MAGIC = new TextEncoder().encode('VIGILHE\0');
const VERSION = 1;
const KIND_CODE: Record<KeysetKind, number> = { 'public-context': 1, 'secret-keyset': 2 };

/** @returns the container bytes for `kind` with the given sections (each tag at most once). Never throws. */
export function encodeKeysetContainer(kind: KeysetKind, sections: ReadonlyMap<number, Uint8Array>): Uint8Array {
  const total = MAGIC.length + 4 + [...sections.values()].reduce((sum, bytes) => sum + 5 + bytes.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  let at = MAGIC.length;
  view.setUint8(at++, VERSION);
  view.setUint8(at++, KIND_CODE[kind]);
  view.setUint16(at, sections.size);
  at += 2;
  for (const [tag, bytes] of sections) {
    view.setUint8(at, tag);
    view.setUint32(at + 1, bytes.length);
    out.set(bytes, at + 5);
    at += 5 + bytes.length;
  }
  return out;
}

/**
 * Parses a keyset container. Structure only: the caller decides what kinds and sections it accepts.
 * @returns the kind and sections.
 * @throws KeysetFormatError naming `source` when the bytes are not a well-formed container.
 */
export function decodeKeysetContainer(bytes: Uint8Array, source: string): KeysetContainer {
  const fail = (message: string): never => {
    throw new KeysetFormatError(source, message);
  };
  if (bytes.length < MAGIC.length + 4 || MAGIC.some((b, i) => bytes[i] !== b)) fail('not a Vigil HE keyset file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = MAGIC.length;
  const version = view.getUint8(at++);
  if (version !== VERSION) fail(`unsupported keyset format version ${version}`);
  const kindCode = view.getUint8(at++);
  const kind = (Object.keys(KIND_CODE) as KeysetKind[]).find((k) => KIND_CODE[k] === kindCode) ?? fail(`unknown keyset kind ${kindCode}`);
  const count = view.getUint16(at);
  at += 2;
  const sections = new Map<number, Uint8Array>();
  for (let i = 0; i < count; i++) {
    if (at + 5 > bytes.length) fail('truncated section header');
    const tag = view.getUint8(at);
    const length = view.getUint32(at + 1);
    if (at + 5 + length > bytes.length) fail(`truncated section ${tag}`);
    if (sections.has(tag)) fail(`duplicate section ${tag}`);
    sections.set(tag, bytes.subarray(at + 5, at + 5 + length));
    at += 5 + length;
  }
  if (at !== bytes.length) fail('trailing bytes after the last section');
  return { kind, sections };
}
