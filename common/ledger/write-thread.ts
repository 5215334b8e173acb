/**
 * A SQLite write connection in a worker thread. better-sqlite3 is synchronous, so a commit with
 * synchronous=FULL blocks its thread for the fsync (about a millisecond on these disks); here that
 * thread is not the event loop, which keeps serving calls — and gathering the next group commit —
 * while the disk flushes. Durability is SQLite's own: a batch's promise resolves only after its
 * transaction committed with the requested synchronous level.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { VigilError } from '../errors/index.js';

/** One statement execution: the index of a statement given to {@link WriteThread.open}, then its parameters. */
export type StatementRow = readonly [statement: number, ...params: unknown[]];

/** Options of {@link WriteThread.open}. */
export interface WriteThreadOptions {
  /** An existing SQLite file (already initialised by the caller). */
  file: string;
  /** Pragmas run once when the thread's connection opens, e.g. `busy_timeout = 5000`. */
  pragmas: readonly string[];
  /** The SQL of every statement batches may run, prepared once. */
  statements: readonly string[];
}

type Reply = { id: number; lastInsertRowid: number; error?: undefined } | { id: number; error: { message: string; code?: string } };

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');
const SCRIPT = new URL('./write-thread.cjs', import.meta.url);

/** Runs write transactions on a worker thread's own connection, one at a time, in submission order. */
export class WriteThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (rowid: number) => void; reject: (e: unknown) => void }>();
  #nextId = 0;
  #failure: VigilError | null = null;
  #exited: Promise<void>;

  private constructor(options: WriteThreadOptions) {
    // No execArgv: the script is plain CommonJS, and loaders the parent runs with (tsx) would only slow its start.
    this.#worker = new Worker(SCRIPT, { execArgv: [], workerData: { driver: DRIVER, file: options.file, pragmas: options.pragmas, statements: options.statements } });
    this.#worker.unref(); // referenced only while a batch is in flight (see run)
    this.#worker.on('message', (reply: Reply) => this.#settle(reply));
    this.#worker.on('error', (error) => this.#fail(new VigilError('UNAVAILABLE', `SQLite write thread failed: ${error.message}`, { cause: error })));
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => {
      this.#fail(new VigilError('UNAVAILABLE', 'SQLite write thread exited'));
      resolve();
    }));
  }

  /** Starts the thread; its connection opens asynchronously (an open failure rejects the first batch). */
  static open(options: WriteThreadOptions): WriteThread {
    return new WriteThread(options);
  }

  /**
   * Runs `ops` in one transaction with `synchronous` (FULL: fsynced before it resolves).
   * @returns the rowid of the last insert. @throws (rejects) the SQLite error — then nothing was
   * written — or UNAVAILABLE once the thread has failed or closed.
   */
  run(ops: readonly StatementRow[], synchronous: 'FULL' | 'NORMAL' = 'FULL'): Promise<number> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<number>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, ops, synchronous });
    });
  }

  /** Waits for batches in flight, closes the thread's connection and ends the thread. */
  async close(): Promise<void> {
    if (this.#failure === null) this.#worker.postMessage({ close: true });
    this.#worker.ref();
    await this.#exited;
  }

  #settle(reply: Reply): void {
    const waiter = this.#pending.get(reply.id);
    if (!waiter) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.error) waiter.reject(new VigilError('INTERNAL', `SQLite write failed (${reply.error.code ?? 'no code'}): ${reply.error.message}`));
    else waiter.resolve(reply.lastInsertRowid);
  }

  /** Fails every batch in flight and every later one: after a thread failure nothing is known durable. */
  #fail(error: VigilError): void {
    this.#failure ??= error;
    for (const waiter of this.#pending.values()) waiter.reject(this.#failure);
    this.#pending.clear();
  }
}
