/**
 * Group commit: callers submit items; all items submitted before the next turn of the event loop
 * are committed together by one synchronous `commit` call (one transaction, one fsync), and each
 * caller's promise settles only after that call returns. If `commit` throws, nothing in the batch
 * was committed and every caller in it gets the error.
 */
export class GroupCommit<I, O> {
  readonly #commit: (items: I[]) => O[];
  readonly #maxBatch: number;
  #queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  #scheduled = false;
  #idle: (() => void)[] = [];
  #commits = 0;
  #committed = 0;

  /**
   * @param commit commits a batch atomically and returns one result per item, in order.
   * @param maxBatch most items per commit; 1 gives the one-transaction-per-item baseline.
   */
  constructor(commit: (items: I[]) => O[], maxBatch = 4096) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
    this.#commit = commit;
    this.#maxBatch = maxBatch;
  }

  /** Commits run and items committed so far (their ratio is the mean batch size). */
  get stats(): { commits: number; items: number } {
    return { commits: this.#commits, items: this.#committed };
  }

  /** Number of items waiting for a commit. */
  get pending(): number {
    return this.#queue.length;
  }

  /** @returns a promise of the item's result once its batch is committed; rejects with the commit's error. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  /** @returns a promise that resolves once every item submitted so far has been committed or failed. */
  drain(): Promise<void> {
    if (this.#queue.length === 0 && !this.#scheduled) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate, not a microtask: appends arriving from I/O callbacks in this turn join the batch.
    setImmediate(() => this.#run());
  }

  #run(): void {
    this.#scheduled = false;
    const batch = this.#queue.splice(0, this.#maxBatch);
    if (batch.length > 0) {
      let results: O[] | undefined;
      let failure: unknown;
      try {
        results = this.#commit(batch.map((b) => b.item));
        this.#commits += 1;
        this.#committed += batch.length;
      } catch (error) {
        failure = error;
      }
      batch.forEach((b, i) => (results ? b.resolve(results[i] as O) : b.reject(failure)));
    }
    if (this.#queue.length > 0) this.#schedule();
    else for (const resolve of this.#idle.splice(0)) resolve();
  }
}
