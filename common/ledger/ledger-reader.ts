import type Database from 'better-sqlite3';
import { VigilError } from '../errors/index.js';
import { decodeEntry, type EntryType } from './entries.js';
import { openReadOnly, readMeta, type LedgerMeta } from './schema.js';
import { consistencyPlan, executePlan, inclusionPlan, rangeSubtrees, type NodeSource, type ProofPlan } from './tree-math.js';

/** A stored entry with its leaf index. `data` is null when the stored bytes do not decode. */
export interface StoredEntry {
  index: number;
  type: string;
  atMs: number;
  bytes: Buffer;
  data: Record<string, unknown> | null;
}

/** A signed tree head as stored. */
export interface StoredCheckpoint {
  id: number;
  size: number;
  root: Buffer;
  issuedAtMs: number;
  note: string;
}

/** Nodes covering at least 2^CACHE_MIN_LEVEL leaves are cached (1M entries: 62,500 nodes, ~6 MB). */
const CACHE_MIN_LEVEL = 4;
const CACHE_MAX_NODES = 1 << 17;
const nodeKey = (level: number, index: number): number => index * 64 + level;

/** A stored node the tree needs is missing: the log is damaged (exit code 1 in the CLI). */
export class MissingNodeError extends VigilError {
  constructor(level: number, index: number) {
    super('DATA_LOSS', `tree node (level ${level}, index ${index}) is missing from the log`);
  }
}

/** A raw row of ledger_entries. */
export type EntryRow = { idx: number; type: string; at_ms: number; body: Buffer };
type CheckpointRow = { id: number; tree_size: number; root_hash: Buffer; issued_at_ms: number; note: string };
const toCheckpoint = (r: CheckpointRow): StoredCheckpoint => ({ id: r.id, size: r.tree_size, root: r.root_hash, issuedAtMs: r.issued_at_ms, note: r.note });

/**
 * Read access to a log: entries, roots, inclusion and consistency proofs, checkpoints. Every
 * proof reads O(log n) rows of ledger_nodes (the complete subtrees that cover its ranges).
 */
export class LedgerReader {
  readonly meta: LedgerMeta;
  readonly #db: Database.Database;
  readonly #owned: boolean;
  readonly #node: Database.Statement<[number, number], { hash: Buffer }>;
  readonly #nodes: Database.Statement<[string], { level: number; idx: number; hash: Buffer }>;
  readonly #size: Database.Statement<[], { size: number }>;
  readonly #entry: Database.Statement<[number], EntryRow>;
  readonly #entries: Database.Statement<[number, number], EntryRow>;
  readonly #checkpoints: Database.Statement<[], CheckpointRow>;
  readonly #cache = new Map<number, Buffer>();
  readonly #latest: Database.Statement<[], CheckpointRow>;

  /** Wraps an open connection. @throws NotALedgerError when it holds no Vigil log. */
  constructor(db: Database.Database, file: string, owned = false) {
    this.meta = readMeta(db, file);
    this.#db = db;
    this.#owned = owned;
    this.#node = db.prepare('SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?');
    // One round trip for all the nodes of a proof: SQLite walks the list and looks each up by primary key.
    this.#nodes = db.prepare('SELECT n.level AS level, n.idx AS idx, n.hash AS hash FROM json_each(?) AS j JOIN ledger_nodes AS n ON n.level = j.value ->> 0 AND n.idx = j.value ->> 1');
    this.#size = db.prepare('SELECT coalesce(max(idx) + 1, 0) AS size FROM ledger_entries');
    this.#entry = db.prepare('SELECT idx, type, at_ms, body FROM ledger_entries WHERE idx = ?');
    this.#entries = db.prepare('SELECT idx, type, at_ms, body FROM ledger_entries WHERE idx >= ? ORDER BY idx LIMIT ?');
    this.#checkpoints = db.prepare('SELECT id, tree_size, root_hash, issued_at_ms, note FROM ledger_checkpoints ORDER BY id');
    this.#latest = db.prepare('SELECT id, tree_size, root_hash, issued_at_ms, note FROM ledger_checkpoints ORDER BY id DESC LIMIT 1');
  }

