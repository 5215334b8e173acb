import { HASH_SIZE, fromBase64, toBase64 } from './hashing.js';
import type { NoteSigner, NoteVerifier } from './note-keys.js';

/**
 * Signed tree heads in the C2SP tlog-checkpoint format inside a C2SP signed note:
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n[extension lines\n]\n— <key name> <base64(key id ‖ signature)>\n
 *
 * The signature is Ed25519 over the note text: every body line with its newline, up to (not
 * including) the blank line.
 */

/** A parsed checkpoint and its signatures. */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  /** The signed text (body lines with their newlines). */
  body: string;
  signatures: NoteSignature[];
  /** The whole note, as issued. */
  note: string;
}

/** One signature line of a note. */
export interface NoteSignature {
  keyName: string;
  keyId: Buffer;
  signature: Buffer;
}

/** Why a note failed to parse. */
export class CheckpointFormatError extends Error {
  override name = 'CheckpointFormatError';
}

const SIGNATURE_PREFIX = '\u2014 '; // em dash and space, as C2SP signed-note requires
const MAX_NOTE_BYTES = 1 << 16;

/** @returns the checkpoint body text for `origin`, `size` and `root`. */
export function checkpointBody(origin: string, size: number, root: Uint8Array): string {
  return `${origin}\n${size}\n${toBase64(root)}\n`;
}

/**
 * Signs a checkpoint.
 * @returns the complete signed note text.
 * @throws CheckpointFormatError for an origin that cannot be a note line.
 */
export function signCheckpoint(origin: string, size: number, root: Uint8Array, signer: NoteSigner): string {
  if (origin === '' || origin.includes('\n')) throw new CheckpointFormatError('origin must be one non-empty line');
  const body = checkpointBody(origin, size, root);
  const signature = Buffer.concat([signer.keyId, signer.sign(Buffer.from(body, 'utf8'))]);
  return `${body}\n${SIGNATURE_PREFIX}${signer.name} ${signature.toString('base64')}\n`;
}

function parseSize(line: string): number {
  if (!/^(0|[1-9][0-9]*)$/u.test(line)) throw new CheckpointFormatError(`tree size '${line}' is not a decimal number`);
  const size = Number(line);
  if (!Number.isSafeInteger(size)) throw new CheckpointFormatError(`tree size ${line} is too large`);
  return size;
}

/**
 * Parses a signed checkpoint note (does not check signatures: see {@link verifyCheckpoint}).
 * @returns the checkpoint. @throws CheckpointFormatError naming what is malformed.
 */
export function parseCheckpoint(note: string): Checkpoint {
  if (Buffer.byteLength(note, 'utf8') > MAX_NOTE_BYTES) throw new CheckpointFormatError('note is too large');
  const split = note.indexOf('\n\n');
  if (split < 0) throw new CheckpointFormatError('no blank line between the checkpoint and its signatures');
  const body = note.slice(0, split + 1);
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointFormatError('a checkpoint needs an origin, a tree size and a root hash line');
  const [origin = '', sizeLine = '', rootLine = ''] = lines;
  if (origin === '') throw new CheckpointFormatError('empty origin line');
  const size = parseSize(sizeLine);
  const root = fromBase64(rootLine);
  if (!root || root.length !== HASH_SIZE) throw new CheckpointFormatError(`root hash '${rootLine}' is not base64 of ${HASH_SIZE} bytes`);
  const rest = note.slice(split + 2);
  if (!rest.endsWith('\n')) throw new CheckpointFormatError('signature block must end with a newline');
  const signatures = rest.slice(0, -1).split('\n').map(parseSignatureLine);
  if (signatures.length === 0) throw new CheckpointFormatError('no signatures');
  return { origin, size, root, body, signatures, note };
}

function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw new CheckpointFormatError(`signature line '${line.slice(0, 40)}' must start with '— '`);
  const [keyName = '', encoded = '', ...extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
  const raw = fromBase64(encoded);
  if (keyName === '' || extra.length > 0 || !raw || raw.length < 5) throw new CheckpointFormatError(`malformed signature line '${line.slice(0, 40)}'`);
  return { keyName, keyId: raw.subarray(0, 4), signature: raw.subarray(4) };
}

/** Outcome of checking a note's signature against one key. */
export type SignatureCheck = { ok: true } | { ok: false; reason: 'no-signature-by-key' | 'bad-signature'; message: string };

/**
 * Checks that `checkpoint` carries a valid signature by `verifier` (other signers' lines are ignored).
 * @returns ok, 'no-signature-by-key' (signed by someone else) or 'bad-signature'. Never throws.
 */
export function verifyCheckpoint(checkpoint: Checkpoint, verifier: NoteVerifier): SignatureCheck {
  const mine = checkpoint.signatures.filter((s) => s.keyName === verifier.name && s.keyId.equals(verifier.keyId));
  if (mine.length === 0) {
    const others = checkpoint.signatures.map((s) => `${s.keyName}+${s.keyId.toString('hex')}`).join(', ');
    return { ok: false, reason: 'no-signature-by-key', message: `not signed by key ${verifier.name}+${verifier.keyId.toString('hex')} (signed by ${others})` };
  }
  const message = Buffer.from(checkpoint.body, 'utf8');
  return mine.some((s) => verifier.verify(message, s.signature))
    ? { ok: true }
    : { ok: false, reason: 'bad-signature', message: `signature by ${verifier.name} does not verify` };
}

/**
 * Parses a witness file: signed checkpoint notes one after another, separated by blank lines.
 * @returns the checkpoints in file order.
 * @throws CheckpointFormatError naming the line where a note is malformed.
 */
export function parseCheckpointFile(text: string): Checkpoint[] {
  const lines = text.split('\n');
  const checkpoints: Checkpoint[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i] === '') {
      i += 1;
      continue;
    }
    const start = i;
    const body: string[] = [];
    while (i < lines.length && lines[i] !== '') body.push(lines[i++] as string);
    i += 1; // the blank line
    const signatures: string[] = [];
    while (i < lines.length && (lines[i] as string).startsWith(SIGNATURE_PREFIX)) signatures.push(lines[i++] as string);
    try {
      if (signatures.length === 0) throw new CheckpointFormatError('no signature lines');
      checkpoints.push(parseCheckpoint(`${body.join('\n')}\n\n${signatures.join('\n')}\n`));
    } catch (error) {
      throw new CheckpointFormatError(`checkpoint starting at line ${start + 1}: ${(error as Error).message}`);
    }
  }
  return checkpoints;
}
