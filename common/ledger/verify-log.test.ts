import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCheckpointFile, signCheckpoint } from './checkpoint.js';
import { LedgerInputError, NotALedgerError } from './errors.js';
import { generateNoteKey, type NoteSigner } from './note-keys.js';
import { tempDir } from './testing/fixtures.js';
import { buildSignedLog, entryTime, forgedBody, forgedEntry, rebuildTree, tamper } from './testing/tamper.js';
import { verifyLedger } from './verify-log.js';

const ORIGIN = 'vigil.test/edge-7';
let dir: string;
let cleanup: () => void;
let path: string;
let signer: NoteSigner;
let notes: string[];

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'log.db');
  signer = generateNoteKey(ORIGIN).signer;
  notes = await buildSignedLog(path, ORIGIN, signer, 40, 10);
});
afterEach(() => cleanup());

const verify = (options: Parameters<typeof verifyLedger>[1] = {}) => verifyLedger(path, { verifier: signer.verifier, ...options });

describe('verifyLedger on an intact log', () => {
  it('recomputes the tree and checks every checkpoint and witness checkpoint', () => {
    const report = verify({ witness: parseCheckpointFile(notes.join('\n')) });
    expect(report).toMatchObject({ ok: true, size: 40, problemCount: 0, firstBadIndex: null, checkpointsChecked: 4, witnessCheckpointsChecked: 4, keySource: 'argument' });
  });

  it('uses the key recorded in the log when none is given, and says so', () => {
    expect(verifyLedger(path)).toMatchObject({ ok: true, keySource: 'log' });
  });

  it('never writes: every file in the directory is byte-identical afterwards', () => {
    const snapshot = () => readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs, readFileSync(join(dir, f)).toString('base64')]);
    const before = snapshot();
    verify({ witness: parseCheckpointFile(notes.join('\n')) });
    expect(snapshot()).toEqual(before);
  });
});

