import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSvg } from '../plots/svg-check.js';
import { MetricsFile } from '../report/index.js';
import { LATENCY_CONFIGURATIONS, latencyConfig, latencySuite } from './latency.js';
import { runSuite } from './run-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-eval-latency-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const silent = { write: () => true } as unknown as NodeJS.WritableStream;

type Config = { unaryPerSecond: number; serverCpuUsPerVerdict: number; openLoopFailures: number; openLoopMs: { count: number; p50: number; p90: number; p99: number; max: number } };

describe('eval latency --quick', () => {
  it('measures every configuration with its layers really switched, with ordered percentiles and security not cheaper than none', async () => {
    await runSuite(latencySuite, { outDir: dir, seed: 1, quick: true, progressStream: silent });
    const file = MetricsFile.parse(JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')));
    const metrics = file.metrics as { verdicts: Record<string, Record<string, number>>; replies: Record<string, number>; auditedReplies: Record<string, number>; framesAccepted: Record<string, number> };
    const configs = (file.measurements as { configurations: Record<string, Config> }).configurations;
    const quick = latencyConfig(true);

    for (const { name, layers } of LATENCY_CONFIGURATIONS) {
      const c = configs[name]!;
      // Every configuration gated commands (all ALLOW: temp basals below the schedule) and lost none.
      expect(metrics.replies[name]).toBeGreaterThan(0);
      expect(metrics.verdicts[name]).toEqual({ VERDICT_ALLOW: metrics.replies[name] });
      expect(c.openLoopFailures).toBe(0);
      expect(c.openLoopMs.count).toBe(quick.openLoopPerSecond * quick.openLoopSeconds);
      // The switch did what it says: audited replies only with the audit log on; every frame accepted
      // (plaintext frames only where Ascon is off, since they carry no valid tag).
      expect(metrics.auditedReplies[name]).toBe(layers.audit ? metrics.replies[name] : 0);
      expect(metrics.framesAccepted[name]).toBe(quick.ingestFrames);
      const p = c.openLoopMs;
      expect(p.p50).toBeGreaterThan(0);
      expect(p.p50).toBeLessThanOrEqual(p.p90);
      expect(p.p90).toBeLessThanOrEqual(p.p99);
      expect(p.p99).toBeLessThanOrEqual(p.max);
    }
    // Security costs CPU: with every layer on, a verdict must not come out markedly cheaper than with none
    // (a generous margin, because other jobs share the machine).
    expect(configs['all-on']!.serverCpuUsPerVerdict).toBeGreaterThan(0.7 * configs['all-off']!.serverCpuUsPerVerdict);
    // With one round, each layer's per-round range is that round's difference: the headline's cost.
    const costs = (file.measurements as { layerCosts: Record<string, { cpuUsPerVerdict: number; cpuUsPerVerdictRoundRange: [number, number]; cpuUsPerFrame: number; cpuUsPerFrameRoundRange: [number, number] }> }).layerCosts;
    for (const layer of ['mtls', 'ascon', 'audit', 'all']) {
      expect(costs[layer]!.cpuUsPerVerdictRoundRange).toEqual([costs[layer]!.cpuUsPerVerdict, costs[layer]!.cpuUsPerVerdict]);
      expect(costs[layer]!.cpuUsPerFrameRoundRange).toEqual([costs[layer]!.cpuUsPerFrame, costs[layer]!.cpuUsPerFrame]);
    }
    expect(file.plots).toHaveLength(2);
    for (const plot of file.plots) checkSvg(readFileSync(join(dir, plot), 'utf8'));
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('Cost of each layer');
  }, 120_000);
});
