import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadVirtualPatients } from '../../datasets/patient/params.js';
import { createRandom } from '../../datasets/random.js';
import type { CgmReading, PumpTelemetry } from '../../datasets/records.js';
import { buildPatientProfile } from '../../datasets/therapy/profile.js';
import { checkSvg } from '../plots/svg-check.js';
import { MetricsFile } from '../report/index.js';
import { anomalyConfig, STAGE3_POLICY_OPTIONS } from './anomaly-config.js';
import { evaluationPatients } from './anomaly-cohort.js';
import { judgeCommands, staticCommandAlarm } from './anomaly-commands.js';
import { stage3Option, stage3RulesFlag } from './anomaly-metrics.js';
import { scoredCommand, type ScoredCommand } from './anomaly-outcomes.js';
import { DEFAULT_PHYSIOLOGY } from '../../edge-node/gate/physiology.js';
import { judgeTelemetry } from './anomaly-telemetry.js';
import { anomalySuite } from './anomaly.js';
import { runSuite } from './run-suite.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const silent = { write: () => true } as unknown as NodeJS.WritableStream;

async function quickRun(seed: number): Promise<{ dir: string; text: string; file: MetricsFile }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-eval-anomaly-'));
  dirs.push(dir);
  await runSuite(anomalySuite, { outDir: dir, seed, quick: true, progressStream: silent });
  const text = readFileSync(join(dir, 'metrics.json'), 'utf8');
  return { dir, text, file: MetricsFile.parse(JSON.parse(text)) };
}

type Rate = { value: number; lower: number; upper: number };
type OnType = { detected: number; detectionRate: Rate; commandsFlagged: number };
interface Metrics {
  patients: number;
  patientDays: number;
  attackTypes: { type: string; stream: string; attacks: number; detectors: Record<string, OnType> }[];
  falseAlarms: Record<string, { perPatientDay: Rate; insulinFalseFlagRate: Rate; commandsPerPatientDay: number; telemetryAlarmsPerPatientDay: number }>;
  contextual: {
    commands: number; normalCommands: number; detectors: Record<string, { commandDetectionRate: Rate }>; auroc: { gate: number };
    rulesStagesFalseFlagRate: number;
    stage3Options: { name: string; rulesFalseFlagRate: number; detectionRate: number; falseFlagRate: number; released: number; releasedFollowedByLow: number }[];
  };
}

const profile = buildPatientProfile(loadVirtualPatients().find((p) => p.name === 'adult#001')!, { random: createRandom('anomaly-test') });
const START = Date.UTC(2025, 2, 3);

describe('anomaly detectors', () => {
  it('static thresholds alarm above the configured max bolus and max basal only', () => {
    const command = { commandId: 'c', patientId: profile.patientId, deviceId: 'pump', issuerId: 'app', counter: 1, issuedAtMs: START, durationMinutes: 0 };
    expect(staticCommandAlarm({ ...command, kind: 'BOLUS', units: profile.limits.maxBolusU * 1.01 }, profile)).toBe(true);
    expect(staticCommandAlarm({ ...command, kind: 'BOLUS', units: profile.limits.maxBolusU }, profile)).toBe(false);
    expect(staticCommandAlarm({ ...command, kind: 'TEMP_BASAL', units: profile.limits.maxBasalUPerHour + 0.05, durationMinutes: 30 }, profile)).toBe(true);
    expect(staticCommandAlarm({ ...command, kind: 'SUSPEND', units: 0, durationMinutes: 600 }, profile)).toBe(false);
  });

  it('telemetry: a frozen CGM trips the plausibility rules, signal loss and a low trip the static alarms', () => {
    const minutes = 6 * 60;
    // 0–2 h varying, 2–3 h frozen at 120, 3–4 h no readings, 4–6 h falling to 60 mg/dL.
    const cgm: CgmReading[] = [];
    for (let m = 0; m < minutes; m += 5) {
      const glucose = m < 120 ? 130 + 10 * Math.sin(m / 17) : m < 180 ? 120 : m < 240 ? null : 120 - (m - 240) / 2;
      cgm.push({ patientId: profile.patientId, deviceId: 'cgm', timestampMs: START + m * 60_000, glucoseMgDl: glucose });
    }
    const pump: PumpTelemetry[] = Array.from({ length: minutes }, (_, m) => ({ patientId: profile.patientId, deviceId: 'pump', timestampMs: START + m * 60_000, deliveredU: 0, reservoirU: 150, occlusionPressureKpa: 8, doseCounter: 0 }));
    const flags = judgeTelemetry({ profile, pumpModel: 'Insulet', startMs: START, minutes, cgm, pump, heartRate: [], pumpCommands: [] }, 5, anomalyConfig(true).staticAlarms, null);
    const at = (minute: number) => flags.endMs.indexOf(START + minute * 60_000);
    expect(flags.rules[at(115)]).toBe(0);
    expect(flags.rules[at(175)]).toBe(1); // frozen for 55 minutes
    expect(flags.static[at(175)]).toBe(0);
    expect(flags.static[at(200)]).toBe(1); // no reading for 20 minutes
    expect(flags.static[at(355)]).toBe(1); // 65 mg/dL at 05:50 < 70
    expect(flags.gate).toEqual(flags.rules); // no model: the full gate is the rules
  });
});

