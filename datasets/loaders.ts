/**
 * Readers of a `vigil datasets generate` directory. Two kinds:
 * - typed streaming readers (`readStream`, `readRecords`): async iterators that validate each line with
 *   the record's zod schema — what models/ and edge-node/ use; no danfojs, bounded memory;
 * - `loadFrame`: a whole stream as a danfojs DataFrame for analysis in datasets/ and eval/ only
 *   (danfojs is imported lazily, so importing this module never loads it into serving code).
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import type { DataFrame } from 'danfojs-node';
import { InvalidArgumentError } from '../common/errors/index.js';
import { AttackLabel, CarbEntryRecord, CgmReading, Device, DoseCommand, DoseOutcome, HeartRateSample, PatientProfile, PillboxEvent, PumpTelemetry, Regimen, type SiteKind } from './records.js';
import { InfusionTelemetry } from './infusion/telemetry.js';
import type { CohortManifest } from './cohort/generate-cohort.js';

/** The schema of each stream of a generated site directory (file = `<name>.jsonl`). */
export const STREAM_SCHEMAS = {
  profiles: PatientProfile,
  devices: Device,
  regimens: Regimen,
  commands: DoseCommand,
  cgm: CgmReading,
  pump: PumpTelemetry,
  'heart-rate': HeartRateSample,
  infusion: InfusionTelemetry,
  'pillbox-events': PillboxEvent,
  'dose-outcomes': DoseOutcome,
  labels: AttackLabel,
  carbs: CarbEntryRecord,
} as const;
/** Name of a stream. */
export type StreamName = keyof typeof STREAM_SCHEMAS;
/** The record type of a stream. */
export type StreamRecord<N extends StreamName> = z.output<(typeof STREAM_SCHEMAS)[N]>;

/**
 * Reads a JSONL file line by line, validating each record.
 * @returns an async iterator of parsed records. @throws InvalidArgumentError naming file and line of
 * the first line that is not JSON or fails the schema; the fs error when the file cannot be opened.
 */
export async function* readRecords<S extends z.ZodType>(file: string, schema: S): AsyncGenerator<z.output<S>, void, undefined> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InvalidArgumentError([{ field: `${file}:${lineNumber}`, description: 'is not valid JSON' }]);
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new InvalidArgumentError([{ field: `${file}:${lineNumber}`, description: `${issue?.path.join('.') || '(record)'}: ${issue?.message ?? 'invalid'}` }]);
    }
    yield result.data;
  }
}

/** @returns the records of one stream of one site, validated, in file order. */
export function readStream<N extends StreamName>(dir: string, site: SiteKind | string, stream: N): AsyncGenerator<StreamRecord<N>, void, undefined> {
  return readRecords(path.join(dir, site, `${stream}.jsonl`), STREAM_SCHEMAS[stream]) as AsyncGenerator<StreamRecord<N>, void, undefined>;
}

/**
 * @returns every record of one stream of one site directory (`<siteDir>/<stream>.jsonl`), validated,
 * in file order; none when the site has no such file. Holds the stream in memory: for a site's data.
 */
export async function readSiteStream<N extends StreamName>(siteDir: string, stream: N): Promise<StreamRecord<N>[]> {
  const file = path.join(siteDir, `${stream}.jsonl`);
  if (!existsSync(file)) return [];
  const out: StreamRecord<N>[] = [];
  for await (const record of readRecords(file, STREAM_SCHEMAS[stream])) out.push(record as StreamRecord<N>);
  return out;
}

/** @returns the manifest of a generated directory. @throws the fs or JSON error when it is missing or malformed. */
export async function readManifest(dir: string): Promise<CohortManifest> {
  return JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as CohortManifest;
}

/** Flattens nested objects to dotted columns; arrays become JSON text (DataFrames hold scalars). */
function flatten(record: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(record)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) out[column] = JSON.stringify(value);
    else if (value !== null && typeof value === 'object') flatten(value as Record<string, unknown>, column, out);
    else out[column] = value;
  }
  return out;
}

/** Options of {@link loadFrame}. */
export interface LoadFrameOptions {
  /** Sites to read (default: all in the manifest). */
  sites?: readonly string[];
  /** Stop after this many records (for a quick look at big streams). */
  limit?: number;
}

/**
 * Loads one stream of a generated directory, over its sites, into a danfojs DataFrame with a `site`
 * column; nested fields become dotted columns (`infusion.drugId`), missing ones null.
 * @returns the DataFrame, or null when the stream has no records. For analysis only: it holds the whole stream in memory.
 */
export async function loadFrame(dir: string, stream: StreamName, options: LoadFrameOptions = {}): Promise<DataFrame | null> {
  const sites = options.sites ?? (await readManifest(dir)).sites.map((s) => s.directory);
  const rows: Record<string, unknown>[] = [];
  const columns = new Set<string>(['site']);
  outer: for (const site of sites) {
    for await (const record of readStream(dir, site, stream)) {
      const row = { site, ...flatten(record as Record<string, unknown>) };
      for (const key of Object.keys(row)) columns.add(key);
      rows.push(row);
      if (options.limit !== undefined && rows.length >= options.limit) break outer;
    }
  }
  if (rows.length === 0) return null;
  const ordered = [...columns];
  const { DataFrame: Frame } = await import('danfojs-node');
  return new Frame(rows.map((row) => Object.fromEntries(ordered.map((c) => [c, row[c] ?? null]))));
}
