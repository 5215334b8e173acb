import { randomBytes } from 'node:crypto';
import { NotEnoughNodesError, NotFoundError, VigilError } from '../../common/errors/index.js';
import type { Logger } from '../../common/log/index.js';
import type { AggregationCipher, SumAccumulator } from '../aggregation/cipher.js';
import type { AuditSink } from '../audit-sink.js';
import type { CoordinatorStore, RoundRecord } from '../store/coordinator-store.js';
import type { ModelKindName, Strategy } from '../strategy/strategy.js';
import { acceptsUpdates, decide } from './round-state.js';
import { UploadSession } from './upload-session.js';

/** Collaborators of the round runner (injected; wiring happens in main). */
export interface RoundRunnerDeps {
  store: CoordinatorStore;
  strategy: Strategy;
  cipher: AggregationCipher;
  audit: AuditSink;
  logger: Logger;
  clock?: () => number;
  token?: () => string;
}

/** What a node gets from GetRoundPlan. */
export interface NodePlan {
  round: RoundRecord;
  token: string;
}

/**
 * Owns the loop of federated rounds: opening them through the strategy, taking uploads, closing them at
 * the target or the deadline, summing ciphertexts and publishing. Failures are values for the strategy;
 * nothing here throws half-way through a round. Running sums live in memory (bounded by the model size):
 * chunks are added as they stream in, uploads that do not complete are taken back out, and after a restart
 * the sums are rebuilt from the staged chunks of committed uploads.
 */
export class RoundRunner {
  readonly #sums = new Map<string, SumAccumulator>();
  /** Uploads whose chunks are in a running sum but not committed, by round. */
  readonly #live = new Map<string, Set<UploadSession>>();
  readonly #now: () => number;
  readonly #token: () => string;

  constructor(private readonly deps: RoundRunnerDeps) {
    this.#now = deps.clock ?? Date.now;
    this.#token = deps.token ?? (() => randomBytes(16).toString('hex'));
  }

