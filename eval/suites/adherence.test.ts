import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSvg } from '../plots/svg-check.js';
import { MetricsFile } from '../report/index.js';
import { adherenceSuite } from './adherence.js';
import { runSuite } from './run-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-eval-adherence-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const silent = { write: () => true } as unknown as NodeJS.WritableStream;

interface Predictor { name: string; auroc: number; auprc: number; brier: number | null; ece: number | null }
interface Head { prevalence: number; predictors: Predictor[]; byArchetype: { archetype: string; rows: number; prevalence: number }[] }

describe('eval adherence --quick', () => {
  it('scores model, baseline and oracle on held-out patients with sane numbers and well-formed outputs', async () => {
    await runSuite(adherenceSuite, { outDir: dir, seed: 3, quick: true, progressStream: silent });
    const file = MetricsFile.parse(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')));
    const heads = (file.metrics as unknown as { heads: Record<string, Head> }).heads;
    for (const key of ['missNext', 'pdcBelow80Next7Days']) {
      const head = heads[key]!;
      expect(head.prevalence).toBeGreaterThan(0.02);
      expect(head.prevalence).toBeLessThan(0.6);
      const [model, baseline, oracle] = head.predictors;
      expect(model!.name).toMatch(/model/);
      // Even the tiny configuration learns something real; a shuffled or constant predictor sits at 0.5.
      expect(model!.auroc).toBeGreaterThan(0.7);
      expect(baseline!.auroc).toBeGreaterThan(0.6);
      expect(oracle!.auroc).toBeGreaterThan(0.7);
      for (const p of head.predictors) {
        expect(p.ece).toBeGreaterThanOrEqual(0);
        expect(p.ece).toBeLessThan(0.2);
        expect(p.brier).toBeGreaterThan(0);
        expect(p.brier).toBeLessThan(head.prevalence); // better than always predicting "no"
      }
    }
    // Non-initiators never take a dose: every one of their rows misses the next dose.
    const nonInitiator = heads['missNext']!.byArchetype.find((a) => a.archetype === 'non-initiator');
    if (nonInitiator) expect(nonInitiator.prevalence).toBe(1);
    expect(heads["missNext"]!.byArchetype.reduce((n, a) => n + a.rows, 0)).toBe((file.metrics as unknown as { rows: { test: number } }).rows.test);
    expect(file.plots).toHaveLength(8);
    for (const plot of file.plots) checkSvg(readFileSync(join(dir, plot), 'utf8'));
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toContain('Per behaviour archetype');
    expect(report).toContain('(reliability-missNext.svg)');
  }, 120_000);
});
