import Database from 'better-sqlite3';
import { VigilError } from '../errors/index.js';
import { silentLogger, type Logger } from '../log/index.js';
import { parseCheckpoint, verifyCheckpoint, type Checkpoint } from './checkpoint.js';
import { systemClock, type Clock } from './clock.js';
import { LedgerInputError } from './errors.js';
import { equalBytes, toBase64 } from './hashing.js';
import type { LedgerReader } from './ledger-reader.js';
import { parseVerifierKey } from './note-keys.js';
import { verifyConsistency } from './proof-verify.js';

/** Why a witness refused a checkpoint. 'rollback' and 'inconsistent' mean the node's log forked: evidence is kept. */
export type WitnessRejection = 'unknown-node' | 'malformed' | 'wrong-origin' | 'bad-signature' | 'rollback' | 'inconsistent';

/** Outcome of {@link WitnessStore.submit}; failures are values. */
export type WitnessResult =
  | { status: 'accepted'; checkpoint: Checkpoint; previousSize: number }
  | { status: 'rejected'; reason: WitnessRejection; message: string };

/** A checkpoint the witness accepted. */
export interface WitnessedCheckpoint {
  nodeId: string;
  size: number;
  root: Buffer;
  note: string;
  receivedAtMs: number;
}

/** A refused checkpoint that proves a node rewrote or rolled back its log, with what it contradicts. */
export interface ForkEvidence {
  nodeId: string;
  reason: WitnessRejection;
  note: string;
  previousNote: string;
  proof: string[];
  receivedAtMs: number;
}

