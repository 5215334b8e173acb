/**
 * Child process for test/ledger-crash.test.ts: appends forever with many appends in flight, and
 * prints "<index> <seq>" for each append whose promise resolved (i.e. that the log says is durable).
 * The parent kills it with SIGKILL at an arbitrary moment. Usage: crash-child.ts DB SIGNER_KEY_FILE
 */
import { readFileSync } from 'node:fs';
import { AuditLog } from '../audit-log.js';
import { parseSignerKey } from '../note-keys.js';
import { verdictEntry } from './fixtures.js';

const [dbPath, keyPath] = process.argv.slice(2);
if (!dbPath || !keyPath) throw new Error('usage: crash-child.ts DB SIGNER_KEY_FILE');
const log = AuditLog.open({ path: dbPath, origin: 'vigil.test/crash', signer: parseSignerKey(readFileSync(keyPath, 'utf8')) });

let seq = 0;
let resolved = 0;
async function appender(): Promise<never> {
  for (;;) {
    const mine = seq++;
    const receipt = await log.append(verdictEntry(mine));
    // Printed only after the append resolved, so every index the parent reads was durable first.
    // (process.stdout, not writeSync: it copes with a full pipe when the parent reads slowly.)
    process.stdout.write(`${receipt.index} ${mine}\n`);
    resolved += 1;
    if (resolved % 500 === 0) await log.issueCheckpoint();
  }
}
await Promise.all(Array.from({ length: 64 }, appender));
