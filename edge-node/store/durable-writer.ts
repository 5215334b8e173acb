/**
 * Group commit for the edge store on a write thread: everything submitted while the previous commit is
 * in flight commits together in one transaction (one fsync, or none for verdict-only batches), on the
 * thread's own connection, and each submitter's promise settles only once its batch is committed. The
 * event loop never waits for the disk, and SQLite's WAL checkpoints (which fsync) run on that thread too.
 */
import { GroupCommit, WriteThread } from '../../common/ledger/index.js';
import { STORE_CONNECTION_PRAGMAS, type EdgeStore, type WriteOp } from './edge-store.js';
import { STORE_WRITE_SQL, synchronousFor, writeStatements } from './write-ops.js';

/** Durable, batched writes to an {@link EdgeStore}. */
export class DurableWriter {
  readonly #thread: WriteThread;
  readonly #group: GroupCommit<readonly WriteOp[], void>;

  constructor(store: EdgeStore, maxBatch = 4096) {
    this.#thread = WriteThread.open({ file: store.path, pragmas: STORE_CONNECTION_PRAGMAS, statements: STORE_WRITE_SQL });
    this.#group = new GroupCommit<readonly WriteOp[], void>(async (batches) => {
      const ops = batches.flat();
      await this.#thread.run(writeStatements(ops), synchronousFor(ops));
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

  /** Drains, then closes the write thread's connection. */
  async close(): Promise<void> {
    await this.#group.drain();
    await this.#thread.close();
  }
}
