import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSvg } from '../plots/svg-check.js';
import { MetricsFile } from '../report/index.js';
import { federationSuite } from './federation.js';
import { runSuite } from './run-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-eval-federation-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const silent = { write: () => true } as unknown as NodeJS.WritableStream;

type Pooled = Record<string, number | null>;
interface KindMetrics {
  sites: string[];
  genesis: { pooled: Pooled };
  centralised: { pooled: Pooled; perSite: Record<string, Pooled> };
  federated: { pooled: Pooled; perSite: Record<string, Pooled> };
  federatedDp: { pooled: Pooled };
  federatedFinal: { pooled: Pooled };
  localOnly: Record<string, { pooled: Pooled; perSite: Record<string, Pooled> }>;
  curves: { federated: ({ round: number } & Pooled)[]; federatedDp: unknown[] };
  gaps: { metric: string; gap: number; met: boolean; federatedMinusCentralisedCi: [number, number] }[];
  smallestSite: { site: string; federatedBetterOn: string[] };
  dp: { epsilon: number | null; delta: number | null; rounds: number };
  selection: { round: number; dpRound: number; metric: string; reason: string; validation: number[]; dpValidation: number[] };
  learningRates: number[];
}

let file: MetricsFile;
let kinds: Record<string, KindMetrics>;
let report: string;

beforeAll(async () => {
  const outcome = await runSuite(federationSuite, { outDir: dir, seed: 3, quick: true, progressStream: silent });
  expect(outcome.readmeUpdated).toBe(false);
  file = MetricsFile.parse(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')));
  kinds = (file.metrics as unknown as { kinds: Record<string, KindMetrics> }).kinds;
  report = readFileSync(join(dir, 'report.md'), 'utf8');
}, 240_000);

describe('eval federation --quick', () => {
  it('federates both model kinds over at least two sites, with curves for every round', () => {
    expect(Object.keys(kinds).sort()).toEqual(['adherence-risk', 'dose-autoencoder']);
    for (const k of Object.values(kinds)) {
      expect(k.sites.length).toBeGreaterThanOrEqual(2);
      expect(k.curves.federated.map((c) => c.round)).toEqual([1, 2, 3, 4]);
      expect(k.curves.federatedDp).toHaveLength(4);
      expect(k.selection.validation).toHaveLength(5); // genesis + 4 rounds
      // The federated model is the registry's deployable version: the best hold-out score among the rounds'
      // candidates and the genesis they started from (validation[0]); the genesis's test metrics when it wins.
      expect(k.selection.reason).toContain('best federated hold-out');
      expect(k.selection.validation[k.selection.round]).toBe(Math.max(...k.selection.validation));
      expect(k.selection.dpValidation[k.selection.dpRound]).toBe(Math.max(...k.selection.dpValidation));
      if (k.selection.round === 0) expect(k.federated.pooled).toEqual(k.genesis.pooled);
      // The strategy's default schedule decays the rate round by round.
      expect(k.learningRates[0]).toBe(0.005);
      expect(k.learningRates[3]).toBeCloseTo(0.005 * 0.9 ** 3, 12);
    }
    expect(kinds['dose-autoencoder']!.selection.metric).toBe('detection_rate');
    expect(kinds['adherence-risk']!.selection.metric).toBe('mean(auroc_miss_next, auroc_pdc_below_80)');
    expect(kinds['adherence-risk']!.sites).not.toContain('icu'); // no pillbox patients there
  });

  it('reports AUROCs in (0.5, 1] and rates in [0, 1]', () => {
    const adherence = kinds['adherence-risk']!;
    // Trained models beat chance; the deployable version may be the genesis (on quick data, the adherence
    // rounds validate worse than it on the nodes' small hold-out sets), so it only has to be an AUROC.
    for (const arm of [adherence.genesis, adherence.federated]) {
      for (const metric of ['aurocMissNext', 'aurocPdcBelow80']) expect(arm.pooled[metric]).toBeGreaterThanOrEqual(0);
    }
    for (const arm of [adherence.centralised, adherence.federatedFinal]) {
      for (const metric of ['aurocMissNext', 'aurocPdcBelow80']) {
        expect(arm.pooled[metric]).toBeGreaterThan(0.5);
        expect(arm.pooled[metric]).toBeLessThanOrEqual(1);
      }
    }
    const dose = kinds['dose-autoencoder']!;
    for (const arm of [dose.centralised, dose.federated]) {
      expect(arm.pooled['auroc']).toBeGreaterThan(0.5);
      expect(arm.pooled['auroc']).toBeLessThanOrEqual(1);
      expect(arm.pooled['detectionRate']).toBeGreaterThan(0);
      expect(arm.pooled['falseAlarmRate']).toBeLessThan(0.1);
    }
  });

  it('federated training beats local-only training on the smallest site (gate) for at least one metric', () => {
    // Adherence per-site numbers rest on one test patient per site in the quick cohort: only the gate is checked.
    const dose = kinds['dose-autoencoder']!;
    expect(dose.smallestSite.federatedBetterOn.length).toBeGreaterThan(0);
    expect(dose.sites).toContain(dose.smallestSite.site);
  });

  it('reports ε (finite, at δ = 1e-5) only for the DP run; targets carry the gap and its CI', () => {
    for (const k of Object.values(kinds)) {
      expect(Number.isFinite(k.dp.epsilon)).toBe(true);
      expect(k.dp.epsilon).toBeGreaterThan(0);
      expect(k.dp.delta).toBe(1e-5);
      for (const g of k.gaps) {
        expect(g.met).toBe(g.gap <= (k === kinds['dose-autoencoder'] ? 2 : 0.02));
        expect(g.federatedMinusCentralisedCi[0]).toBeLessThanOrEqual(g.federatedMinusCentralisedCi[1]);
      }
    }
    expect(report).not.toMatch(/ε = [0-9.]+ at δ = [^;]+; .*federated \(round/); // ε appears only on DP lines
    expect((report.match(/ε = /g) ?? []).length).toBe(2);
  });

  it('measures CKKS against plaintext aggregation within tolerance', () => {
    const ckks = (file.measurements as unknown as { ckks: { maxAbsWeightDeviation: number; maxAbsAggregateError: number }[] }).ckks;
    expect(ckks).toHaveLength(2);
    for (const c of ckks) {
      expect(c.maxAbsAggregateError).toBeGreaterThan(0); // exactly 0 would mean nothing was encrypted
      expect(c.maxAbsAggregateError).toBeLessThan(1e-5);
      expect(c.maxAbsWeightDeviation).toBeLessThan(1e-4);
    }
  });

  it('writes well-formed plots that the report links', () => {
    expect(file.plots.length).toBe(6); // (rounds + sites) × (1 gate metric + 2 adherence heads)
    for (const plot of file.plots) {
      checkSvg(readFileSync(join(dir, plot), 'utf8'));
      expect(report).toContain(`(${plot})`);
    }
    expect(report).toContain('| met');
  });
});
