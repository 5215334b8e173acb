/**
 * Starts serve-child.ts (an edge node from a config file) in its own process and waits for its port: the
 * one way the crash test, the gate bench, the latency and the security suites start a node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MeasurementSwitches } from './measurement-switches.js';

const SERVE_CHILD = fileURLToPath(new URL('./serve-child.ts', import.meta.url));
/** Start-up takes a few seconds; a node that has not listened after this long is stuck, not slow. */
const DEFAULT_START_TIMEOUT_MS = 60_000;

/** Options of {@link startServeChild}. */
export interface ServeChildOptions {
  /** Security layers turned off for a measurement. */
  switches?: MeasurementSwitches;
  /** Extra Node.js options for the node's process (e.g. `--cpu-prof`). */
  nodeOptions?: readonly string[];
  timeoutMs?: number;
}

/**
 * @returns the running node's process and port.
 * @throws (rejects) when the process exits before listening, or has not listened within the timeout
 * (it is then killed); the error carries the end of its stderr.
 */
export function startServeChild(configFile: string, options: ServeChildOptions = {}): Promise<{ child: ChildProcess; port: number }> {
  const args = [...(options.nodeOptions ?? []), '--import', 'tsx', SERVE_CHILD, configFile, ...(options.switches ? [JSON.stringify(options.switches)] : [])];
  const timeoutMs = options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let listening = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`edge node did not listen within ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.stdout!.on('data', (c: Buffer) => {
      if (listening) return;
      out += c.toString();
      const m = /PORT (\d+)/.exec(out);
      if (!m) return;
      listening = true;
      clearTimeout(timer);
      resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`edge node exited (${code ?? signal}) before listening; stderr: ${err}`));
    });
  });
}
