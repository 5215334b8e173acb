import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../edge-node/testing/harness.js';
import { startServeChild } from '../edge-node/testing/serve-child-process.js';

const CHILD = fileURLToPath(new URL('../edge-node/testing/serve-child.ts', import.meta.url));
let h: Harness;
let configFile: string;

beforeAll(async () => {
  h = await createHarness();
  configFile = join(h.dir, 'edge.json');
  writeFileSync(configFile, JSON.stringify(h.config));
});
afterAll(() => h?.cleanup());

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('serve-child (the edge node that tests and benchmarks start)', () => {
  it('exits when the process that started it is killed', async () => {
    // A go-between starts the node, reports its pid once it listens, and is then SIGKILLed, as a test
    // worker killed by a timeout would be: the node must not keep running on its own.
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(CHILD)}, ${JSON.stringify(configFile)}], { stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout.on('data', (c) => { if (/PORT \\d+/.test(String(c))) console.log('NODE ' + child.pid); });`;
    const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const nodePid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /NODE (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.once('exit', (code) => reject(new Error(`go-between exited ${code}`)));
    });
    expect(alive(nodePid)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (alive(nodePid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(nodePid)).toBe(false);
  }, 60_000);

  it('starting one fails with the reason when the node exits first, and kills one that does not listen in time', async () => {
    await expect(startServeChild(join(h.dir, 'missing.json'))).rejects.toThrow(/exited \(1\) before listening; stderr: .*ENOENT/su);
    const started = Date.now();
    await expect(startServeChild(configFile, { timeoutMs: 200 })).rejects.toThrow(/did not listen within 200 ms/u);
    expect(Date.now() - started).toBeLessThan(5_000);
    const { child, port } = await startServeChild(configFile);
    expect(port).toBeGreaterThan(0);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }, 60_000);
});
