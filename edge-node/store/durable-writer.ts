/**
 * Group commit for the edge store: every batch of writes submitted in one turn of the event loop
 * commits in one transaction (one fsync), and each submitter's promise settles only once its batch is
 * on disk. This is what lets the node acknowledge an event or a verdict only when it is durable
 * without paying an fsync per message.
 */
import { GroupCommit } from '../../common/ledger/index.js';
import type { EdgeStore, WriteOp } from './edge-store.js';

/** Durable, batched writes to an {@link EdgeStore}. */
export class DurableWriter {
  readonly #group: GroupCommit<readonly WriteOp[], void>;

  constructor(store: EdgeStore, maxBatch = 4096) {
    this.#group = new GroupCommit<readonly WriteOp[], void>((batches) => {
      store.commit(batches.flat());
      return batches.map(() => undefined);
    }, maxBatch);
  }

  /** @returns a promise resolved once `ops` are durable; rejects with the SQLite error (nothing written). */
  write(ops: readonly WriteOp[]): Promise<void> {
    return this.#group.submit(ops);
  }

  /** @returns a promise resolved once every write submitted so far is durable or failed. */
  drain(): Promise<void> {
    return this.#group.drain();
  }
}
