import { mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { runCli } from '../../common/cli/index.js';
import { datasetsCommands } from '../cli.js';
import { ATTACK_TYPES, AttackLabel, CgmReading, DoseCommand, type AttackType } from '../records.js';
import { FAULT_TYPES } from '../attacks/plan.js';
import { InfusionTelemetry } from '../infusion/telemetry.js';
import { CohortConfigSchema } from './cohort-config.js';
import { GenerationAbortedError, STREAM_FILES, generateCohort, type CohortManifest } from './generate-cohort.js';

const root = mkdtempSync(path.join(tmpdir(), 'vigil-generate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function sink() {
  let text = '';
  return { stream: { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream, text: () => text };
}

async function generate(name: string, config: Record<string, unknown> | string | null): Promise<{ code: number; out: string; stdout: string; stderr: string }> {
  const out = path.join(root, name);
  const args = ['datasets', 'generate', '--out', out];
  if (config !== null) {
    const file = path.join(root, `${name}.${typeof config === 'string' ? 'yaml' : 'json'}`);
    writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
    args.push('--config', file);
  }
  const stdout = sink();
  const stderr = sink();
  const code = await runCli([datasetsCommands], args, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, out, stdout: stdout.text(), stderr: stderr.text() };
}

const lines = <T>(file: string, parse: (value: unknown) => T): T[] =>
  readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => parse(JSON.parse(line)));

const BASE = { seed: 11, days: 2, patientsPerSite: 2 };
const NO_FAULTS = ATTACK_TYPES.filter((t) => !FAULT_TYPES.includes(t));
let full: Awaited<ReturnType<typeof generate>>;

beforeAll(async () => {
  full = await generate('full', { ...BASE, attackRatePerPatientDay: 2.5 });
}, 60_000);

describe('vigil datasets generate', () => {
  it('writes every stream per site, a manifest with sha256 and counts, and a summary', () => {
    expect(full.code).toBe(0);
    expect(full.stdout).toMatch(/16 patient-days/);
    const manifest = JSON.parse(readFileSync(path.join(full.out, 'manifest.json'), 'utf8')) as CohortManifest;
    expect(manifest.sites.map((s) => s.kind)).toEqual(['childrens-hospital', 'adult-clinic', 'home-care', 'icu']);
    for (const site of manifest.sites) {
      expect(readdirSync(path.join(full.out, site.directory)).sort()).toEqual([...STREAM_FILES].sort());
      const cgm = readFileSync(path.join(full.out, site.directory, 'cgm.jsonl'));
      expect(site.files['cgm.jsonl'].bytes).toBe(cgm.length);
      expect(site.files['cgm.jsonl'].records).toBe(cgm.toString().split('\n').filter(Boolean).length);
    }
    const icu = manifest.sites.find((s) => s.kind === 'icu')!;
    expect(icu.files['infusion.jsonl'].records).toBeGreaterThan(0);
    InfusionTelemetry.parse(lines(path.join(full.out, 'icu', 'infusion.jsonl'), (v) => v)[0]);
    const home = manifest.sites.find((s) => s.kind === 'home-care')!;
    expect(home.files['regimens.jsonl'].records).toBeGreaterThan(0);
    expect(existsSync(path.join(full.out, 'summary.json'))).toBe(true);
  });

  it('gives every device its own random key, not derived from the serial', () => {
    const devices = readdirSync(full.out, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => lines(path.join(full.out, d.name, 'devices.jsonl'), (v) => v as { asconKeyHex: string; deviceId: string }));
    expect(new Set(devices.map((d) => d.asconKeyHex)).size).toBe(devices.length);
    for (const device of devices) expect(device.asconKeyHex).not.toContain(device.deviceId.split('-')[1]);
  });

  it('labels every attack and fault type in the cohort', () => {
    const labels = readdirSync(full.out, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => lines(path.join(full.out, d.name, 'labels.jsonl'), AttackLabel.parse));
    const types = new Set<AttackType>(labels.map((l) => l.type));
    expect([...ATTACK_TYPES].filter((t) => !types.has(t))).toEqual([]);
  });

  it('is deterministic: the same seed and config give byte-identical files', async () => {
    const again = await generate('again', { ...BASE, attackRatePerPatientDay: 2.5 });
    for (const site of ['childrens-hospital', 'icu', 'home-care']) {
      for (const file of STREAM_FILES) expect(readFileSync(path.join(again.out, site, file)).equals(readFileSync(path.join(full.out, site, file)))).toBe(true);
    }
    expect(readFileSync(path.join(again.out, 'manifest.json'), 'utf8')).toBe(readFileSync(path.join(full.out, 'manifest.json'), 'utf8'));
  }, 60_000);

  it('label windows cover every record an attack changed (diffed against the same cohort without attacks)', async () => {
    const clean = await generate('clean', { ...BASE, attackRatePerPatientDay: 0 });
    const attacked = await generate('attacked', { ...BASE, attackRatePerPatientDay: 3, attackTypes: NO_FAULTS });
    let changedRecords = 0;
    for (const site of ['childrens-hospital', 'adult-clinic', 'home-care', 'icu']) {
      const labels = lines(path.join(attacked.out, site, 'labels.jsonl'), AttackLabel.parse);
      const covered = (deviceId: string, t: number) => labels.some((l) => l.deviceId === deviceId && t >= l.startMs && t <= l.endMs);
      const before = lines(path.join(clean.out, site, 'cgm.jsonl'), CgmReading.parse);
      const after = lines(path.join(attacked.out, site, 'cgm.jsonl'), CgmReading.parse);
      expect(after).toHaveLength(before.length);
      after.forEach((r, i) => {
        if (r.glucoseMgDl === before[i]!.glucoseMgDl) return;
        changedRecords++;
        expect(covered(r.deviceId, r.timestampMs)).toBe(true);
      });
      const cleanCommands = new Map(lines(path.join(clean.out, site, 'commands.jsonl'), DoseCommand.parse).map((c) => [c.commandId, c]));
      const attackIds = new Set(labels.flatMap((l) => l.commandIds));
      for (const command of lines(path.join(attacked.out, site, 'commands.jsonl'), DoseCommand.parse)) {
        const original = cleanCommands.get(command.commandId);
        const changed = original === undefined || JSON.stringify({ ...original, counter: 0 }) !== JSON.stringify({ ...command, counter: 0 });
        if (changed) {
          changedRecords++;
          expect(attackIds.has(command.commandId)).toBe(true);
        }
        if (attackIds.has(command.commandId)) {
          const label = labels.find((l) => l.commandIds.includes(command.commandId))!;
          expect(command.issuedAtMs).toBeGreaterThanOrEqual(label.startMs);
          expect(command.issuedAtMs).toBeLessThanOrEqual(label.endMs);
        }
      }
      const cleanEvents = new Set(readFileSync(path.join(clean.out, site, 'pillbox-events.jsonl'), 'utf8').split('\n'));
      for (const line of readFileSync(path.join(attacked.out, site, 'pillbox-events.jsonl'), 'utf8').split('\n').filter(Boolean)) {
        if (!cleanEvents.has(line)) {
          const event = JSON.parse(line) as { deviceId: string; timestampMs: number };
          expect(covered(event.deviceId, event.timestampMs)).toBe(true);
        }
      }
    }
    expect(changedRecords).toBeGreaterThan(100);
  }, 60_000);

  it('writes CSV copies of the flat streams with a header and one row per record when csv is set', async () => {
    const result = await generate('csv', { seed: 3, days: 1, patientsPerSite: 1, csv: true, sites: ['icu', 'home-care'] });
    expect(result.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(result.out, 'manifest.json'), 'utf8')) as CohortManifest;
    for (const site of manifest.sites) {
      const csv = readFileSync(path.join(result.out, site.directory, 'cgm.csv'), 'utf8').split('\n').filter(Boolean);
      expect(csv[0]).toBe('patientId,deviceId,timestampMs,glucoseMgDl');
      expect(csv.length - 1).toBe(site.files['cgm.jsonl'].records);
      expect(site.files['cgm.csv']!.records).toBe(site.files['cgm.jsonl'].records);
    }
    const infusionHeader = readFileSync(path.join(result.out, 'icu', 'infusion.csv'), 'utf8').split('\n')[0];
    expect(infusionHeader).toContain('linePressureMmHg');
  });

  it('works without a config (defaults), with environment overrides', async () => {
    process.env['VIGIL_DATASETS__DAYS'] = '1';
    process.env['VIGIL_DATASETS__PATIENTS_PER_SITE'] = '1';
    try {
      const result = await generate('defaults', null);
      expect(result.code).toBe(0);
      const manifest = JSON.parse(readFileSync(path.join(result.out, 'manifest.json'), 'utf8')) as CohortManifest;
      expect(manifest.seed).toBe('vigil');
      expect(manifest.config.days).toBe(1);
      expect(manifest.sites).toHaveLength(4);
    } finally {
      delete process.env['VIGIL_DATASETS__DAYS'];
      delete process.env['VIGIL_DATASETS__PATIENTS_PER_SITE'];
    }
  });

  it('stops when aborted and leaves nothing on disk', async () => {
    const controller = new AbortController();
    const out = path.join(root, 'aborted');
    const progress = { update: (done: number) => (done === 2 ? controller.abort() : undefined), finish: () => undefined };
    await expect(generateCohort(CohortConfigSchema.parse({ days: 1, patientsPerSite: 2 }), out, { progress, signal: controller.signal })).rejects.toBeInstanceOf(GenerationAbortedError);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(root).some((name) => name.includes('aborted.partial'))).toBe(false);
  });

  it('rejects a bad config key with one line and exit 2, writing nothing', async () => {
    const result = await generate('bad', { ...BASE, patientsPerSight: 3 });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/unknown key 'patientsPerSight'/);
    expect(existsSync(result.out)).toBe(false);
    expect(readdirSync(root).some((name) => name.includes('bad.partial'))).toBe(false);
  });

  it('rejects a bad value and a non-empty output directory with exit 2', async () => {
    const badValue = await generate('bad-value', 'days: 0\n');
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/days/);
    expect(existsSync(badValue.out)).toBe(false);
    const reuse = await generate('full', { ...BASE });
    expect(reuse.code).toBe(2);
    expect(reuse.stderr).toMatch(/not empty/);
  });
});
