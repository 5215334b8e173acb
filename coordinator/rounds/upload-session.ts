import { createHash } from 'node:crypto';
import { VigilError } from '../../common/errors/index.js';
import type { AggregationCipher } from '../aggregation/cipher.js';
import type { CoordinatorStore } from '../store/coordinator-store.js';

/** What a node declares in an update header, after the round and token were checked. */
export interface UploadPlan {
  roundId: string;
  nodeId: string;
  sampleWeight: number;
  chunkCount: number;
}

/**
 * One node's upload in progress: each chunk is checked (parameters, size, scale) as it streams in and
 * staged on disk, so memory stays at one chunk; nothing counts until {@link UploadSession.verify} passes.
 */
export class UploadSession {
  readonly #hash = createHash('sha256');
  #next = 0;
  #closed = false;

  constructor(
    readonly plan: UploadPlan,
    private readonly store: CoordinatorStore,
    private readonly cipher: AggregationCipher,
  ) {}

  /** Checks and stages chunk `index`. @throws VigilError INVALID_ARGUMENT for an out-of-order, extra or malformed chunk. */
  addChunk(index: number, bytes: Uint8Array): void {
    if (this.#closed) throw new VigilError('FAILED_PRECONDITION', 'upload already finished');
    if (index !== this.#next) throw new VigilError('INVALID_ARGUMENT', `chunk.index: expected ${this.#next}, got ${index}`);
    if (index >= this.plan.chunkCount) throw new VigilError('INVALID_ARGUMENT', `chunk.index: the header announced ${this.plan.chunkCount} chunks`);
    try {
      this.cipher.checkChunk(index, bytes);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'rejected';
      throw new VigilError('INVALID_ARGUMENT', `chunk ${index} rejected: ${message}`, { cause: error });
    }
    this.#hash.update(bytes);
    this.store.stageChunk(this.plan.roundId, this.plan.nodeId, index, bytes);
    this.#next++;
  }

  /**
   * Checks the trailer: every announced chunk arrived and the digest matches.
   * @throws VigilError INVALID_ARGUMENT for a truncated stream or a digest mismatch.
   */
  verify(chunksSha256Hex: string): void {
    if (this.#next !== this.plan.chunkCount) throw new VigilError('INVALID_ARGUMENT', `truncated upload: ${this.#next} of ${this.plan.chunkCount} chunks`);
    const digest = this.#hash.digest('hex');
    this.#closed = true;
    if (digest !== chunksSha256Hex.toLowerCase()) throw new VigilError('INVALID_ARGUMENT', 'trailer.chunksSha256Hex does not match the chunks received');
  }

  /** Drops what was staged (disconnect, bad chunk, deadline). */
  abort(): void {
    this.#closed = true;
    this.store.clearStaged(this.plan.roundId, this.plan.nodeId);
  }
}
