import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { VigilError } from '../../common/errors/index.js';
import { canTransition, type RoundState } from '../rounds/round-state.js';
import type { ModelKindName } from '../strategy/strategy.js';
import { toDeployable, toModel, toNode, toRound, type DeployableRecord, type EvaluationRecord, type ModelRecord, type NodeRecord, type ParticipantRecord, type RoundRecord, type Row } from './records.js';

export type { DeployableRecord, EvaluationRecord, ModelRecord, NodeRecord, ParticipantRecord, RoundRecord } from './records.js';
import { migrate } from './migrations.js';

/**
 * The coordinator's durable state in SQLite (WAL, synchronous=FULL: a round that said "accepted" survives
 * a crash). All multi-row changes are single transactions.
 */
export class CoordinatorStore {
  readonly db: Database.Database;

  /** Opens (creating and migrating) the database. @throws VigilError DATA_LOSS when the file is not a coordinator database. */
  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.db = new Database(path);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
    } catch (error) {
      this.db.close();
      throw new VigilError('DATA_LOSS', `${path}: not a Vigil coordinator database (${(error as Error).message})`, { cause: error });
    }
  }

  close(): void {
    this.db.close();
  }

  /** Enrols a node by its certificate name (re-enrols a revoked one). */
  enrolNode(nodeId: string, nowMs: number): void {
    this.db
      .prepare(`INSERT INTO nodes (node_id, status, enrolled_at_ms) VALUES (?, 'enrolled', ?)
                ON CONFLICT(node_id) DO UPDATE SET status = 'enrolled', revoked_at_ms = NULL, enrolled_at_ms = excluded.enrolled_at_ms`)
      .run(nodeId, nowMs);
  }

  /** Revokes a node. @returns false when it was not enrolled. */
  revokeNode(nodeId: string, nowMs: number): boolean {
    return this.db.prepare(`UPDATE nodes SET status = 'revoked', revoked_at_ms = ? WHERE node_id = ?`).run(nowMs, nodeId).changes === 1;
  }

  /** @returns the node, or undefined. */
  getNode(nodeId: string): NodeRecord | undefined {
    const row = this.db.prepare('SELECT * FROM nodes WHERE node_id = ?').get(nodeId) as Row | undefined;
    return row ? toNode(row) : undefined;
  }

  /** @returns every node, enrolled first. */
  listNodes(): NodeRecord[] {
    return (this.db.prepare('SELECT * FROM nodes ORDER BY status, node_id').all() as Row[]).map(toNode);
  }

  /** Records that a node called, with what it announced at Join. */
  touchNode(nodeId: string, nowMs: number, joined?: { keysetFingerprintHex: string; auditPublicKeyBase64: string; modelKinds: readonly ModelKindName[] }): void {
    if (joined) {
      this.db
        .prepare('UPDATE nodes SET last_seen_ms = ?, keyset_fingerprint_hex = ?, audit_public_key_base64 = ?, model_kinds_json = ? WHERE node_id = ?')
        .run(nowMs, joined.keysetFingerprintHex, joined.auditPublicKeyBase64, JSON.stringify(joined.modelKinds), nodeId);
    } else {
      this.db.prepare('UPDATE nodes SET last_seen_ms = ? WHERE node_id = ?').run(nowMs, nodeId);
    }
  }

  /** Registers a model version (idempotent on the version). */
  putModel(model: ModelRecord): void {
    this.db
      .prepare(`INSERT INTO models (version, model_kind, parent_version, round_id, created_at_ms, weight_count, manifest_json, genesis_weights, lineage_json, flagged)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(version) DO NOTHING`)
      .run(model.version, model.modelKind, model.parentVersion, model.roundId, model.createdAtMs, model.weightCount, model.manifestJson, model.genesisWeights, JSON.stringify(model.lineage), model.flagged ? 1 : 0);
  }

  /** Updates a model's lineage and flag. */
  updateModel(version: string, lineage: Record<string, unknown>, flagged: boolean): void {
    this.db.prepare('UPDATE models SET lineage_json = ?, flagged = ? WHERE version = ?').run(JSON.stringify(lineage), flagged ? 1 : 0, version);
  }

  /** @returns the model, or undefined. */
  getModel(version: string): ModelRecord | undefined {
    const row = this.db.prepare('SELECT * FROM models WHERE version = ?').get(version) as Row | undefined;
    return row ? toModel(row) : undefined;
  }

  /** @returns models, newest first, optionally of one kind. */
  listModels(kind?: ModelKindName): ModelRecord[] {
    const rows = kind
      ? this.db.prepare('SELECT * FROM models WHERE model_kind = ? ORDER BY created_at_ms DESC, rowid DESC').all(kind)
      : this.db.prepare('SELECT * FROM models ORDER BY created_at_ms DESC, rowid DESC').all();
    return (rows as Row[]).map(toModel);
  }

  /** Creates a round and its participants (with their one-time tokens) in one transaction. */
  createRound(round: RoundRecord, participants: ReadonlyArray<{ nodeId: string; token: string }>): void {
    this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO rounds (round_id, seq, model_kind, state, base_version, config_json, min_nodes, target_nodes, deadline_at_ms, weight_count, chunk_count, created_at_ms)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(round.roundId, round.seq, round.modelKind, round.state, round.baseVersion, JSON.stringify(round.config), round.minNodes, round.targetNodes, round.deadlineAtMs, round.weightCount, round.chunkCount, round.createdAtMs);
      const insert = this.db.prepare(`INSERT INTO participants (round_id, node_id, token, status) VALUES (?, ?, ?, 'planned')`);
      for (const p of participants) insert.run(round.roundId, p.nodeId, p.token);
    })();
  }

  /** @returns the round, or undefined. */
  getRound(roundId: string): RoundRecord | undefined {
    const row = this.db.prepare('SELECT * FROM rounds WHERE round_id = ?').get(roundId) as Row | undefined;
    return row ? toRound(row) : undefined;
  }

  /** @returns rounds, newest first, optionally only in the given states. */
  listRounds(states?: readonly RoundState[]): RoundRecord[] {
    const rows = this.db.prepare('SELECT * FROM rounds ORDER BY seq DESC').all() as Row[];
    return rows.map(toRound).filter((r) => !states || states.includes(r.state));
  }

  /** @returns the next round sequence number. */
  nextRoundSeq(): number {
    const row = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM rounds').get() as { next: number };
    return row.next;
  }

  /**
   * Moves a round to a new state. @throws VigilError FAILED_PRECONDITION on an illegal transition
   * (e.g. a round already PUBLISHED).
   */
  transition(roundId: string, to: RoundState, fields: { closedAtMs?: number; reason?: string; resultVersion?: string } = {}): RoundRecord {
    return this.db.transaction(() => {
      const round = this.getRound(roundId);
      if (!round) throw new VigilError('NOT_FOUND', `round '${roundId}' not found`);
      if (!canTransition(round.state, to)) throw new VigilError('FAILED_PRECONDITION', `round ${roundId} cannot go from ${round.state} to ${to}`);
      this.db
        .prepare('UPDATE rounds SET state = ?, closed_at_ms = COALESCE(?, closed_at_ms), reason = COALESCE(?, reason), result_version = COALESCE(?, result_version) WHERE round_id = ?')
        .run(to, fields.closedAtMs ?? null, fields.reason ?? null, fields.resultVersion ?? null, roundId);
      return this.getRound(roundId)!;
    })();
  }

  /** Records the model version a published round produced (the hash its nodes agree on). */
  setResultVersion(roundId: string, version: string): void {
    this.db.prepare('UPDATE rounds SET result_version = ? WHERE round_id = ?').run(version, roundId);
  }

  /** @returns a round's participants. */
  participants(roundId: string): ParticipantRecord[] {
    return (this.db.prepare('SELECT * FROM participants WHERE round_id = ? ORDER BY node_id').all(roundId) as Row[]).map((r) => ({
      roundId: r['round_id'] as string,
      nodeId: r['node_id'] as string,
      token: r['token'] as string,
      status: r['status'] as ParticipantRecord['status'],
      sampleWeight: (r['sample_weight'] as number | null) ?? null,
    }));
  }

  /** Marks planned participants of a closed round as dropped (stragglers). @returns how many. */
  dropStragglers(roundId: string): number {
    return this.db.prepare(`UPDATE participants SET status = 'dropped' WHERE round_id = ? AND status = 'planned'`).run(roundId).changes;
  }

  /** Stores one checked ciphertext chunk of an upload in progress. */
  stageChunk(roundId: string, nodeId: string, index: number, bytes: Uint8Array): void {
    this.db.prepare('INSERT OR REPLACE INTO staged_chunks (round_id, node_id, idx, bytes) VALUES (?, ?, ?, ?)').run(roundId, nodeId, index, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /** Drops an upload that did not complete. */
  clearStaged(roundId: string, nodeId?: string): void {
    if (nodeId) this.db.prepare('DELETE FROM staged_chunks WHERE round_id = ? AND node_id = ?').run(roundId, nodeId);
    else this.db.prepare('DELETE FROM staged_chunks WHERE round_id = ?').run(roundId);
  }

  /**
   * Marks a node's complete, verified upload as submitted (its chunks stay staged until the round
   * publishes, so a restarted coordinator can rebuild the running sum). @returns the round after it.
   */
  commitSubmission(roundId: string, nodeId: string, sampleWeight: number, nowMs: number): RoundRecord {
    return this.db.transaction(() => {
      this.db.prepare(`UPDATE participants SET status = 'submitted', sample_weight = ?, submitted_at_ms = ? WHERE round_id = ? AND node_id = ?`).run(sampleWeight, nowMs, roundId, nodeId);
      this.db.prepare(`UPDATE rounds SET node_count = node_count + 1, total_weight = total_weight + ?, state = CASE WHEN state = 'OPEN' THEN 'COLLECTING' ELSE state END WHERE round_id = ?`).run(sampleWeight, roundId);
      return this.getRound(roundId)!;
    })();
  }

  /** @returns a node's staged chunks in order (iterated lazily: one chunk in memory at a time). */
  *stagedChunks(roundId: string, nodeId: string): Generator<{ index: number; bytes: Buffer }> {
    for (const row of this.db.prepare('SELECT idx, bytes FROM staged_chunks WHERE round_id = ? AND node_id = ? ORDER BY idx').iterate(roundId, nodeId) as IterableIterator<{ idx: number; bytes: Buffer }>) {
      yield { index: row.idx, bytes: row.bytes };
    }
  }

  /** Drops staged chunks of uploads that never completed (after a crash or disconnect). @returns rows removed. */
  clearIncompleteUploads(roundId: string): number {
    return this.db
      .prepare(`DELETE FROM staged_chunks WHERE round_id = ? AND node_id NOT IN (SELECT node_id FROM participants WHERE round_id = ? AND status = 'submitted')`)
      .run(roundId, roundId).changes;
  }

  /** Stores the encrypted sum, drops the individual uploads and publishes the round, in one transaction. */
  publishAggregate(roundId: string, chunks: readonly Uint8Array[], nowMs: number, reason: string): RoundRecord {
    return this.db.transaction(() => {
      const insert = this.db.prepare('INSERT OR REPLACE INTO aggregate_chunks (round_id, idx, bytes) VALUES (?, ?, ?)');
      chunks.forEach((bytes, idx) => insert.run(roundId, idx, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
      this.clearStaged(roundId);
      return this.transition(roundId, 'PUBLISHED', { closedAtMs: nowMs, reason });
    })();
  }

  /** @returns the encrypted sum's chunks in order (iterated lazily: bounded memory). */
  *aggregateChunks(roundId: string): Generator<{ index: number; bytes: Buffer }> {
    for (const row of this.db.prepare('SELECT idx, bytes FROM aggregate_chunks WHERE round_id = ? ORDER BY idx').iterate(roundId) as IterableIterator<{ idx: number; bytes: Buffer }>) {
      yield { index: row.idx, bytes: row.bytes };
    }
  }

  /** Stores (or replaces) a node's evaluation of a round. */
  putEvaluation(evaluation: EvaluationRecord): void {
    this.db
      .prepare('INSERT OR REPLACE INTO evaluations (round_id, node_id, weights_sha256_hex, metrics_json, promoted, reason, sample_count, training_backend) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(evaluation.roundId, evaluation.nodeId, evaluation.weightsSha256Hex, JSON.stringify(evaluation.metrics), evaluation.promoted ? 1 : 0, evaluation.reason, evaluation.sampleCount, evaluation.trainingBackend);
  }

  /** Records (or replaces) the deployable version of a kind. */
  setDeployable(record: DeployableRecord): void {
    this.db
      .prepare(`INSERT INTO deployables (model_kind, version, round_id, score, metric, reason, chosen_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(model_kind) DO UPDATE SET version = excluded.version, round_id = excluded.round_id, score = excluded.score, metric = excluded.metric, reason = excluded.reason, chosen_at_ms = excluded.chosen_at_ms`)
      .run(record.modelKind, record.version, record.roundId, record.score !== null && Number.isFinite(record.score) ? record.score : null, record.metric, record.reason, record.chosenAtMs);
  }

  /** Forgets the deployable version of a kind (its round was flagged and no other round qualifies). */
  clearDeployable(kind: ModelKindName): void {
    this.db.prepare('DELETE FROM deployables WHERE model_kind = ?').run(kind);
  }

  /** @returns the deployable version of a kind, or undefined before any round of it was evaluated. */
  getDeployable(kind: ModelKindName): DeployableRecord | undefined {
    const row = this.db.prepare('SELECT * FROM deployables WHERE model_kind = ?').get(kind) as Row | undefined;
    return row ? toDeployable(row) : undefined;
  }

  /** @returns the deployable version of every kind that has one. */
  listDeployables(): DeployableRecord[] {
    return (this.db.prepare('SELECT * FROM deployables ORDER BY model_kind').all() as Row[]).map(toDeployable);
  }

  /** @returns every evaluation of a round. */
  evaluations(roundId: string): EvaluationRecord[] {
    return (this.db.prepare('SELECT * FROM evaluations WHERE round_id = ? ORDER BY node_id').all(roundId) as Row[]).map((r) => ({
      roundId: r['round_id'] as string,
      nodeId: r['node_id'] as string,
      weightsSha256Hex: r['weights_sha256_hex'] as string,
      metrics: JSON.parse(r['metrics_json'] as string) as Record<string, number>,
      promoted: r['promoted'] === 1,
      reason: r['reason'] as string,
      sampleCount: r['sample_count'] as number,
      trainingBackend: r['training_backend'] as string,
    }));
  }
}
