import type Database from 'better-sqlite3';
import { VigilError } from '../errors/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import { signCheckpoint } from './checkpoint.js';
import { systemClock, type Clock } from './clock.js';
import { CompactRange } from './compact-range.js';
import { encodeEntry, type AuditEntry, type AuditEntryInput } from './entries.js';
import { LedgerInputError, NotALedgerError } from './errors.js';
import { leafHash } from './hashing.js';
import { LedgerReader, type StoredCheckpoint } from './ledger-reader.js';
import type { NoteSigner } from './note-keys.js';
import { initialiseLedger, isUninitialised, openWritable, WRITE_PRAGMAS } from './schema.js';
import { GroupCommit } from './group-commit.js';
import { WriteThread, type StatementRow } from './write-thread.js';

/** The statements the write thread runs, by index. */
const SQL = [
  'INSERT INTO ledger_entries (idx, type, at_ms, body) VALUES (?, ?, ?, ?)',
  'INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)',
  'INSERT INTO ledger_checkpoints (tree_size, root_hash, issued_at_ms, note) VALUES (?, ?, ?, ?)',
] as const;
const [INSERT_ENTRY, INSERT_NODE, INSERT_CHECKPOINT] = [0, 1, 2] as const;

/** Options of {@link AuditLog.open}. */
export interface AuditLogOptions {
  /** SQLite file of the log (created when missing). */
  path: string;
  /** The log's identity, the first line of its checkpoints (e.g. `vigil.example/edge/ward-3`). */
  origin: string;
  /** Signs checkpoints; without one the log cannot issue them. */
  signer?: NoteSigner;
  /** Create the log when the file holds none (default true). */
  create?: boolean;
  /** Most entries per group commit (default 4096; 1 = one transaction per append). */
  maxBatch?: number;
  /** Issue a checkpoint this often when the tree has grown (needs `signer`). */
  checkpointIntervalMs?: number;
  clock?: Clock;
  logger?: Logger;
}

/** Where an appended entry landed. */
export interface AppendReceipt {
  index: number;
  leafHash: Buffer;
}

/**
 * The append-only, tamper-evident audit log (RFC 9162 Merkle tree over SQLite). Appends are
 * group-committed: an append's promise resolves only once its transaction is fsynced. The commits run
 * on a write thread (synchronous=FULL), so the event loop keeps working while the disk flushes; the
 * tree edge is computed here and adopted only when its batch is durable.
 */
export class AuditLog {
  /** Read access (entries, proofs, checkpoints) over the same connection. */
  readonly reader: LedgerReader;
  readonly #db: Database.Database;
  readonly #origin: string;
  readonly #signer: NoteSigner | undefined;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #group: GroupCommit<AuditEntry, AppendReceipt>;
  readonly #writer: WriteThread;
  readonly #statements: Database.Statement[];
  #range: CompactRange;
  #timer: unknown;
  #closed = false;

