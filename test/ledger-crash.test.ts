import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerReader, generateNoteKey, verifyLedger } from '../common/ledger/index.js';
import { tempDir } from '../common/ledger/testing/fixtures.js';

const CHILD = fileURLToPath(new URL('../common/ledger/testing/crash-child.ts', import.meta.url));
const KILL_AFTER_RESOLVED = 3000;

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('vigil-ledger-crash-')));
afterEach(() => cleanup());

/** Runs the appending child, SIGKILLs it once `killAfter` appends have resolved, returns what it printed. */
function runAndKill(db: string, keyFile: string, killAfter: number): Promise<{ acknowledged: Map<number, number>; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db, keyFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged = new Map<number, number>();
    let partial = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? ''; // an incomplete last line is not an acknowledgement
      for (const line of lines) {
        const [index, seq] = line.split(' ').map(Number);
        acknowledged.set(index as number, seq as number);
      }
      if (acknowledged.size >= killAfter && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited with ${code ?? signal} before the kill: ${stderr}`));
      else resolve({ acknowledged, signal });
    });
  });
}

describe('audit log durability under SIGKILL', () => {
  it('keeps every acknowledged append and still verifies, across two crashes', async () => {
    const db = join(dir, 'crash.db');
    const key = generateNoteKey('vigil.test/crash');
    const keyFile = join(dir, 'signer.key');
    writeFileSync(keyFile, key.signerText, { mode: 0o600 });

    const first = await runAndKill(db, keyFile, KILL_AFTER_RESOLVED);
    const second = await runAndKill(db, keyFile, KILL_AFTER_RESOLVED); // reopens the crashed log and appends more
    expect(second.signal).toBe('SIGKILL');

    const report = verifyLedger(db, { verifier: key.signer.verifier });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checkpointsChecked).toBeGreaterThan(0);

    const reader = LedgerReader.open(db);
    try {
      for (const { acknowledged } of [first, second]) {
        expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_RESOLVED);
        for (const [index, seq] of acknowledged) {
          expect(reader.entry(index)?.data, `acknowledged entry ${index}`).toMatchObject({ seq });
        }
      }
      expect(reader.size()).toBeGreaterThanOrEqual(Math.max(...first.acknowledged.keys(), ...second.acknowledged.keys()) + 1);
    } finally {
      reader.close();
    }
  });
});
