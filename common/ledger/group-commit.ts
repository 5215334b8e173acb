/** A submitted item and its caller's promise. */
interface Waiter<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: callers submit items; one `commit` call (one transaction, one fsync) takes every item
 * waiting, and each caller's promise settles only after that call has finished. At most one commit runs
 * at a time: while an asynchronous commit (a write thread's fsync) is in flight, new items gather and
 * go together in the next one, so the batch grows with the load instead of the fsync count. If `commit`
 * throws or rejects, nothing in the batch was committed and every caller in it gets the error.
 */
export class GroupCommit<I, O> {
  readonly #commit: (items: I[]) => O[] | Promise<O[]>;
  readonly #maxBatch: number;
  #queue: Waiter<I, O>[] = [];
  #scheduled = false;
  #inFlight = 0;
  #idle: (() => void)[] = [];
  #commits = 0;
  #committed = 0;

  /**
   * @param commit commits a batch atomically and returns (or resolves to) one result per item, in order.
   * @param maxBatch most items per commit; 1 gives the one-transaction-per-item baseline.
   */
  constructor(commit: (items: I[]) => O[] | Promise<O[]>, maxBatch = 4096) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
    this.#commit = commit;
    this.#maxBatch = maxBatch;
  }

  /** Commits run and items committed so far (their ratio is the mean batch size). */
  get stats(): { commits: number; items: number } {
    return { commits: this.#commits, items: this.#committed };
  }

  /** Number of items submitted and not yet committed (waiting or in the commit in flight). */
  get pending(): number {
    return this.#queue.length + this.#inFlight;
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
    if (this.pending === 0 && !this.#scheduled) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight > 0) return; // a commit in flight runs the next batch when it ends
    this.#scheduled = true;
    // setImmediate, not a microtask: appends arriving from I/O callbacks in this turn join the batch.
    setImmediate(() => this.#run());
  }

  #run(): void {
    this.#scheduled = false;
    const batch = this.#queue.splice(0, this.#maxBatch);
    if (batch.length === 0) return this.#settled();
    let results: O[] | Promise<O[]>;
    try {
      results = this.#commit(batch.map((b) => b.item));
    } catch (error) {
      batch.forEach((b) => b.reject(error));
      return this.#settled();
    }
    if (!(results instanceof Promise)) return this.#finish(batch, results);
    this.#inFlight = batch.length;
    results.then(
      (r) => this.#finish(batch, r),
      (error: unknown) => {
        this.#inFlight = 0;
        batch.forEach((b) => b.reject(error));
        this.#settled();
      },
    );
  }

  #finish(batch: Waiter<I, O>[], results: O[]): void {
    this.#inFlight = 0;
    this.#commits += 1;
    this.#committed += batch.length;
    batch.forEach((b, i) => b.resolve(results[i] as O));
    this.#settled();
  }

  #settled(): void {
    if (this.#queue.length > 0) this.#schedule();
    else if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}
