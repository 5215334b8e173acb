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
import { initialiseLedger, isUninitialised, openWritable } from './schema.js';
import { GroupCommit } from './group-commit.js';

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
 * group-committed: an append's promise resolves only once its transaction is fsynced.
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
  readonly #insertEntry: Database.Statement<[number, string, number, Buffer]>;
  readonly #insertNode: Database.Statement<[number, number, Uint8Array]>;
  readonly #insertCheckpoint: Database.Statement<[number, Uint8Array, number, string]>;
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
    this.#insertEntry = db.prepare('INSERT INTO ledger_entries (idx, type, at_ms, body) VALUES (?, ?, ?, ?)');
    this.#insertNode = db.prepare('INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)');
    this.#insertCheckpoint = db.prepare('INSERT INTO ledger_checkpoints (tree_size, root_hash, issued_at_ms, note) VALUES (?, ?, ?, ?)');
    this.#range = CompactRange.load(reader.node, reader.size());
    this.#group = new GroupCommit((entries) => this.#commit(entries), options.maxBatch);
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
   * Bulk path: validates and appends `inputs` in one durable transaction, synchronously.
   * @returns one receipt per input, in order. @throws InvalidArgumentError (nothing written) or the SQLite error.
   */
  appendMany(inputs: readonly AuditEntryInput[]): AppendReceipt[] {
    if (this.#closed) throw new VigilError('FAILED_PRECONDITION', 'audit log is closed');
    const now = this.#clock.now();
    return this.#commit(inputs.map((input) => encodeEntry({ type: input.type, data: input.data, atMs: input.atMs ?? now })));
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
    const id = Number(this.#insertCheckpoint.run(size, root, issuedAtMs, note).lastInsertRowid);
    this.#log.debug({ size }, 'checkpoint issued');
    return { id, size, root, issuedAtMs, note };
  }

  /** Stops the schedule, waits for pending appends and closes the database. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    await this.#group.drain();
    this.#db.close();
  }

  #commit(entries: AuditEntry[]): AppendReceipt[] {
    // Compute on a copy of the tree edge: if the transaction fails, memory still matches disk.
    const range = this.#range.clone();
    const receipts: AppendReceipt[] = [];
    this.#db.transaction(() => {
      for (const entry of entries) {
        const index = range.size;
        const leaf = leafHash(entry.bytes);
        this.#insertEntry.run(index, entry.type, entry.atMs, entry.bytes);
        for (const node of range.append(leaf)) this.#insertNode.run(node.level, node.index, node.hash);
        receipts.push({ index, leafHash: leaf });
      }
    })();
    this.#range = range;
    return receipts;
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
