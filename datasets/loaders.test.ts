import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CohortConfigSchema } from './cohort/cohort-config.js';
import { generateCohort } from './cohort/generate-cohort.js';
import { loadFrame, readManifest, readRecords, readStream } from './loaders.js';
import { CgmReading } from './records.js';

const root = mkdtempSync(path.join(tmpdir(), 'vigil-loaders-'));
const out = path.join(root, 'cohort');
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await generateCohort(CohortConfigSchema.parse({ seed: 'loaders', days: 1, patientsPerSite: 1, attackRatePerPatientDay: 1 }), out);
});

describe('loaders', () => {
  it('streams validated, typed records of a site', async () => {
    const manifest = await readManifest(out);
    let count = 0;
    for await (const reading of readStream(out, 'icu', 'cgm')) {
      expect(typeof reading.timestampMs).toBe('number');
      count++;
    }
    expect(count).toBe(manifest.sites.find((s) => s.kind === 'icu')!.files['cgm.jsonl'].records);
  });

  it('names file and line of a record that fails its schema', async () => {
    const bad = path.join(root, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ patientId: 'p-00000001', deviceId: 'c', timestampMs: 1, glucoseMgDl: 100 })}\n{"patientId":"bob"}\n`);
    const read = async () => {
      for await (const _ of readRecords(bad, CgmReading)) void _;
    };
    await expect(read()).rejects.toThrow(/bad\.jsonl:2: patientId/);
  });

  it('loads a stream over all sites into a DataFrame with a site column and flattened fields', async () => {
    const commands = await loadFrame(out, 'commands');
    expect(commands).not.toBeNull();
    expect(commands!.columns).toEqual(expect.arrayContaining(['site', 'commandId', 'kind', 'infusion.drugId', 'infusion.rateMlPerHour']));
    const sites = new Set(commands!['site'].values as string[]);
    expect(sites.size).toBe(4);
    const cgm = await loadFrame(out, 'cgm', { sites: ['adult-clinic'], limit: 50 });
    expect(cgm!.shape).toEqual([50, 5]);
  }, 30_000);
});
