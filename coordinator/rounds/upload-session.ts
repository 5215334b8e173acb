import { createHash } from 'node:crypto';
import { VigilError } from '../../common/errors/index.js';
import type { SumAccumulator } from '../aggregation/cipher.js';
import type { CoordinatorStore } from '../store/coordinator-store.js';

/** What a node declares in an update header, after the round and token were checked. */
export interface UploadPlan {
  roundId: string;
  nodeId: string;
  sampleWeight: number;
  chunkCount: number;
}

/**
 * One node's upload in progress. Each chunk is parsed and checked once (parameters, size, scale), added to the
 * round's running sum as it streams in, and staged on disk so a restarted coordinator can rebuild the sum; memory
 * stays at one chunk. The upload counts only once the runner commits it; until then {@link UploadSession.abort}
 * takes every added chunk back out of the sum (CKKS addition is exact mod q, so subtraction restores it bit for bit).
 */
export class UploadSession {
  readonly #hash = createHash('sha256');
  /** Chunks 0..#added−1 are in the running sum and staged. */
  #added = 0;
  #state: 'open' | 'verified' | 'committed' | 'aborted' = 'open';
  #closedBy: VigilError | undefined;

  constructor(
    readonly plan: UploadPlan,
    private readonly deps: {
      store: CoordinatorStore;
      /** The round's running sum: chunks go in as they arrive. */
      sum: SumAccumulator;
      /** Called when taking chunks back fails (the sum is then unusable: the runner rebuilds it from committed uploads). */
      onRollbackFailed?: (error: unknown) => void;
      /** Called once when the upload is committed, aborted or detached. */
      onEnd?: (session: UploadSession) => void;
    },
  ) {}

  /** @returns whether the upload still holds chunks in the running sum that are not committed. */
  get pending(): boolean {
    return this.#state === 'open' || this.#state === 'verified';
  }

  /**
   * Checks chunk `index`, adds it to the running sum and stages it.
   * @throws VigilError INVALID_ARGUMENT for an out-of-order, extra or malformed chunk; the error the round closed
   *   the upload with (e.g. DEADLINE_EXCEEDED); FAILED_PRECONDITION after the upload finished.
   */
  addChunk(index: number, bytes: Uint8Array): void {
    this.#assertOpen();
    if (index !== this.#added) throw new VigilError('INVALID_ARGUMENT', `chunk.index: expected ${this.#added}, got ${index}`);
    if (index >= this.plan.chunkCount) throw new VigilError('INVALID_ARGUMENT', `chunk.index: the header announced ${this.plan.chunkCount} chunks`);
    try {
      this.deps.sum.add(index, bytes);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'rejected';
      throw new VigilError('INVALID_ARGUMENT', `chunk ${index} rejected: ${message}`, { cause: error });
    }
    try {
      this.deps.store.stageChunk(this.plan.roundId, this.plan.nodeId, index, bytes);
    } catch (error) {
      this.deps.sum.subtract(index, bytes); // not staged, so abort() could not find it to take it back
      throw error;
    }
    this.#hash.update(bytes);
    this.#added++;
  }

  /**
   * Checks the trailer: every announced chunk arrived and the digest matches.
   * @throws VigilError INVALID_ARGUMENT for a truncated stream or a digest mismatch; the error the round closed the upload with.
   */
  verify(chunksSha256Hex: string): void {
    this.#assertOpen();
    if (this.#added !== this.plan.chunkCount) throw new VigilError('INVALID_ARGUMENT', `truncated upload: ${this.#added} of ${this.plan.chunkCount} chunks`);
    const digest = this.#hash.digest('hex');
    this.#state = 'verified';
    if (digest !== chunksSha256Hex.toLowerCase()) throw new VigilError('INVALID_ARGUMENT', 'trailer.chunksSha256Hex does not match the chunks received');
  }

  /** Marks the upload as counted (the runner recorded the submission): abort() no longer takes it back. */
  commit(): void {
    if (this.#state !== 'verified') throw new VigilError('FAILED_PRECONDITION', `cannot commit an upload that is ${this.#state}`);
    this.#state = 'committed';
    this.deps.onEnd?.(this);
  }

  /**
   * Takes the upload's chunks back out of the running sum and drops what was staged (disconnect, bad chunk,
   * deadline). Idempotent; does nothing to a committed upload. `reason` is what later calls on this session throw.
   * @throws store errors; a failed rollback only without `onRollbackFailed`.
   */
  abort(reason?: VigilError): void {
    if (!this.pending) return;
    this.#state = 'aborted';
    this.#closedBy = reason;
    try {
      if (this.#added > 0) {
        for (const chunk of this.deps.store.stagedChunks(this.plan.roundId, this.plan.nodeId)) {
          if (chunk.index < this.#added) this.deps.sum.subtract(chunk.index, chunk.bytes);
        }
      }
    } catch (error) {
      if (!this.deps.onRollbackFailed) throw error;
      this.deps.onRollbackFailed(error);
    } finally {
      this.#added = 0;
      this.deps.store.clearStaged(this.plan.roundId, this.plan.nodeId);
      this.deps.onEnd?.(this);
    }
  }

  /** Closes the session without touching the sum (the sum is being discarded: failed round, shutdown). */
  detach(reason: VigilError): void {
    if (!this.pending) return;
    this.#state = 'aborted';
    this.#closedBy = reason;
    this.deps.onEnd?.(this);
  }

  #assertOpen(): void {
    if (this.#state === 'open') return;
    throw this.#closedBy ?? new VigilError('FAILED_PRECONDITION', 'upload already finished');
  }
}