describe('stage-3 policy options', () => {
  const row = (positive: boolean, ruleReasons: string[], margin: number, followedByLow: boolean | null = null, coveredBolus = false): ScoredCommand => ({
    positive, site: 's', patientId: 'p', attackId: positive ? 'a' : null, type: null, static: false, rules: ruleReasons.length > 0, gate: ruleReasons.length > 0 || margin > 0,
    gateRulesFlag: ruleReasons.length > 0, ruleReasons, followedByLow: positive ? null : followedByLow, coveredBolus, margin, pooledMargin: margin,
  });
  const HYPO = 'REASON_PREDICTED_HYPOGLYCAEMIA';
  const FALLING = 'REASON_GLUCOSE_FALLING_FAST';
  const positives = [row(true, [HYPO], -1), row(true, [], 2), row(true, [HYPO, FALLING], -1), row(true, [], -1)];
  const negatives = [row(false, [HYPO], -1, true), row(false, [HYPO], 1, false), row(false, [HYPO, FALLING], -1, false), row(false, ['REASON_GLUCOSE_BELOW_HYPO_THRESHOLD', HYPO], -1, true), ...Array.from({ length: 396 }, () => row(false, [], -1))];

  it('as deployed, reproduces the gate; a warning-only finding releases what nothing else flags', () => {
    const deployed = stage3Option({ name: 'deployed', advisory: [], coveredOnly: false }, positives, negatives, 0.01);
    expect(deployed).toMatchObject({ rulesFalseFlagRate: 4 / 400, detectionRate: 3 / 4, falseFlagRate: 4 / 400, released: 0, releasedFollowedByLow: 0 });
    const hypo = stage3Option({ name: 'hypo', advisory: [HYPO], coveredOnly: false }, positives, negatives, 0.01);
    // Released: the first normal row only (the second is held by the model, the third still falls fast, the fourth is a REJECT).
    expect(hypo).toMatchObject({ rulesFalseFlagRate: 2 / 400, detectionRate: 2 / 4, falseFlagRate: 3 / 400, released: 1, releasedFollowedByLow: 1 });
    const both = stage3Option({ name: 'both', advisory: [HYPO, FALLING], coveredOnly: false }, positives, negatives, 0.01);
    expect(both).toMatchObject({ rulesFalseFlagRate: 1 / 400, detectionRate: 1 / 4, falseFlagRate: 2 / 400, released: 2, releasedFollowedByLow: 1 });
  });

  it('covered-only: a warning-only finding releases carb-covered boluses and nothing else', () => {
    const covered = [row(false, [HYPO], -1, true, true), row(false, [HYPO], -1, false, false), row(false, [HYPO, FALLING], -1, false, true), ...Array.from({ length: 397 }, () => row(false, [], -1))];
    const attacks = [row(true, [HYPO], -1, null, false), row(true, [HYPO], -1, null, true)];
    const option = stage3Option({ name: 'covered', advisory: [HYPO], coveredOnly: true }, attacks, covered, 0.01);
    expect(option).toMatchObject({ rulesFalseFlagRate: 2 / 400, detectionRate: 1 / 2, released: 1, releasedFollowedByLow: 1 });
  });

  it('reports the oracle detection only when the rules leave room under the target', () => {
    expect(stage3Option({ name: 'deployed', advisory: [], coveredOnly: false }, positives, negatives, 0.005).detectionAtTargetFalseFlagRate).toBeNaN();
    expect(stage3Option({ name: 'both', advisory: [HYPO, FALLING], coveredOnly: false }, positives, negatives, 0.01).detectionAtTargetFalseFlagRate).toBeGreaterThanOrEqual(1 / 4);
  });
});

