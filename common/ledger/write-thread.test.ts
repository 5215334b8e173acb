import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from './testing/fixtures.js';
import { WriteThread } from './write-thread.js';

const SQL = ['INSERT INTO t (k, v) VALUES (?, ?)', 'UPDATE t SET v = ? WHERE k = ?'];
let dir: string;
let cleanup: () => void;
let file: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('vigil-write-thread-'));
  file = join(dir, 't.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB)');
  db.close();
});
afterEach(() => cleanup());

const rows = () => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT k, v FROM t ORDER BY k').all() as { k: string; v: Buffer }[];
  } finally {
    db.close();
  }
};

describe('WriteThread', () => {
  it('commits each batch atomically, in order, visible to other connections once resolved', async () => {
    const thread = WriteThread.open({ file, pragmas: ['busy_timeout = 5000'], statements: SQL });
    const first = thread.run([[0, 'a', Uint8Array.of(1, 2)], [0, 'b', Uint8Array.of(3)]]);
    const second = thread.run([[1, Uint8Array.of(9), 'a']], 'NORMAL');
    await expect(first).resolves.toBe(2); // rowid of the last insert
    await second;
    expect(rows().map((r) => [r.k, [...r.v]])).toEqual([['a', [9]], ['b', [3]]]);
    await thread.close();
  });

  it('rejects a failing batch with nothing of it written, and keeps serving', async () => {
    const thread = WriteThread.open({ file, pragmas: [], statements: SQL });
    await thread.run([[0, 'a', Uint8Array.of(1)]]);
    await expect(thread.run([[0, 'b', Uint8Array.of(2)], [0, 'a', Uint8Array.of(3)]])).rejects.toThrow(/UNIQUE constraint failed/u);
    await thread.run([[0, 'c', Uint8Array.of(4)]]);
    expect(rows().map((r) => r.k)).toEqual(['a', 'c']);
    await thread.close();
  });

  it('fails every batch once the thread is gone (a connection that cannot open, or after close)', async () => {
    const broken = WriteThread.open({ file: join(dir, 'missing.db'), pragmas: [], statements: SQL });
    await expect(broken.run([[0, 'a', Uint8Array.of(1)]])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const thread = WriteThread.open({ file, pragmas: [], statements: SQL });
    await thread.close();
    await expect(thread.run([[0, 'a', Uint8Array.of(1)]])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
