import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError, VigilError } from '../errors/index.js';
import { AuditLog } from './audit-log.js';
import { parseCheckpoint, verifyCheckpoint } from './checkpoint.js';
import { ManualClock } from './clock.js';
import { CompactRange } from './compact-range.js';
import { encodeEntry } from './entries.js';
import { LedgerInputError, NotALedgerError } from './errors.js';
import { leafHash } from './hashing.js';
import { LedgerReader } from './ledger-reader.js';
import { generateNoteKey } from './note-keys.js';
import { verifyConsistency, verifyInclusion } from './proof-verify.js';
import { tempDir, verdictEntry } from './testing/fixtures.js';

const ORIGIN = 'vigil.test/edge-1';
let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('AuditLog', () => {
  it('gives concurrent appends distinct indices and the RFC 9162 root of their bytes', async () => {
    const log = AuditLog.open({ path: join(dir, 'a.db'), origin: ORIGIN });
    const receipts = await Promise.all(Array.from({ length: 300 }, (_, n) => log.append(verdictEntry(n))));
    expect(receipts.map((r) => r.index)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    const reference = CompactRange.empty();
    for (let n = 0; n < 300; n += 1) {
      const { type, data, atMs } = verdictEntry(n);
      reference.append(leafHash(encodeEntry({ type, data, atMs: atMs ?? 0 }).bytes));
    }
    expect(log.root()).toEqual(reference.root());
    expect(log.reader.root()).toEqual(reference.root());
    await log.close();
  });

  it('keeps entries, size and root across reopen and continues the tree', async () => {
    const path = join(dir, 'b.db');
    const first = AuditLog.open({ path, origin: ORIGIN });
    first.appendMany(Array.from({ length: 21 }, (_, n) => verdictEntry(n)));
    const rootAt21 = first.root();
    await first.close();
    const second = AuditLog.open({ path, origin: ORIGIN });
    expect(second.size).toBe(21);
    expect(second.root()).toEqual(rootAt21);
    await second.append(verdictEntry(21));
    expect(second.reader.entry(21)?.data).toMatchObject({ seq: 21 });
    expect(second.reader.root(21)).toEqual(rootAt21);
    await second.close();
  });

  it('serves inclusion proofs for every entry and consistency proofs between every pair of sizes', async () => {
    const log = AuditLog.open({ path: join(dir, 'c.db'), origin: ORIGIN });
    log.appendMany(Array.from({ length: 37 }, (_, n) => verdictEntry(n)));
    const { reader } = log;
    for (let size = 1; size <= 37; size += 1) {
      const root = reader.root(size);
      for (let index = 0; index < size; index += 1) {
        const leaf = leafHash((reader.entry(index) as { bytes: Buffer }).bytes);
        expect(verifyInclusion(index, size, leaf, reader.inclusionProof(index, size), root)).toEqual({ ok: true });
      }
      for (let size1 = 1; size1 <= size; size1 += 1) {
        expect(verifyConsistency(size1, size, reader.consistencyProof(size1, size), reader.root(size1), root)).toEqual({ ok: true });
      }
    }
    await log.close();
  });

  it('rejects an invalid entry without writing anything', async () => {
    const log = AuditLog.open({ path: join(dir, 'd.db'), origin: ORIGIN });
    await expect(log.append({ type: 'verdict', data: { commandId: 'c' } } as never)).rejects.toThrow(InvalidArgumentError);
    expect(() => log.appendMany([verdictEntry(0), { type: 'nope', data: {} } as never])).toThrow(InvalidArgumentError);
    expect(log.size).toBe(0);
    expect(log.reader.size()).toBe(0);
    await log.close();
    await expect(log.append(verdictEntry(1))).rejects.toThrow(VigilError);
  });

  it('signs checkpoints on demand in the C2SP format with the log key', async () => {
    const key = generateNoteKey(ORIGIN);
    const log = AuditLog.open({ path: join(dir, 'e.db'), origin: ORIGIN, signer: key.signer });
    void log.append(verdictEntry(0));
    void log.append(verdictEntry(1));
    const stored = await log.issueCheckpoint();
    const checkpoint = parseCheckpoint(stored.note);
    expect({ origin: checkpoint.origin, size: checkpoint.size }).toEqual({ origin: ORIGIN, size: 2 });
    expect(checkpoint.root).toEqual(Buffer.from(log.root()));
    expect(verifyCheckpoint(checkpoint, key.signer.verifier)).toEqual({ ok: true });
    expect(log.reader.latestCheckpoint()?.note).toBe(stored.note);
    await log.close();
  });

  it('issues checkpoints on the injected clock, only when the tree has grown', async () => {
    const clock = new ManualClock(1_000);
    const log = AuditLog.open({ path: join(dir, 'f.db'), origin: ORIGIN, signer: generateNoteKey(ORIGIN).signer, clock, checkpointIntervalMs: 60_000 });
    await log.append(verdictEntry(0));
    clock.advance(59_999);
    await log.flush();
    expect(log.reader.checkpoints()).toHaveLength(0);
    clock.advance(1);
    // The checkpoint row is written on the log's write thread: wait for it rather than for one turn.
    await vi.waitFor(() => expect(log.reader.checkpoints().map((c) => c.size)).toEqual([1]));
    clock.advance(60_000); // nothing new: no checkpoint
    await new Promise((r) => setImmediate(r));
    await log.append(verdictEntry(1));
    clock.advance(60_000);
    await vi.waitFor(() => expect(log.reader.checkpoints().map((c) => c.size)).toEqual([1, 2]));
    await log.close();
  });

  it('refuses to issue a checkpoint without a key', async () => {
    const log = AuditLog.open({ path: join(dir, 'g.db'), origin: ORIGIN });
    await expect(log.issueCheckpoint()).rejects.toThrow(/no signing key/u);
    await log.close();
  });

  it('refuses another origin, another key, a non-SQLite file and an unrelated database', async () => {
    const path = join(dir, 'h.db');
    const key = generateNoteKey(ORIGIN);
    await AuditLog.open({ path, origin: ORIGIN, signer: key.signer }).close();
    expect(() => AuditLog.open({ path, origin: 'other' })).toThrow(LedgerInputError);
    expect(() => AuditLog.open({ path, origin: ORIGIN, signer: generateNoteKey(ORIGIN).signer })).toThrow(/not this log's key/u);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not sqlite at all, not even close'.repeat(50));
    expect(() => AuditLog.open({ path: junk, origin: ORIGIN })).toThrow(NotALedgerError);
    expect(() => LedgerReader.open(join(dir, 'missing.db'))).toThrow(NotALedgerError);
    expect(() => AuditLog.open({ path: join(dir, 'fresh.db'), origin: ORIGIN, create: false })).toThrow(NotALedgerError);
  });
});
