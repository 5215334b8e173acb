import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../common/cli/index.js';
import { runCliCaptured } from '../../common/cli/testing.js';
import { silentLogger } from '../../common/log/index.js';
import { CohortConfigSchema, generateCohort } from '../../datasets/index.js';
import { readRecords, STREAM_SCHEMAS } from '../../datasets/loaders.js';
import { loadModelArtifact, TELEMETRY_WINDOW_SPEC, type AnomalyScorer } from '../../models/index.js';
import { edgeCommands } from '../cli.js';
import { EdgeConfigSchema } from '../config.js';
import { deployConfiguredModels } from './configured-model.js';
import { loadTelemetryRows, TELEMETRY_FAULT_TYPES } from './telemetry-training.js';

const root = mkdtempSync(join(tmpdir(), 'vigil-telemetry-training-'));
const cohort = join(root, 'cohort');
const site = join(cohort, 'icu');
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await generateCohort(CohortConfigSchema.parse({ seed: 'telemetry-training', days: 3, patientsPerSite: { icu: 2 }, attackRatePerPatientDay: 1, attackTypes: ['cgm-spoof-constant', 'sensor-fault', 'pump-fault'] }), cohort);
}, 60_000);

const vigil = (...argv: string[]) => runCliCaptured([edgeCommands], argv);

describe('telemetry training rows', () => {
  it('splits windows by time, keeps labelled fault windows apart, and only keeps rows the scorer accepts', async () => {
    const rows = await loadTelemetryRows(site, { holdoutDays: 1, everyMinutes: 30 });
    const width = TELEMETRY_WINDOW_SPEC.features.length;
    // 2 patients × ~3 days of windows every 30 min (the first hour has no full window).
    expect(rows.train.count + rows.holdout.count + rows.faults.count).toBeGreaterThan(2 * 3 * 48 * 0.8);
    expect(rows.holdout.count).toBeGreaterThan(2 * 40);
    expect(rows.train.rows.length).toBe(rows.train.count * width);
    const labels = [];
    for await (const l of readRecords(join(site, 'labels.jsonl'), STREAM_SCHEMAS.labels)) if (TELEMETRY_FAULT_TYPES.has(l.type)) labels.push(l);
    expect(labels.length).toBeGreaterThan(0);
    expect(rows.faults.count).toBeGreaterThan(0);
    for (const set of [rows.train, rows.holdout, rows.faults]) {
      for (let j = 0; j < set.rows.length; j++) {
        const f = TELEMETRY_WINDOW_SPEC.features[j % width]!;
        expect(set.rows[j]! >= f.min && set.rows[j]! <= f.max).toBe(true);
      }
    }
    // An earlier cut-off moves the held-out days earlier and leaves fewer windows.
    const earlier = await loadTelemetryRows(site, { untilMs: rows.untilMs - 86_400_000, holdoutDays: 1, everyMinutes: 30 });
    expect(earlier.train.count + earlier.holdout.count).toBeLessThan(rows.train.count + rows.holdout.count);
  });

  it('refuses a directory that is not a site', async () => {
    await expect(loadTelemetryRows(root, { holdoutDays: 1, everyMinutes: 30 })).rejects.toThrow(/no profiles.jsonl or cgm.jsonl/);
  });
});

describe('vigil edge train-telemetry and models.telemetry', () => {
  const out = join(root, 'telemetry-model');

  it('trains, writes a verified artifact with its card, and a node deploys it from its config', async () => {
    const { code, stdout, stderr } = await vigil('edge', 'train-telemetry', '--site-data', site, '--out', out, '--holdout-days', '1', '--every-minutes', '20', '--epochs', '2');
    expect(stderr).toMatch(/training on \d+ windows/);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/wrote .* \d+ windows trained, \d+ held out \(false alarms [\d.]+%\), \d+ fault windows \(flagged [\d.]+%\)/);
    const model = loadModelArtifact(out);
    expect(model.kind).toBe('telemetry-autoencoder');
    expect(model.card.metrics.map((m) => m.name)).toEqual(expect.arrayContaining([expect.stringMatching(/false-alarm rate/), expect.stringMatching(/detection rate/)]));
    expect(model.card.vigil.threshold?.targetFalseAlarmRate).toBe(0.01);

    const deployed: { version: string; scorer: AnomalyScorer }[] = [];
    deployConfiguredModels(EdgeConfigSchema.parse({ models: { telemetry: out } }), { deployTelemetryModel: (m) => void deployed.push(m!) }, silentLogger());
    expect(deployed.map((d) => d.version)).toEqual([model.version]);
    expect(deployed[0]!.scorer.scoring.threshold).toBe(model.card.vigil.threshold?.value);
    deployConfiguredModels(EdgeConfigSchema.parse({}), { deployTelemetryModel: () => { throw new Error('nothing configured'); } }, silentLogger());
  }, 120_000);

  it('a node refuses to start believing in a model it does not have: missing directory, wrong kind', () => {
    const noop = { deployTelemetryModel: () => undefined };
    expect(() => deployConfiguredModels(EdgeConfigSchema.parse({ models: { telemetry: join(root, 'nope') } }), noop, silentLogger())).toThrow(/cannot read model.json/);
  });

  it('refuses bad options with the flag named', async () => {
    expect((await vigil('edge', 'train-telemetry', '--out', out)).stderr).toMatch(/--site-data/);
    expect((await vigil('edge', 'train-telemetry', '--site-data', site, '--out', out, '--until', 'yesterday')).stderr).toMatch(/--until/);
    expect((await vigil('edge', 'train-telemetry', '--site-data', site, '--out', out, '--false-alarm-rate', '2')).stderr).toMatch(/--false-alarm-rate/);
    const tooFew = await vigil('edge', 'train-telemetry', '--site-data', site, '--out', out, '--until', '2000-01-01T00:00:00Z');
    expect(tooFew.code).not.toBe(EXIT.OK);
    expect(tooFew.stderr).toMatch(/too few telemetry windows/);
  });
});
