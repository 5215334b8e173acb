import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VigilError } from '../../common/errors/index.js';

const VIGIL_BIN = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));

/** A child `vigil` process the demo started. */
export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the first stdout line matching the pattern (e.g. "listening on"). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
}

/**
 * Starts `vigil` subcommands as real processes, logs each to its own file, and stops them all —
 * on request, on Ctrl-C and when the demo exits — so nothing outlives the demo.
 */
export class ProcessGroup {
  readonly #children: Child[] = [];
  readonly #onSignal = () => {
    void this.stopAll().finally(() => process.exit(130));
  };

  constructor() {
    process.once('SIGINT', this.#onSignal);
    process.once('SIGTERM', this.#onSignal);
    process.once('exit', () => {
      for (const child of this.#children) child.process.kill('SIGKILL');
    });
  }

  /** Starts `vigil <args>` with its stderr (JSON logs) appended to `logFile`. */
  start(name: string, args: readonly string[], logFile: string, env: NodeJS.ProcessEnv = {}): Child {
    const child = spawn(process.execPath, [VIGIL_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stderr!.pipe(log);
    let buffered = '';
    const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        log.write(`${JSON.stringify({ stdout: line })}\n`);
        for (const waiter of [...waiters]) {
          if (waiter.pattern.test(line)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(line);
          }
        }
      }
    });
    const entry: Child = {
      name,
      process: child,
      waitFor: (pattern, timeoutMs) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new VigilError('DEADLINE_EXCEEDED', `${name} did not print ${pattern} within ${timeoutMs} ms (see ${logFile})`)), timeoutMs);
          const onExit = (code: number | null) => reject(new VigilError('UNAVAILABLE', `${name} exited with code ${code} before it was ready (see ${logFile})`));
          child.once('exit', onExit);
          waiters.push({
            pattern,
            resolve: (line) => {
              clearTimeout(timer);
              child.off('exit', onExit);
              resolve(line);
            },
          });
        }),
    };
    this.#children.push(entry);
    return entry;
  }

  /** Sends SIGTERM to every child, waits up to `graceMs` for each, then SIGKILL. */
  async stopAll(graceMs = 10_000): Promise<void> {
    await Promise.all(
      this.#children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
            child.process.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.process.kill('SIGTERM');
          }),
      ),
    );
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
  }
}