describe('verifyLedger catches tampering and names the first bad index', () => {
  it('a modified entry', () => {
    tamper(path, (db) => db.prepare('UPDATE ledger_entries SET body = ? WHERE idx = 17').run(forgedBody(17)));
    const report = verify();
    expect(report.ok).toBe(false);
    expect(report.firstBadIndex).toBe(17);
    expect(report.problems[0]).toMatchObject({ kind: 'entry-modified', index: 17 });
    expect(report.problems[0]?.message).toMatch(/entry 17/u);
  });

  it('a deleted entry', () => {
    tamper(path, (db) => db.prepare('DELETE FROM ledger_entries WHERE idx = 23').run());
    const report = verify();
    expect(report).toMatchObject({ ok: false, firstBadIndex: 23 });
    expect(report.problems[0]).toMatchObject({ kind: 'entry-missing', index: 23 });
  });

  it('an inserted entry (later entries renumbered)', () => {
    tamper(path, (db) => {
      for (let idx = 39; idx >= 5; idx -= 1) db.prepare('UPDATE ledger_entries SET idx = idx + 1 WHERE idx = ?').run(idx);
      db.prepare('INSERT INTO ledger_entries (idx, type, at_ms, body) VALUES (5, ?, ?, ?)').run('verdict', entryTime(5), forgedBody(5));
    });
    const report = verify();
    expect(report).toMatchObject({ ok: false, firstBadIndex: 5 });
    expect(report.problems[0]).toMatchObject({ kind: 'entry-modified', index: 5 });
    expect(report.problems.some((p) => p.kind === 'entry-unhashed' && p.index === 40)).toBe(true);
  });

  it('an entry appended behind the log’s back', () => {
    tamper(path, (db) => db.prepare('INSERT INTO ledger_entries (idx, type, at_ms, body) VALUES (40, ?, ?, ?)').run('verdict', entryTime(40), forgedBody(40)));
    expect(verify()).toMatchObject({ ok: false, firstBadIndex: 40, problems: [{ kind: 'entry-unhashed', index: 40 }] });
  });

  it('reordered entries', () => {
    tamper(path, (db) => {
      const body = (i: number) => (db.prepare('SELECT body FROM ledger_entries WHERE idx = ?').get(i) as { body: Buffer }).body;
      const [a, b] = [body(12), body(25)];
      db.prepare('UPDATE ledger_entries SET body = ? WHERE idx = 12').run(b);
      db.prepare('UPDATE ledger_entries SET body = ? WHERE idx = 25').run(a);
    });
    const report = verify();
    expect(report).toMatchObject({ ok: false, firstBadIndex: 12 });
    expect(report.problems.filter((p) => p.kind === 'entry-modified').map((p) => p.index)).toEqual([12, 25]);
  });

  it('a truncated log (entries and their tree nodes removed, checkpoints kept)', () => {
    tamper(path, (db) => {
      db.prepare('DELETE FROM ledger_entries WHERE idx >= 30').run();
      db.prepare('DELETE FROM ledger_nodes WHERE (idx + 1) * (1 << level) > 30').run();
    });
    const report = verify();
    expect(report).toMatchObject({ ok: false, size: 30, firstBadIndex: 30 });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'truncated', index: 30 })]);
    expect(report.problems[0]?.message).toMatch(/\[30, 40\)/u);
  });

  it('a truncated log whose checkpoints were trimmed too is caught by the witness', () => {
    tamper(path, (db) => {
      db.prepare('DELETE FROM ledger_entries WHERE idx >= 30').run();
      db.prepare('DELETE FROM ledger_nodes WHERE (idx + 1) * (1 << level) > 30').run();
      db.prepare('DELETE FROM ledger_checkpoints WHERE tree_size > 30').run();
    });
    expect(verify().ok).toBe(true);
    const report = verify({ witness: parseCheckpointFile(notes.join('\n')) });
    expect(report).toMatchObject({ ok: false, firstBadIndex: 30, problems: [{ kind: 'truncated', index: 30 }] });
  });

  it('a rewritten history (fork) signed with the log’s own key is caught only by the witness', async () => {
    const forkPath = join(dir, 'fork.db');
    await buildSignedLog(forkPath, ORIGIN, signer, 40, 10, new Map([[25, forgedEntry(25)]]));
    expect(verifyLedger(forkPath, { verifier: signer.verifier }).ok).toBe(true); // self-consistent
    const report = verifyLedger(forkPath, { verifier: signer.verifier, witness: parseCheckpointFile(notes.join('\n')) });
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toEqual(['fork', 'fork']);
    expect(report.problems[0]).toMatchObject({ range: { from: 20, to: 30 } });
    expect(report.firstBadIndex).toBe(20);
    expect(report.problems[0]?.message).toMatch(/first bad index is in \[20, 30\)/u);
  });

  it('a checkpoint whose signed root was edited', () => {
    const forged = notes[1]?.replace(/\n[A-Za-z0-9+/=]{44}\n/u, `\n${Buffer.alloc(32, 7).toString('base64')}\n`) as string;
    tamper(path, (db) => db.prepare('UPDATE ledger_checkpoints SET note = ?, root_hash = ? WHERE id = 2').run(forged, Buffer.alloc(32, 7)));
    const report = verify();
    expect(report.problems.map((p) => p.kind)).toEqual(['checkpoint-bad-signature', 'checkpoint-mismatch']);
  });

  it('tree nodes rewritten to match a modified entry are still caught by the signed checkpoints', () => {
    tamper(path, (db) => db.prepare('UPDATE ledger_entries SET body = ? WHERE idx = 3').run(forgedBody(3)));
    rebuildTree(path);
    const report = verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toEqual(['checkpoint-mismatch', 'checkpoint-mismatch', 'checkpoint-mismatch', 'checkpoint-mismatch']);
    expect(report.firstBadIndex).toBe(0);
    expect(report.problems[0]?.message).toMatch(/first bad index is in \[0, 10\)/u);
  });
});

describe('verifyLedger refuses bad input', () => {
  it('a database that is not a Vigil log', () => {
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => verifyLedger(other)).toThrow(NotALedgerError);
  });

  it('a wrong key', () => {
    expect(() => verify({ verifier: generateNoteKey(ORIGIN).signer.verifier })).toThrow(/wrong key/u);
  });

  it('a witness checkpoint of another log or signed by another key', () => {
    const foreign = signCheckpoint('vigil.test/other', 10, Buffer.alloc(32), signer);
    expect(() => verify({ witness: parseCheckpointFile(foreign) })).toThrow(LedgerInputError);
    const unsigned = signCheckpoint(ORIGIN, 10, Buffer.alloc(32), generateNoteKey(ORIGIN).signer);
    expect(() => verify({ witness: parseCheckpointFile(unsigned) })).toThrow(/witness checkpoint 1/u);
  });
});