  /** Opens `file` read-only. @throws NotALedgerError when it is missing, not SQLite, or not a Vigil log. */
  static open(file: string): LedgerReader {
    const db = openReadOnly(file);
    try {
      return new LedgerReader(db, file, true);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Reads one complete-subtree hash. @throws MissingNodeError when it is not stored. */
  readonly node: NodeSource = (level, index) => {
    const row = this.#node.get(level, index);
    if (!row) throw new MissingNodeError(level, index);
    return row.hash;
  };

  /** @returns the number of entries (one past the highest stored index). */
  size(): number {
    return (this.#size.get() as { size: number }).size;
  }

  /** @returns MTH of the first `size` leaves (default: all). @throws MissingNodeError on a damaged log. */
  root(size = this.size()): Uint8Array {
    return this.#execute([rangeSubtrees(0, size)])[0] as Uint8Array;
  }

  /** @returns the inclusion proof of leaf `index` in the tree of `size` leaves. @throws RangeError or MissingNodeError. */
  inclusionProof(index: number, size = this.size()): Uint8Array[] {
    return this.#execute(inclusionPlan(index, size));
  }

  /** @returns the consistency proof from `size1` to `size2` leaves. @throws RangeError or MissingNodeError. */
  consistencyProof(size1: number, size2 = this.size()): Uint8Array[] {
    return this.#execute(consistencyPlan(size1, size2));
  }

  /**
   * Fetches the nodes a plan needs in one query (O(log n) rows), then hashes. Upper nodes are shared
   * by many proofs and never change once complete, so they are cached.
   */
  #execute(plan: ProofPlan): Uint8Array[] {
    const found = new Map<number, Buffer>();
    const missing: [number, number][] = [];
    for (const { level, index } of plan.flat()) {
      const cached = level >= CACHE_MIN_LEVEL ? this.#cache.get(nodeKey(level, index)) : undefined;
      if (cached) found.set(nodeKey(level, index), cached);
      else missing.push([level, index]);
    }
    if (missing.length > 0) {
      if (this.#cache.size + missing.length > CACHE_MAX_NODES) this.#cache.clear();
      for (const row of this.#nodes.all(JSON.stringify(missing))) {
        const key = nodeKey(row.level, row.idx);
        found.set(key, row.hash);
        if (row.level >= CACHE_MIN_LEVEL) this.#cache.set(key, row.hash);
      }
    }
    return executePlan(plan, (level, index) => {
      const hash = found.get(nodeKey(level, index));
      if (!hash) throw new MissingNodeError(level, index);
      return hash;
    });
  }

  /** @returns entry `index`, or null when there is none. */
  entry(index: number): StoredEntry | null {
    const row = this.#entry.get(index);
    return row ? toStored(row) : null;
  }

  /** @returns up to `limit` entries from index `from` on, in index order. */
  entries(from: number, limit: number): StoredEntry[] {
    return this.#entries.all(from, limit).map(toStored);
  }

  /** Every stored entry row in index order, raw, read a page at a time (for full verification). */
  *rawRows(pageSize = 4096): Generator<EntryRow> {
    let from = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const page = this.#entries.all(from, pageSize);
      yield* page;
      const last = page.at(-1);
      if (last === undefined || page.length < pageSize) return;
      from = last.idx + 1;
    }
  }

  /** @returns the stored hash of node (level, index), or null. */
  storedNode(level: number, index: number): Buffer | null {
    return this.#node.get(level, index)?.hash ?? null;
  }

  /** @returns how many node rows are stored. */
  countNodes(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM ledger_nodes').get() as { n: number }).n;
  }

  /** @returns the smallest stored leaf-hash index ≥ `from`, or null. */
  firstLeafFrom(from: number): number | null {
    return (this.#db.prepare('SELECT min(idx) AS i FROM ledger_nodes WHERE level = 0 AND idx >= ?').get(from) as { i: number | null }).i;
  }

  /** @returns the largest stored leaf-hash index, or null. */
  lastLeaf(): number | null {
    return (this.#db.prepare('SELECT max(idx) AS i FROM ledger_nodes WHERE level = 0').get() as { i: number | null }).i;
  }

  /** @returns every stored checkpoint, in issue order. */
  checkpoints(): StoredCheckpoint[] {
    return this.#checkpoints.all().map(toCheckpoint);
  }

  /** @returns the most recently issued checkpoint, or null. */
  latestCheckpoint(): StoredCheckpoint | null {
    const row = this.#latest.get();
    return row ? toCheckpoint(row) : null;
  }

  /** Closes the connection if this reader opened it. */
  close(): void {
    if (this.#owned) this.#db.close();
  }
}

function toStored(row: EntryRow): StoredEntry {
  const decoded = decodeEntry(row.body);
  return { index: row.idx, type: row.type as EntryType, atMs: row.at_ms, bytes: row.body, data: decoded.ok ? decoded.entry.data : null };
}
