import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSvg } from '../plots/svg-check.js';
import { MetricsFile } from '../report/index.js';
import { at, num } from './paper-tables.js';
import { paperSuite } from './paper.js';
import { runSuite } from './run-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-eval-paper-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const silent = { write: () => true } as unknown as NodeJS.WritableStream;

describe('paper tables', () => {
  it('reads numbers by path and refuses missing or non-numeric ones', () => {
    const result = { metrics: { a: { b: 2, c: 'x', d: Number.NaN } } };
    expect(num(result, 'metrics.a.b')).toBe(2);
    expect(() => at(result, 'metrics.a.z')).toThrow(/no 'metrics.a.z'/);
    expect(() => num(result, 'metrics.a.c')).toThrow(/not a finite number/);
    expect(() => num(result, 'metrics.a.d')).toThrow(/not a finite number/);
  });
});

describe('eval paper --quick', () => {
  it('fills all three tables from the suites it runs and says where they disagree', async () => {
    await runSuite(paperSuite, { outDir: dir, seed: 5, quick: true, progressStream: silent });
    const file = MetricsFile.parse(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')));
    const tables = (file.metrics as unknown as { tables: { title: string; rows: { parameter: string; agreement: string }[] }[] }).tables;
    expect(tables.map((t) => t.rows.length)).toEqual([4, 4, 4]);
    for (const row of tables.flatMap((t) => t.rows)) expect(['agrees', 'partly', 'disagrees']).toContain(row.agreement);
    // Security mechanisms: every drill of the secure node is blocked, so Table 1 agrees throughout.
    expect(tables[0]!.rows.every((r) => r.agreement === 'agrees')).toBe(true);
    // Static thresholds cannot see in-limit attacks that the gate catches: Table 3's first row agrees.
    expect(tables[2]!.rows[0]!.agreement).toBe('agrees');
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('## Table 1. Effectiveness of security mechanisms against cyber threats');
    expect(report).toContain('## Where the measurements disagree with the paper');
    expect(report).not.toMatch(/undefined|NaN/);
    expect(file.plots.some((p) => p.startsWith('anomaly-'))).toBe(true);
    for (const plot of file.plots) checkSvg(readFileSync(join(dir, plot), 'utf8'));
  }, 300_000);
});