/** What an edge node sends each round: its latest checkpoint and a proof it extends what the witness has. */
export interface WitnessSubmission {
  note: string;
  proof: Buffer[];
}

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS witness_nodes (node_id TEXT PRIMARY KEY, origin TEXT NOT NULL, verifier_key TEXT NOT NULL, registered_at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS witness_checkpoints (id INTEGER PRIMARY KEY, node_id TEXT NOT NULL, tree_size INTEGER NOT NULL, root_hash BLOB NOT NULL, note TEXT NOT NULL, received_at_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS witness_checkpoints_by_node ON witness_checkpoints (node_id, id);
CREATE TABLE IF NOT EXISTS witness_evidence (id INTEGER PRIMARY KEY, node_id TEXT NOT NULL, reason TEXT NOT NULL, note TEXT NOT NULL, previous_note TEXT NOT NULL, proof TEXT NOT NULL, received_at_ms INTEGER NOT NULL);
`;

type CheckpointRow = { node_id: string; tree_size: number; root_hash: Buffer; note: string; received_at_ms: number };
const toWitnessed = (r: CheckpointRow): WitnessedCheckpoint => ({ nodeId: r.node_id, size: r.tree_size, root: r.root_hash, note: r.note, receivedAtMs: r.received_at_ms });

/**
 * The coordinator's side of witnessing: per node, the checkpoints it published, each accepted only
 * when correctly signed by that node's key and provably consistent with the last one accepted.
 */
export class WitnessStore {
  readonly #db: Database.Database;
  readonly #owned: boolean;
  readonly #clock: Clock;
  readonly #log: Logger;

  /** Uses `db` (a path, or an open connection to share), creating the witness tables if needed. */
  constructor(db: Database.Database | string, options: { clock?: Clock; logger?: Logger } = {}) {
    this.#owned = typeof db === 'string';
    this.#db = typeof db === 'string' ? new Database(db) : db;
    if (this.#owned) {
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = FULL');
    }
    this.#db.exec(SCHEMA_SQL);
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger()).child({ component: 'witness' });
  }

  /**
   * Records which origin and Ed25519 verifier key a node's checkpoints must carry.
   * @throws LedgerInputError for a malformed key; VigilError FAILED_PRECONDITION when the node is
   * already registered with a different origin or key (a key change needs an explicit procedure).
   */
  registerNode(nodeId: string, origin: string, verifierKey: string): void {
    try {
      parseVerifierKey(verifierKey);
    } catch (error) {
      throw new LedgerInputError(`verifier key of node ${nodeId}`, (error as Error).message);
    }
    const existing = this.#node(nodeId);
    if (existing) {
      if (existing.origin === origin && existing.verifier_key === verifierKey) return;
      throw new VigilError('FAILED_PRECONDITION', `node ${nodeId} is already registered with origin '${existing.origin}' and key ${existing.verifier_key}`);
    }
    this.#db.prepare('INSERT INTO witness_nodes (node_id, origin, verifier_key, registered_at_ms) VALUES (?, ?, ?, ?)').run(nodeId, origin, verifierKey, this.#clock.now());
  }

  /**
   * Checks and records a checkpoint from `nodeId`, with the consistency proof from the last
   * checkpoint accepted for it (empty for the first one, or when the size is unchanged).
   * @returns accepted, or rejected with a reason. Never throws for bad input.
   */
  submit(nodeId: string, note: string, proof: readonly Uint8Array[]): WitnessResult {
    const node = this.#node(nodeId);
    if (!node) return reject('unknown-node', `node ${nodeId} is not registered`);
    let checkpoint: Checkpoint;
    try {
      checkpoint = parseCheckpoint(note);
    } catch (error) {
      return reject('malformed', `checkpoint from ${nodeId} is malformed: ${(error as Error).message}`);
    }
    if (checkpoint.origin !== node.origin) return reject('wrong-origin', `checkpoint origin '${checkpoint.origin}' is not node ${nodeId}'s '${node.origin}'`);
    const signature = verifyCheckpoint(checkpoint, parseVerifierKey(node.verifier_key));
    if (!signature.ok) return reject('bad-signature', `checkpoint from ${nodeId}: ${signature.message}`);

    const previous = this.latest(nodeId);
    const previousSize = previous?.size ?? 0;
    if (previous && checkpoint.size < previous.size) {
      return this.#evidence(nodeId, 'rollback', note, previous.note, proof, `node ${nodeId} rolled back from size ${previous.size} to ${checkpoint.size}`);
    }
    if (previous && previous.size > 0) {
      const check = verifyConsistency(previous.size, checkpoint.size, proof, previous.root, checkpoint.root);
      if (!check.ok) {
        return this.#evidence(nodeId, 'inconsistent', note, previous.note, proof, `checkpoint of size ${checkpoint.size} from ${nodeId} is not consistent with size ${previous.size}: ${check.reason}`);
      }
      if (previous.size === checkpoint.size && equalBytes(previous.root, checkpoint.root)) return { status: 'accepted', checkpoint, previousSize };
    } else if (proof.length > 0) {
      return reject('malformed', 'no earlier checkpoint to prove consistency with, so the proof must be empty');
    }
    this.#db.prepare('INSERT INTO witness_checkpoints (node_id, tree_size, root_hash, note, received_at_ms) VALUES (?, ?, ?, ?, ?)').run(nodeId, checkpoint.size, checkpoint.root, note, this.#clock.now());
    return { status: 'accepted', checkpoint, previousSize };
  }

  /** @returns the last checkpoint accepted from `nodeId`, or null. */
  latest(nodeId: string): WitnessedCheckpoint | null {
    const row = this.#db.prepare('SELECT node_id, tree_size, root_hash, note, received_at_ms FROM witness_checkpoints WHERE node_id = ? ORDER BY id DESC LIMIT 1').get(nodeId) as CheckpointRow | undefined;
    return row ? toWitnessed(row) : null;
  }

  /** @returns every checkpoint accepted from `nodeId`, oldest first. */
  history(nodeId: string): WitnessedCheckpoint[] {
    return (this.#db.prepare('SELECT node_id, tree_size, root_hash, note, received_at_ms FROM witness_checkpoints WHERE node_id = ? ORDER BY id').all(nodeId) as CheckpointRow[]).map(toWitnessed);
  }

  /** @returns the fork evidence recorded against `nodeId`, oldest first. */
  evidence(nodeId: string): ForkEvidence[] {
    const rows = this.#db.prepare('SELECT node_id, reason, note, previous_note, proof, received_at_ms FROM witness_evidence WHERE node_id = ? ORDER BY id').all(nodeId) as { node_id: string; reason: WitnessRejection; note: string; previous_note: string; proof: string; received_at_ms: number }[];
    return rows.map((r) => ({ nodeId: r.node_id, reason: r.reason, note: r.note, previousNote: r.previous_note, proof: JSON.parse(r.proof) as string[], receivedAtMs: r.received_at_ms }));
  }

  /** @returns the accepted checkpoints of `nodeId` as a witness file for `vigil audit verify --witness`. */
  witnessFile(nodeId: string): string {
    return this.history(nodeId).map((c) => c.note).join('\n');
  }

  /** Closes the connection if this store opened it. */
  close(): void {
    if (this.#owned) this.#db.close();
  }

  #node(nodeId: string): { origin: string; verifier_key: string } | undefined {
    return this.#db.prepare('SELECT origin, verifier_key FROM witness_nodes WHERE node_id = ?').get(nodeId) as { origin: string; verifier_key: string } | undefined;
  }

  #evidence(nodeId: string, reason: WitnessRejection, note: string, previousNote: string, proof: readonly Uint8Array[], message: string): WitnessResult {
    this.#db.prepare('INSERT INTO witness_evidence (node_id, reason, note, previous_note, proof, received_at_ms) VALUES (?, ?, ?, ?, ?, ?)')
      .run(nodeId, reason, note, previousNote, JSON.stringify(proof.map(toBase64)), this.#clock.now());
    this.#log.warn({ nodeId, reason }, 'node published a checkpoint inconsistent with its history');
    return reject(reason, message);
  }
}

function reject(reason: WitnessRejection, message: string): WitnessResult {
  return { status: 'rejected', reason, message };
}

/**
 * The edge node's side: its latest checkpoint and a consistency proof from the size the witness
 * last accepted.
 * @returns the submission, or null when the log has issued no checkpoint yet.
 * @throws RangeError when `acknowledgedSize` exceeds the latest checkpoint; MissingNodeError on a damaged log.
 */
export function buildWitnessSubmission(reader: LedgerReader, acknowledgedSize: number): WitnessSubmission | null {
  const latest = reader.latestCheckpoint();
  if (!latest) return null;
  const proof = acknowledgedSize === 0 ? [] : reader.consistencyProof(acknowledgedSize, latest.size);
  return { note: latest.note, proof: proof.map((p) => Buffer.from(p)) };
}