  private constructor(db: Database.Database, reader: LedgerReader, options: AuditLogOptions) {
    this.#db = db;
    this.reader = reader;
    this.#origin = options.origin;
    this.#signer = options.signer;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger()).child({ component: 'ledger', origin: options.origin });
    this.#statements = SQL.map((sql) => db.prepare(sql));
    this.#writer = WriteThread.open({ file: options.path, pragmas: WRITE_PRAGMAS, statements: SQL });
    this.#range = CompactRange.load(reader.node, reader.size());
    this.#group = new GroupCommit(async (entries) => {
      const { ops, range, receipts } = this.#prepare(entries);
      await this.#writer.run(ops);
      this.#range = range;
      return receipts;
    }, options.maxBatch);
    if (options.checkpointIntervalMs !== undefined) this.#startSchedule(options.checkpointIntervalMs);
  }

  /**
   * Opens (or creates) a log.
   * @returns the log, ready to append.
   * @throws NotALedgerError when the file is not SQLite or not a Vigil log; LedgerInputError when the
   * origin or the signing key differ from the log's; MissingNodeError when the tree edge is damaged.
   */
  static open(options: AuditLogOptions): AuditLog {
    if (options.origin === '' || options.origin.includes('\n')) throw new LedgerInputError('origin', 'must be one non-empty line');
    if (options.checkpointIntervalMs !== undefined && !options.signer) throw new LedgerInputError('checkpointIntervalMs', 'scheduled checkpoints need a signer');
    const db = openWritable(options.path);
    try {
      if (isUninitialised(db)) {
        if (options.create === false) throw new NotALedgerError(options.path, 'no ledger tables');
        const verifierKey = options.signer?.verifier.text ?? null;
        initialiseLedger(db, { origin: options.origin, verifierKey }, (options.clock ?? systemClock).now());
      }
      const reader = new LedgerReader(db, options.path);
      if (reader.meta.origin !== options.origin) throw new LedgerInputError(options.path, `log origin is '${reader.meta.origin}', not '${options.origin}'`);
      if (options.signer && reader.meta.verifierKey !== options.signer.verifier.text) {
        throw new LedgerInputError(options.path, `signing key ${options.signer.verifier.text} is not this log's key (${reader.meta.verifierKey ?? 'none'})`);
      }
      return new AuditLog(db, reader, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The log's origin line. */
  get origin(): string {
    return this.#origin;
  }

  /** Number of durable entries. */
  get size(): number {
    return this.#range.size;
  }

  /** Group-commit counters: transactions committed by `append` and entries they held. */
  get commitStats(): { commits: number; items: number } {
    return this.#group.stats;
  }

  /** @returns the root hash over every durable entry (O(log n), from memory). */
  root(): Uint8Array {
    return this.#range.root();
  }

  /**
   * Appends one entry; many concurrent appends share one transaction.
   * @returns a promise of the entry's index, resolved only once the entry is durable.
   * @throws (rejects) InvalidArgumentError for an invalid entry; FAILED_PRECONDITION after close; the
   * SQLite error when the commit fails (then the entry was not written).
   */
  append(input: AuditEntryInput): Promise<AppendReceipt> {
    if (this.#closed) return Promise.reject(new VigilError('FAILED_PRECONDITION', 'audit log is closed'));
    let entry: AuditEntry;
    try {
      entry = encodeEntry({ type: input.type, data: input.data, atMs: input.atMs ?? this.#clock.now() });
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#group.submit(entry);
  }

  /**
   * Bulk path: validates and appends `inputs` in one durable transaction, synchronously, on this
   * thread's connection (for loading or importing a log, not alongside `append`).
   * @returns one receipt per input, in order. @throws InvalidArgumentError (nothing written), the SQLite
   * error, or FAILED_PRECONDITION when the log is closed or appends are still in flight.
   */
  appendMany(inputs: readonly AuditEntryInput[]): AppendReceipt[] {
    if (this.#closed) throw new VigilError('FAILED_PRECONDITION', 'audit log is closed');
    if (this.#group.pending > 0) throw new VigilError('FAILED_PRECONDITION', 'appendMany needs a log with no appends in flight (await flush() first)');
    const now = this.#clock.now();
    const { ops, range, receipts } = this.#prepare(inputs.map((input) => encodeEntry({ type: input.type, data: input.data, atMs: input.atMs ?? now })));
    this.#db.transaction(() => {
      for (const [statement, ...params] of ops) this.#statements[statement]!.run(...params);
    })();
    this.#range = range;
    return receipts;
  }

  /** @returns a promise that resolves when every append made so far is durable (or failed). */
  flush(): Promise<void> {
    return this.#group.drain();
  }

  /**
   * Waits for pending appends, then signs and stores a checkpoint of the whole log.
   * @returns the stored checkpoint. @throws FAILED_PRECONDITION when the log has no signer or is closed.
   */
  async issueCheckpoint(): Promise<StoredCheckpoint> {
    if (!this.#signer) throw new VigilError('FAILED_PRECONDITION', 'this audit log has no signing key, so it cannot issue checkpoints');
    if (this.#closed) throw new VigilError('FAILED_PRECONDITION', 'audit log is closed');
    await this.#group.drain();
    const size = this.#range.size;
    const root = Buffer.from(this.#range.root());
    const note = signCheckpoint(this.#origin, size, root, this.#signer);
    const issuedAtMs = this.#clock.now();
    const id = await this.#writer.run([[INSERT_CHECKPOINT, size, root, issuedAtMs, note]]);
    this.#log.debug({ size }, 'checkpoint issued');
    return { id, size, root, issuedAtMs, note };
  }

  /** Stops the schedule, waits for pending appends and closes the database. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    await this.#group.drain();
    await this.#writer.close();
    this.#db.close();
  }

  /** @returns the rows of a batch and the tree edge after it — a copy, adopted only once the rows are durable. */
  #prepare(entries: readonly AuditEntry[]): { ops: StatementRow[]; range: CompactRange; receipts: AppendReceipt[] } {
    const range = this.#range.clone();
    const ops: StatementRow[] = [];
    const receipts: AppendReceipt[] = [];
    for (const entry of entries) {
      const index = range.size;
      const leaf = leafHash(entry.bytes);
      // An exact copy: entry.bytes usually sits in Buffer's shared 8-KiB pool, and posting a view to
      // the write thread would clone the whole pool.
      ops.push([INSERT_ENTRY, index, entry.type, entry.atMs, new Uint8Array(entry.bytes)]);
      for (const node of range.append(leaf)) ops.push([INSERT_NODE, node.level, node.index, node.hash]);
      receipts.push({ index, leafHash: leaf });
    }
    return { ops, range, receipts };
  }

  #startSchedule(intervalMs: number): void {
    if (!(intervalMs > 0)) throw new LedgerInputError('checkpointIntervalMs', 'must be positive');
    const tick = (): void => {
      if (this.#closed) return;
      const latest = this.reader.latestCheckpoint();
      const grown = this.#range.size + this.#group.pending > (latest?.size ?? 0);
      const issued = grown ? this.issueCheckpoint() : Promise.resolve(null);
      issued
        .catch((error: unknown) => this.#log.error({ err: error }, 'scheduled checkpoint failed'))
        .finally(() => {
          if (!this.#closed) this.#timer = this.#clock.setTimeout(tick, intervalMs);
        });
    };
    this.#timer = this.#clock.setTimeout(tick, intervalMs);
  }
}
