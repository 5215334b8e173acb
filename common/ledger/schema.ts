import { existsSync, readFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { NotALedgerError } from './errors.js';

/** Value of the `format` meta row that marks a database as a Vigil audit log. */
export const LEDGER_FORMAT = 'vigil-ledger/1';

/**
 * Tables (all prefixed `ledger_` so the log can share a database file):
 * - ledger_meta: format, origin, verifier key, creation time.
 * - ledger_entries: idx (leaf index), type, at_ms, body = canonical entry bytes (what is hashed).
 * - ledger_nodes: the hash of every complete subtree, keyed by (level, idx); level 0 = leaf hashes.
 * - ledger_checkpoints: every signed tree head issued, in issue order.
 */
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ledger_entries (idx INTEGER PRIMARY KEY, type TEXT NOT NULL, at_ms INTEGER NOT NULL, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS ledger_nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_checkpoints (id INTEGER PRIMARY KEY, tree_size INTEGER NOT NULL, root_hash BLOB NOT NULL, issued_at_ms INTEGER NOT NULL, note TEXT NOT NULL);
`;

/** What the meta table says about a log. */
export interface LedgerMeta {
  origin: string;
  /** The verifier key the log signs with, or null for an unsigned log. */
  verifierKey: string | null;
}

/** Above this size a log is read in place rather than copied into memory. */
const MAX_IN_MEMORY_BYTES = 1 << 30;

/**
 * Opens a database read-only without writing anything. A cleanly closed log (no -wal file) is
 * copied into memory and read there: SQLite's read-only mode still creates -wal/-shm files next to
 * a WAL database, which would change the directory an auditor is inspecting. A log with a -wal
 * (a writer is running, or crashed) is opened read-only in place so the WAL's commits are seen.
 * @returns the connection. @throws NotALedgerError when the file is missing or not SQLite.
 */
export function openReadOnly(file: string): Database.Database {
  if (!existsSync(file)) throw new NotALedgerError(file, 'no such file');
  try {
    let db: Database.Database;
    if (!existsSync(`${file}-wal`) && statSync(file).size <= MAX_IN_MEMORY_BYTES) {
      const image = readFileSync(file);
      // Bytes 18-19 say "WAL mode" (2); an in-memory copy must be in rollback mode (1) to open.
      if (image.length >= 100 && image[18] === 2 && image[19] === 2) image.fill(1, 18, 20);
      db = new Database(image, { readonly: true });
    } else {
      db = new Database(file, { readonly: true, fileMustExist: true });
    }
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // forces the header check
    return db;
  } catch (error) {
    throw new NotALedgerError(file, (error as Error).message, { cause: error });
  }
}

/** Pragmas of every connection that writes a log (the WAL mode itself is persistent in the file). */
export const WRITE_PRAGMAS: readonly string[] = ['synchronous = FULL', 'busy_timeout = 5000'];

/**
 * Opens (creating if needed) a database for writing, in WAL mode with synchronous=FULL: every
 * commit fsyncs the WAL, so a resolved append survives SIGKILL and power loss; group commit pays
 * that fsync once per batch instead of once per entry.
 * @returns the connection. @throws NotALedgerError when the file is not SQLite or WAL cannot be enabled.
 */
export function openWritable(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, WAL required`);
    for (const pragma of WRITE_PRAGMAS) db.pragma(pragma);
    return db;
  } catch (error) {
    db?.close();
    throw new NotALedgerError(file, (error as Error).message, { cause: error });
  }
}

/**
 * Reads the meta rows of a log.
 * @returns origin and verifier key. @throws NotALedgerError when tables or the format row are missing or unknown.
 */
export function readMeta(db: Database.Database, file: string): LedgerMeta {
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  for (const table of ['ledger_meta', 'ledger_entries', 'ledger_nodes', 'ledger_checkpoints']) {
    if (!tables.has(table)) throw new NotALedgerError(file, `table ${table} is missing`);
  }
  const rows = db.prepare('SELECT key, value FROM ledger_meta').all() as { key: string; value: string }[];
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  const format = meta.get('format');
  if (format !== LEDGER_FORMAT) throw new NotALedgerError(file, `format is '${format ?? '(none)'}', expected '${LEDGER_FORMAT}'`);
  const origin = meta.get('origin');
  if (!origin) throw new NotALedgerError(file, 'no origin');
  return { origin, verifierKey: meta.get('verifier_key') ?? null };
}

/** @returns true when the database has no ledger tables yet. */
export function isUninitialised(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_meta'").get() === undefined;
}

/** Creates the tables and meta rows of a new log in one transaction. */
export function initialiseLedger(db: Database.Database, meta: LedgerMeta, createdAtMs: number): void {
  db.transaction(() => {
    db.exec(SCHEMA_SQL);
    const put = db.prepare('INSERT INTO ledger_meta (key, value) VALUES (?, ?)');
    put.run('format', LEDGER_FORMAT);
    put.run('origin', meta.origin);
    put.run('created_at_ms', String(createdAtMs));
    if (meta.verifierKey !== null) put.run('verifier_key', meta.verifierKey);
  })();
}
