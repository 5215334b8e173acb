/**
 * `vigil edge import DIR`: loads patients, devices and (optionally) pillbox regimens from a
 * `datasets generate` output (profiles.jsonl, devices.jsonl, regimens.jsonl), each line validated with
 * the records' zod schemas.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { InvalidArgumentError, zodViolations } from '../common/errors/index.js';
import { Device, PatientProfile, Regimen } from '../datasets/records.js';
import type { EdgeStore } from './store/edge-store.js';

function readJsonl<S extends z.ZodType>(file: string, schema: S): z.output<S>[] {
  const out: z.output<S>[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InvalidArgumentError([{ field: `${file}:${i + 1}`, description: 'is not JSON' }]);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new InvalidArgumentError(zodViolations(parsed.error).map((v) => ({ ...v, field: `${file}:${i + 1} ${v.field}` })));
    out.push(parsed.data);
  });
  return out;
}

/**
 * Imports a dataset directory into the store, all or nothing per file kind.
 * @returns how many patients, devices and regimens were loaded.
 * @throws InvalidArgumentError naming the file, line and field of the first invalid record, or a missing file.
 */
export function importDataset(store: EdgeStore, dir: string, nowMs: number): { patients: number; devices: number; regimens: number } {
  const profilesFile = join(dir, 'profiles.jsonl');
  const devicesFile = join(dir, 'devices.jsonl');
  for (const f of [profilesFile, devicesFile]) if (!existsSync(f)) throw new InvalidArgumentError([{ field: f, description: 'not found' }]);
  const profiles = readJsonl(profilesFile, PatientProfile);
  const devices = readJsonl(devicesFile, Device);
  const regimensFile = join(dir, 'regimens.jsonl');
  const regimens = existsSync(regimensFile) ? readJsonl(regimensFile, Regimen) : [];
  for (const p of profiles) store.upsertPatient(p, nowMs);
  for (const d of devices) store.upsertDevice(d, nowMs);
  for (const r of regimens) store.upsertRegimen(r);
  return { patients: profiles.length, devices: devices.length, regimens: regimens.length };
}
