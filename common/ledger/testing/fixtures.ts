import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntryInput } from '../entries.js';

/** @returns a fresh temporary directory and a function that removes it. For tests and benchmarks. */
export function tempDir(prefix = 'vigil-ledger-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** @returns a valid verdict entry numbered `n`, deterministic so tests can check what was stored. */
export function verdictEntry(n: number, atMs = 1_700_000_000_000 + n, verdict?: { verdict: 'ALLOW' | 'HOLD' | 'REJECT'; reasons: string[] }): AuditEntryInput {
  const decision = verdict ?? (n % 5 === 0 ? { verdict: 'HOLD' as const, reasons: ['IOB_HIGH'] } : { verdict: 'ALLOW' as const, reasons: [] });
  return {
    type: 'verdict',
    atMs,
    data: { commandId: `cmd-${n}`, deviceId: `pump-${n % 7}`, patientId: `p-${n % 13}`, ...decision, seq: n },
  };
}
