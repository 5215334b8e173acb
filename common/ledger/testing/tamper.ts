import Database from 'better-sqlite3';
import { AuditLog } from '../audit-log.js';
import { CompactRange } from '../compact-range.js';
import { encodeEntry, type AuditEntryInput } from '../entries.js';
import { leafHash } from '../hashing.js';
import type { NoteSigner } from '../note-keys.js';
import { verdictEntry } from './fixtures.js';

/**
 * Builds a signed log of `size` verdict entries with a checkpoint every `every` entries.
 * `replace` swaps in other entries at chosen indices (to build a forked history).
 * @returns the notes of the checkpoints issued.
 */
export async function buildSignedLog(path: string, origin: string, signer: NoteSigner, size: number, every: number, replace: Map<number, AuditEntryInput> = new Map()): Promise<string[]> {
  const log = AuditLog.open({ path, origin, signer });
  const notes: string[] = [];
  for (let start = 0; start < size; start += every) {
    const chunk = [];
    for (let n = start; n < Math.min(size, start + every); n += 1) chunk.push(replace.get(n) ?? verdictEntry(n));
    log.appendMany(chunk);
    notes.push((await log.issueCheckpoint()).note);
  }
  await log.close();
  return notes;
}

/** Runs raw SQL against a log file, as an attacker with file access would. */
export function tamper(path: string, edit: (db: Database.Database) => void): void {
  const db = new Database(path);
  try {
    db.transaction(() => edit(db))();
  } finally {
    db.close();
  }
}

/** @returns verdict entry `n` turned into a REJECT: a valid entry with different bytes. */
export function forgedEntry(n: number): AuditEntryInput {
  return verdictEntry(n, undefined, { verdict: 'REJECT', reasons: ['FORGED'] });
}

/** @returns the canonical bytes of {@link forgedEntry}. */
export function forgedBody(n: number): Buffer {
  const entry = forgedEntry(n);
  return encodeEntry({ type: entry.type, data: entry.data, atMs: entry.atMs ?? 0 }).bytes;
}

/** @returns the time verdict entry `n` carries. */
export function entryTime(n: number): number {
  return verdictEntry(n).atMs ?? 0;
}

/** Replaces the stored tree with one computed from the (possibly tampered) entries, as a careful attacker would. */
export function rebuildTree(path: string): void {
  tamper(path, (db) => {
    const bodies = db.prepare('SELECT body FROM ledger_entries ORDER BY idx').all() as { body: Buffer }[];
    db.prepare('DELETE FROM ledger_nodes').run();
    const insert = db.prepare('INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)');
    const range = CompactRange.empty();
    for (const { body } of bodies) for (const node of range.append(leafHash(body))) insert.run(node.level, node.index, node.hash);
  });
}