  /**
   * Opens a round for `modelKind` from the newest registered model of that kind.
   * @throws NotFoundError when no model of that kind is registered; NotEnoughNodesError when too few nodes are enrolled.
   */
  async startRound(modelKind: ModelKindName): Promise<RoundRecord> {
    const { store, strategy } = this.deps;
    const base = store.listModels(modelKind).find((m) => !m.flagged);
    if (!base) throw new NotFoundError('model of kind', modelKind);
    // Only nodes that said at Join they can train this kind (they hold data for it) take part.
    const nodes = store.listNodes().filter((n) => n.status === 'enrolled' && n.modelKinds.includes(modelKind)).map((n) => ({ nodeId: n.nodeId, lastSeenMs: n.lastSeenMs }));
    const now = this.#now();
    const seq = store.nextRoundSeq();
    // The learning-rate clock: aggregations behind the base model (genesis: 0), whatever other kinds did.
    const modelRound = (Number(base.lineage['roundsInChain']) || 0) + 1;
    const draft = strategy.configureRound({ roundSeq: seq, modelRound, modelKind, nodes, nowMs: now });
    if (draft.selectedNodeIds.length < draft.minNodes) throw new NotEnoughNodesError(draft.minNodes, draft.selectedNodeIds.length);
    const round: RoundRecord = {
      roundId: `r${seq}-${modelKind.replace('MODEL_KIND_', '').toLowerCase()}`,
      seq,
      modelKind,
      state: 'OPEN',
      baseVersion: base.version,
      config: draft.config,
      minNodes: draft.minNodes,
      targetNodes: draft.targetNodes,
      deadlineAtMs: draft.deadlineAtMs,
      weightCount: base.weightCount,
      chunkCount: this.deps.cipher.chunkCount(base.weightCount),
      createdAtMs: now,
      closedAtMs: null,
      totalWeight: 0,
      nodeCount: 0,
      reason: null,
      resultVersion: null,
    };
    store.createRound(round, draft.selectedNodeIds.map((nodeId) => ({ nodeId, token: this.#token() })));
    this.#sums.set(round.roundId, this.deps.cipher.openSum(round.weightCount));
    await this.deps.audit.append({ type: 'round', data: { roundId: round.roundId, model: modelKind, status: 'opened', participants: draft.selectedNodeIds, baseVersion: base.version, strategy: strategy.name, config: { ...draft.config }, deadlineAtMs: round.deadlineAtMs } });
    this.deps.logger.info({ roundId: round.roundId, nodes: draft.selectedNodeIds.length, deadlineAtMs: round.deadlineAtMs }, 'round opened');
    return round;
  }

  /** @returns the open round this node is planned for (optionally of one kind), or null. */
  planFor(nodeId: string, modelKind?: ModelKindName): NodePlan | null {
    for (const round of this.deps.store.listRounds(['OPEN', 'COLLECTING']).reverse()) {
      if (modelKind && round.modelKind !== modelKind) continue;
      const me = this.deps.store.participants(round.roundId).find((p) => p.nodeId === nodeId);
      if (me && me.status === 'planned') return { round, token: me.token };
    }
    return null;
  }

  /**
   * Checks an update header and opens an upload session.
   * @throws VigilError NOT_FOUND (round), PERMISSION_DENIED (not planned / token of another node),
   *   ALREADY_EXISTS (duplicate or replayed token), DEADLINE_EXCEEDED (late), INVALID_ARGUMENT (mismatch).
   */
  beginUpload(nodeId: string, header: { roundId: string; submissionToken: string; sampleWeight: number; chunkCount: number; weightCount: number; keysetFingerprintHex: string }): UploadSession {
    const round = this.deps.store.getRound(header.roundId);
    if (!round) throw new NotFoundError('round', header.roundId);
    const me = this.deps.store.participants(round.roundId).find((p) => p.token === header.submissionToken);
    if (!me || me.nodeId !== nodeId) throw new VigilError('PERMISSION_DENIED', `no plan for this node in round ${round.roundId} with that token`);
    if (me.status !== 'planned') throw new VigilError('ALREADY_EXISTS', `round ${round.roundId}: this node's update was already ${me.status === 'submitted' ? 'received' : 'dropped'} (duplicate or replay)`);
    if (!acceptsUpdates(round.state) || this.#now() >= round.deadlineAtMs) throw new VigilError('DEADLINE_EXCEEDED', `round ${round.roundId} no longer accepts updates (${round.state}, deadline passed or closed)`);
    if (header.weightCount !== round.weightCount) throw new VigilError('INVALID_ARGUMENT', `header.weightCount: expected ${round.weightCount}, got ${header.weightCount}`);
    if (header.chunkCount !== round.chunkCount) throw new VigilError('INVALID_ARGUMENT', `header.chunkCount: expected ${round.chunkCount}, got ${header.chunkCount}`);
    if (header.keysetFingerprintHex !== this.deps.cipher.fingerprint) throw new VigilError('INVALID_ARGUMENT', 'header.keysetFingerprintHex: not the federation keyset');
    if (!(Number.isFinite(header.sampleWeight) && header.sampleWeight > 0)) throw new VigilError('INVALID_ARGUMENT', 'header.sampleWeight: must be a positive number');
    for (const earlier of [...(this.#live.get(round.roundId) ?? [])]) {
      if (earlier.plan.nodeId === nodeId) this.#endSession(earlier, new VigilError('ABORTED', `round ${round.roundId}: superseded by a newer upload from this node`, { retryable: true }));
    }
    this.deps.store.clearStaged(round.roundId, nodeId);
    const sum = this.#sums.get(round.roundId) ?? this.#rebuildSum(round);
    let live = this.#live.get(round.roundId);
    if (!live) this.#live.set(round.roundId, (live = new Set()));
    const session = new UploadSession(
      { roundId: round.roundId, nodeId, sampleWeight: header.sampleWeight, chunkCount: round.chunkCount },
      { store: this.deps.store, sum, onRollbackFailed: (error) => this.#resetSum(round.roundId, error), onEnd: (ended) => this.#live.get(round.roundId)?.delete(ended) },
    );
    live.add(session);
    return session;
  }

  /**
   * Verifies the trailer and records the submission (its chunks are already in the running sum); closes the
   * round when its target is reached. On any error the upload is taken back out of the sum.
   * @returns the round after the submission.
   * @throws VigilError as UploadSession.verify, or DEADLINE_EXCEEDED when the round closed meanwhile.
   */
  async finishUpload(session: UploadSession, chunksSha256Hex: string): Promise<RoundRecord> {
    const { roundId, nodeId, sampleWeight } = session.plan;
    let after: RoundRecord;
    try {
      session.verify(chunksSha256Hex);
      const round = this.deps.store.getRound(roundId);
      if (!round || !acceptsUpdates(round.state) || this.#now() >= round.deadlineAtMs) throw new VigilError('DEADLINE_EXCEEDED', `round ${roundId} closed before the upload finished`);
      after = this.deps.store.commitSubmission(roundId, nodeId, sampleWeight, this.#now());
      session.commit();
    } catch (error) {
      this.#endSession(session);
      throw error;
    }
    if (decide({ ...after, submitted: after.nodeCount }, this.#now()).kind !== 'wait') await this.tick();
    return this.deps.store.getRound(roundId)!;
  }

  /** Takes an uncommitted upload back out of its round's sum (it then leaves the live set through onEnd). */
  #endSession(session: UploadSession, reason?: VigilError): void {
    session.abort(reason);
  }

  /** Closes every uncommitted upload of a round: taken back out of the sum, or (when the sum is discarded) just ended. */
  #closeUploads(roundId: string, reason: VigilError, sumDiscarded: boolean): void {
    const live = [...(this.#live.get(roundId) ?? [])];
    this.#live.delete(roundId);
    for (const session of live) {
      if (sumDiscarded) session.detach(reason);
      else session.abort(reason);
    }
  }

  /** Taking an upload back failed: drop the sum (and every upload in flight) so it is rebuilt from committed uploads. */
  #resetSum(roundId: string, error: unknown): void {
    this.deps.logger.error({ err: error, roundId }, 'could not take an upload back out of the running sum; rebuilding it from committed uploads');
    this.#closeUploads(roundId, new VigilError('ABORTED', `round ${roundId}: upload interrupted by a coordinator error, send it again`, { retryable: true }), true);
    this.#sums.get(roundId)?.delete();
    this.#sums.delete(roundId);
  }

  #rebuildSum(round: RoundRecord): SumAccumulator {
    const sum = this.deps.cipher.openSum(round.weightCount);
    for (const p of this.deps.store.participants(round.roundId)) {
      if (p.status !== 'submitted') continue;
      for (const chunk of this.deps.store.stagedChunks(round.roundId, p.nodeId)) sum.add(chunk.index, chunk.bytes);
    }
    this.#sums.set(round.roundId, sum);
    return sum;
  }

  /** Closes every open round whose target is reached or whose deadline passed. Never throws. */
  async tick(): Promise<void> {
    for (const round of this.deps.store.listRounds(['OPEN', 'COLLECTING', 'AGGREGATING'])) {
      try {
        await this.#advance(round);
      } catch (error) {
        this.deps.logger.error({ err: error, roundId: round.roundId }, 'round could not advance');
      }
    }
  }

  async #advance(round: RoundRecord): Promise<void> {
    const { store, strategy } = this.deps;
    const now = this.#now();
    if (round.state !== 'AGGREGATING') {
      const decision = decide({ ...round, submitted: round.nodeCount }, now);
      if (decision.kind === 'wait') return;
      store.dropStragglers(round.roundId);
      if (decision.kind === 'fail') return this.#fail(round, decision.reason);
      round = store.transition(round.roundId, 'AGGREGATING', { closedAtMs: now });
    }
    const participants = store.participants(round.roundId);
    const results = participants.filter((p) => p.status === 'submitted').map((p) => ({ nodeId: p.nodeId, sampleWeight: p.sampleWeight ?? 0 }));
    const failures = participants.filter((p) => p.status !== 'submitted').map((p) => ({ nodeId: p.nodeId, reason: 'no update before the round closed' }));
    const decision = strategy.aggregate(round, results, failures);
    if (!decision.publish) return this.#fail(round, decision.reason);
    // Uploads still streaming are late: take their chunks back out before the sum is published.
    this.#closeUploads(round.roundId, new VigilError('DEADLINE_EXCEEDED', `round ${round.roundId} closed before the upload finished`), false);
    const sum = this.#sums.get(round.roundId) ?? this.#rebuildSum(round);
    const published = store.publishAggregate(round.roundId, sum.serialize().chunks, now, decision.reason);
    this.#release(round.roundId);
    await this.deps.audit.append({ type: 'round', data: { roundId: round.roundId, model: round.modelKind, status: 'completed', participants: results.map((r) => r.nodeId), dropped: failures.map((f) => f.nodeId), totalWeight: published.totalWeight } });
    this.deps.logger.info({ roundId: round.roundId, nodes: results.length, dropped: failures.length, totalWeight: published.totalWeight }, 'round published');
  }

  async #fail(round: RoundRecord, reason: string): Promise<void> {
    this.deps.store.transition(round.roundId, 'FAILED', { closedAtMs: this.#now(), reason });
    this.deps.store.clearStaged(round.roundId);
    this.#release(round.roundId);
    await this.deps.audit.append({ type: 'round', data: { roundId: round.roundId, model: round.modelKind, status: 'failed', participants: [], reason } });
    this.deps.logger.warn({ roundId: round.roundId, reason }, 'round failed');
  }

  #release(roundId: string): void {
    this.#closeUploads(roundId, new VigilError('DEADLINE_EXCEEDED', `round ${roundId} closed before the upload finished`), true);
    this.#sums.get(roundId)?.delete();
    this.#sums.delete(roundId);
  }

  /** After a restart: drops half-finished uploads and rebuilds the running sums of open rounds. @returns the rounds resumed. */
  resume(): RoundRecord[] {
    const open = this.deps.store.listRounds(['OPEN', 'COLLECTING', 'AGGREGATING']);
    for (const round of open) {
      const dropped = this.deps.store.clearIncompleteUploads(round.roundId);
      this.#rebuildSum(round);
      this.deps.logger.info({ roundId: round.roundId, state: round.state, submitted: round.nodeCount, droppedChunks: dropped }, 'round resumed');
    }
    return open;
  }

  /** Frees every running sum. */
  close(): void {
    for (const roundId of [...this.#sums.keys()]) this.#release(roundId);
  }
}