describe('a stage-3 option recomputed post hoc against the gate run with its setting', () => {
  it('gate.coveredBolusPredictedHypo = warn holds exactly the normal commands the recomputation says', () => {
    const option = STAGE3_POLICY_OPTIONS.find((o) => o.setting === 'gate.coveredBolusPredictedHypo = warn')!;
    const recomputed = stage3RulesFlag(option);
    let compared = 0;
    let released = 0;
    let heldAttacks = 0;
    for (const patient of evaluationPatients(anomalyConfig(true), 3)) for (const stream of [patient.normal.commands, patient.attacked.commands]) {
      // Normal commands enter the patient state whatever their verdict; an attack command only when
      // allowed, and warn allows none here (no attack is a carb-covered bolus), so both runs see the same state.
      const hold = judgeCommands(stream, null);
      const warn = judgeCommands(stream, null, { ...DEFAULT_PHYSIOLOGY, coveredBolusPredictedHypo: 'warn' });
      expect(warn).toHaveLength(hold.length);
      hold.forEach((h, i) => {
        if (h.kind === 'INFUSION_RATE' || h.kind === 'INFUSION_BOLUS') return;
        const w = warn[i]!;
        expect(w.gate !== 'ALLOW').toBe(recomputed(scoredCommand(h, h.role === 'attack', patient, 0, 0, null)));
        compared++;
        if (h.role === 'attack' && h.reasons.includes('REASON_PREDICTED_HYPOGLYCAEMIA')) heldAttacks++;
        if (h.gate !== 'ALLOW' && w.gate === 'ALLOW') {
          released++;
          expect(w.reasons).toContain('REASON_PREDICTED_HYPOGLYCAEMIA');
        }
      });
    }
    expect(compared).toBeGreaterThan(100);
    // Not vacuous: warn released some normal boluses, and attack commands with a predicted low were compared.
    expect(released).toBeGreaterThan(0);
    expect(heldAttacks).toBeGreaterThan(0);
  }, 120_000);
});

describe('eval anomaly --quick', () => {
  it('compares the three detectors per attack type on the same data, reproducibly', async () => {
    const first = await quickRun(7);
    const m = first.file.metrics as unknown as Metrics;
    const type = (name: string) => m.attackTypes.find((t) => t.type === name);
    // The sanity check: in-limit contextual attacks pass the static thresholds, the gate catches them.
    expect(m.contextual.commands).toBeGreaterThan(10);
    expect(m.contextual.detectors.static!.commandDetectionRate.value).toBe(0);
    expect(m.contextual.detectors.gate!.commandDetectionRate.value).toBeGreaterThan(0.3);
    for (const name of ['bolus-during-low', 'bolus-tamper-inside-limits']) {
      const t = type(name)!;
      expect(t.detectors.static!.detected).toBe(0);
      expect(t.detectors.gate!.detected).toBeGreaterThan(0);
    }
    // Out-of-limit boluses: every detector flags them; replays and forgeries only the authenticating gate.
    const outside = type('bolus-tamper-outside-limits')!;
    for (const d of ['static', 'rules', 'gate']) expect(outside.detectors[d]!.detected).toBe(outside.attacks);
    for (const name of ['replayed-command', 'forged-command']) {
      const t = type(name)!;
      expect(t.detectors.static!.detected).toBe(0);
      expect(t.detectors.rules!.detected).toBe(t.attacks);
    }
    // False alarms: finite, non-negative; the model can only add flags to the rules on attack-free traffic.
    for (const d of ['static', 'rules', 'gate']) {
      const f = m.falseAlarms[d]!;
      for (const v of [f.perPatientDay.value, f.commandsPerPatientDay, f.telemetryAlarmsPerPatientDay, f.insulinFalseFlagRate.value]) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
      }
    }
    expect(m.falseAlarms.gate!.insulinFalseFlagRate.value).toBeGreaterThanOrEqual(m.falseAlarms.rules!.insulinFalseFlagRate.value);
    expect(m.contextual.auroc.gate).toBeGreaterThan(0.6);
    // Stage-3 options: the first is the gate as deployed; each later one warns on more findings, so holds less.
    const [deployed, ...relaxed] = m.contextual.stage3Options;
    expect(deployed!.detectionRate).toBeCloseTo(m.contextual.detectors.gate!.commandDetectionRate.value, 12);
    expect(deployed!.falseFlagRate).toBeCloseTo(m.falseAlarms.gate!.insulinFalseFlagRate.value, 12);
    expect(deployed!.rulesFalseFlagRate).toBeCloseTo(m.contextual.rulesStagesFalseFlagRate, 12);
    expect(deployed!.released).toBe(0);
    let previous = deployed!;
    for (const option of relaxed) {
      expect(option.rulesFalseFlagRate).toBeLessThanOrEqual(previous.rulesFalseFlagRate);
      expect(option.falseFlagRate).toBeLessThanOrEqual(previous.falseFlagRate);
      expect(option.releasedFollowedByLow).toBeLessThanOrEqual(option.released);
      previous = option;
    }
    expect(m.attackTypes.filter((t) => t.stream === 'telemetry').length).toBeGreaterThanOrEqual(5);
    // Outputs well formed.
    expect(first.file.plots).toEqual(expect.arrayContaining(['detection-by-attack.svg', 'false-alarms.svg', 'roc-contextual.svg', 'pr-contextual.svg']));
    for (const plot of first.file.plots) checkSvg(readFileSync(join(first.dir, plot), 'utf8'));
    const report = readFileSync(join(first.dir, 'report.md'), 'utf8');
    expect(report).toMatch(/contextual target .* is \*\*(met|NOT met)\*\*/);
    expect(report).toContain('(roc-contextual.svg)');

    const again = await quickRun(7);
    const strip = (text: string) => ({ ...JSON.parse(text), run: null, measurements: null });
    expect(strip(again.text)).toEqual(strip(first.text));
  }, 240_000);
});
