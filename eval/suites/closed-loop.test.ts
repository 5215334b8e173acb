import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSvg } from '../plots/svg-check.js';
import { MetricsFile } from '../report/index.js';
import { closedLoopConfig, closedLoopRuns, closedLoopSuite } from './closed-loop.js';
import { glycaemicOutcomes } from './glycaemic-outcomes.js';
import { runSuite } from './run-suite.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const silent = { write: () => true } as unknown as NodeJS.WritableStream;

async function quickRun(seed: number): Promise<{ dir: string; text: string; file: MetricsFile }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-eval-cl-'));
  dirs.push(dir);
  await runSuite(closedLoopSuite, { outDir: dir, seed, quick: true, progressStream: silent });
  const text = readFileSync(join(dir, 'metrics.json'), 'utf8');
  return { dir, text, file: MetricsFile.parse(JSON.parse(text)) };
}

type Arm = { severeHypoEvents: number; attackBlocked: number; attackRejected: number; attackCommands: number; meanTimeInRange: number; normalBlocked: number; normalBlockedFollowedByLow: number; normalWarned: number; normalWarnedFollowedByLow: number };
type PerAttack = Record<string, { noGate: Arm; rulesGate: Arm; coveredWarnGate: Arm }>;

describe('glycaemicOutcomes', () => {
  it('counts an event only after 15 consecutive minutes below 54', () => {
    const trace = [...Array(14).fill(50), 100, ...Array(15).fill(50), 100, ...Array(40).fill(40)];
    const o = glycaemicOutcomes(trace);
    expect(o.severeHypoEvents).toBe(2);
    expect(o.minutesBelow54).toBe(69);
    expect(o.minGlucoseMgDl).toBe(40);
  });
});

describe('eval closed-loop --quick', () => {
  it('the gate prevents severe hypos the ungated overdose attacks cause, rejects outside-limit boluses, and is reproducible', async () => {
    const first = await quickRun(11);
    const per = first.file.metrics.perAttack as unknown as PerAttack;
    const overdose = ['bolus-tamper-outside-limits', 'bolus-tamper-inside-limits', 'bolus-during-low', 'basal-manipulation-sudden'];
    const ungated = overdose.reduce((s, a) => s + per[a]!.noGate.severeHypoEvents, 0);
    const gated = overdose.reduce((s, a) => s + per[a]!.rulesGate.severeHypoEvents, 0);
    expect(ungated).toBeGreaterThan(0);
    expect(gated).toBeLessThan(ungated);
    const outside = per['bolus-tamper-outside-limits']!.rulesGate;
    expect(outside.attackRejected).toBe(outside.attackCommands);
    expect(per.none!.noGate.attackCommands).toBe(0);
    expect(per.none!.rulesGate.meanTimeInRange).toBeGreaterThan(0.5);
    // Only a gate holds commands; what it held and the no-gate arm delivered is a subset of what it held.
    expect(per.none!.noGate.normalBlockedFollowedByLow).toBe(0);
    expect(per.none!.rulesGate.normalBlockedFollowedByLow).toBeLessThanOrEqual(per.none!.rulesGate.normalBlocked);
    // The shipped gate never warns; the warn arm differs from it only where it warned (none in this quick run).
    for (const arms of Object.values(per)) {
      expect(arms.rulesGate.normalWarned).toBe(0);
      expect(arms.coveredWarnGate.normalWarned).toBe(0);
      expect(arms.coveredWarnGate).toEqual(arms.rulesGate);
    }
    for (const plot of first.file.plots) checkSvg(readFileSync(join(first.dir, plot), 'utf8'));
    expect(first.file.plots).toContain('severe-hypos.svg');

    const again = await quickRun(11);
    const strip = (text: string) => ({ ...JSON.parse(text), run: null });
    expect(strip(again.text)).toEqual(strip(first.text));
  });
});

describe('the gate.coveredBolusPredictedHypo = warn arm', () => {
  it('delivers, with a warning, a carb-covered bolus the shipped gate holds (adult#003, no attack, seed 42: one such bolus)', () => {
    const config = { ...closedLoopConfig(true), patients: ['adult#003'], attacks: ['none' as const], days: 1 };
    const runs = closedLoopRuns(config, 42);
    const arm = (name: string) => runs.find((r) => r.arm === name)!;
    expect(runs.map((r) => r.arm)).toEqual(['noGate', 'rulesGate', 'coveredWarnGate']);
    const hold = arm('rulesGate');
    const warn = arm('coveredWarnGate');
    expect(hold.normalWarned).toBe(0);
    expect(warn.normalWarned).toBe(1);
    expect(hold.falseHoldReasons).toContain('REASON_PREDICTED_HYPOGLYCAEMIA');
    const warnedId = [...warn.answers].find(([, a]) => a.verdict === 'ALLOW' && a.reasons.includes('REASON_PREDICTED_HYPOGLYCAEMIA'))![0];
    expect(hold.answers.get(warnedId)?.verdict).toBe('HOLD');
    expect(warn.day.commands.find((c) => c.commandId === warnedId)?.kind).toBe('BOLUS');
  });

  it('refuses an unknown patient', () => {
    expect(() => closedLoopRuns({ ...closedLoopConfig(true), patients: ['adult#999'] }, 42)).toThrow(/unknown virtual patient 'adult#999'/);
  });
});
