import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSvg } from '../plots/svg-check.js';
import { MetricsFile } from '../report/index.js';
import { heSuite } from './he.js';
import { runSuite } from './run-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-eval-he-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const silent = { write: () => true } as unknown as NodeJS.WritableStream;

describe('eval he --quick', () => {
  it('writes schema-valid metrics, a report and well-formed plots with CKKS within its targets', async () => {
    const outcome = await runSuite(heSuite, { outDir: dir, seed: 7, quick: true, progressStream: silent });
    const file = MetricsFile.parse(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')));
    const m = file.measurements as { error: { maxAbs: number }; wire: { uploadBytesPerWeight: number; plaintextBytesPerWeight: number }; rounds: { overheadRatio: number; ckksRoundMs: number } };
    expect(m.error.maxAbs).toBeGreaterThan(0); // CKKS is approximate: an exact zero would mean no encryption happened
    expect(m.error.maxAbs).toBeLessThan(1e-5);
    expect(m.wire.uploadBytesPerWeight).toBeLessThan(16);
    expect(m.wire.uploadBytesPerWeight).toBeGreaterThan(m.wire.plaintextBytesPerWeight);
    expect(m.rounds.overheadRatio).toBeGreaterThan(0);
    expect(file.plots).toHaveLength(3);
    for (const plot of file.plots) checkSvg(readFileSync(join(dir, plot), 'utf8'));
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('![Histogram of absolute errors](error-histogram.svg)');
    expect(outcome.readmeUpdated).toBe(false);
  });
});
