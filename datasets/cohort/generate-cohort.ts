/**
 * Writes a generated cohort to a directory: per site, one JSONL file per stream (and optionally CSV
 * copies of the flat ones); at the top, a manifest
 * (seed, config, record counts, sizes and SHA-256 of every file) and a summary. Patients are simulated
 * one after another and each day is written as soon as it exists, so memory stays bounded however many
 * patient-days are asked for. Files are written into a temporary sibling directory that is renamed into
 * place at the end: a failed run leaves nothing behind.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRandom } from '../random.js';
import { loadVirtualPatients, type VirtualPatient } from '../patient/params.js';
import { CgmReading, DoseOutcome, HeartRateSample, PillboxEvent, PumpTelemetry, type AttackType, type SiteKind } from '../records.js';
import { InfusionTelemetry } from '../infusion/telemetry.js';
import { InvalidArgumentError, VigilError } from '../../common/errors/index.js';
import type { Progress } from '../../common/cli/index.js';
import { patientsAt, startMsOf, type CohortConfig } from './cohort-config.js';
import { simulateCohortPatient, type PatientDayRecords } from './cohort-patient.js';
import { CohortSummaryBuilder, type CohortSummary } from './cohort-summary.js';
import { CsvFileWriter, JsonlFileWriter, type FileDigest } from './stream-writers.js';

/** The per-site stream files, in manifest order. */
export const STREAM_FILES = [
  'profiles.jsonl', 'devices.jsonl', 'regimens.jsonl', 'commands.jsonl', 'cgm.jsonl', 'pump.jsonl', 'heart-rate.jsonl',
  'infusion.jsonl', 'pillbox-events.jsonl', 'dose-outcomes.jsonl', 'labels.jsonl', 'carbs.jsonl',
] as const;
/** Name of one per-site stream file. */
export type StreamFile = (typeof STREAM_FILES)[number];

/** Flat streams that also get a CSV copy when `config.csv` is set, with their columns. */
export const CSV_STREAMS = {
  'cgm.csv': Object.keys(CgmReading.shape),
  'pump.csv': Object.keys(PumpTelemetry.shape),
  'heart-rate.csv': Object.keys(HeartRateSample.shape),
  'infusion.csv': Object.keys(InfusionTelemetry.shape),
  'pillbox-events.csv': Object.keys(PillboxEvent.shape),
  'dose-outcomes.csv': Object.keys(DoseOutcome.shape),
} as const;
/** Name of one per-site CSV file. */
export type CsvFile = keyof typeof CSV_STREAMS;
type CsvWriters = Record<CsvFile, CsvFileWriter> | null;

/** The manifest.json of a generated directory. */
export interface CohortManifest {
  format: 'vigil-datasets/1';
  seed: string | number;
  config: CohortConfig;
  startMs: number;
  sites: { kind: SiteKind; directory: string; patients: number; files: Record<StreamFile, FileDigest> & Partial<Record<CsvFile, FileDigest>> }[];
  /** Attack and fault labels per type, over all sites. */
  attacksByType: Partial<Record<AttackType, number>>;
}

/** Options of {@link generateCohort}. */
export interface GenerateOptions {
  progress?: Progress;
  virtualPatients?: readonly VirtualPatient[];
  /** Aborting stops after the current patient-day and removes everything written so far. */
  signal?: AbortSignal;
}

/** Thrown when {@link GenerateOptions.signal} aborts a run (nothing is left on disk). */
export class GenerationAbortedError extends VigilError {
  constructor() {
    super('ABORTED', 'generation interrupted; nothing written');
  }
}

/** Lets signal handlers run between patient-days: generation is otherwise synchronous CPU work. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** @returns the total number of patient-days a config asks for. */
export function patientDaysOf(config: CohortConfig): number {
  return config.sites.reduce((sum, kind) => sum + patientsAt(config, kind) * config.days, 0);
}

function writeDay(writers: Record<StreamFile, JsonlFileWriter>, day: PatientDayRecords): void {
  if (day.profile) writers['profiles.jsonl'].write(day.profile);
  writers['devices.jsonl'].writeAll(day.devices);
  if (day.regimen) writers['regimens.jsonl'].write(day.regimen);
  writers['commands.jsonl'].writeAll(day.commands);
  writers['cgm.jsonl'].writeAll(day.cgm);
  writers['pump.jsonl'].writeAll(day.pump);
  writers['heart-rate.jsonl'].writeAll(day.heartRate);
  writers['infusion.jsonl'].writeAll(day.infusion);
  writers['pillbox-events.jsonl'].writeAll(day.pillboxEvents);
  writers['dose-outcomes.jsonl'].writeAll(day.doseOutcomes);
  writers['labels.jsonl'].writeAll(day.labels);
  writers['carbs.jsonl'].writeAll(day.carbs);
}

function writeCsvDay(writers: CsvWriters, day: PatientDayRecords): void {
  if (writers === null) return;
  writers['cgm.csv'].writeAll(day.cgm);
  writers['pump.csv'].writeAll(day.pump);
  writers['heart-rate.csv'].writeAll(day.heartRate);
  writers['infusion.csv'].writeAll(day.infusion);
  writers['pillbox-events.csv'].writeAll(day.pillboxEvents);
  writers['dose-outcomes.csv'].writeAll(day.doseOutcomes);
}

/**
 * Generates the cohort `config` describes into `outDir`.
 * @returns the manifest and the summary. @throws InvalidArgumentError when `outDir` exists and is not
 * an empty directory, GenerationAbortedError when `signal` aborts; nothing is written in either case.
 */
export async function generateCohort(config: CohortConfig, outDir: string, options: GenerateOptions = {}): Promise<{ manifest: CohortManifest; summary: CohortSummary }> {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new InvalidArgumentError([{ field: '--out', description: `${outDir} exists and is not empty` }]);
  const startMs = startMsOf(config);
  const virtualPatients = options.virtualPatients ?? loadVirtualPatients();
  const staging = path.join(path.dirname(path.resolve(outDir)), `.${path.basename(outDir)}.partial-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const root = createRandom(config.seed);
    const usage = new Map<AttackType, number>();
    const summary = new CohortSummaryBuilder();
    const manifest: CohortManifest = { format: 'vigil-datasets/1', seed: config.seed, config, startMs, sites: [], attacksByType: {} };
    const total = patientDaysOf(config);
    let done = 0;
    for (const kind of config.sites) {
      const directory = kind;
      mkdirSync(path.join(staging, directory));
      const writers = Object.fromEntries(STREAM_FILES.map((file) => [file, new JsonlFileWriter(path.join(staging, directory, file))])) as Record<StreamFile, JsonlFileWriter>;
      const csvWriters: CsvWriters = config.csv
        ? Object.fromEntries(Object.entries(CSV_STREAMS).map(([file, columns]) => [file, new CsvFileWriter(path.join(staging, directory, file), columns)])) as Record<CsvFile, CsvFileWriter>
        : null;
      const patients = patientsAt(config, kind);
      for (let i = 0; i < patients; i++) {
        const random = root.fork(`${kind}/patient-${i}`);
        for (const day of simulateCohortPatient({ config, siteKind: kind, virtualPatients, random, usage, startMs })) {
          writeDay(writers, day);
          writeCsvDay(csvWriters, day);
          summary.addDay(day);
          options.progress?.update(++done, `${kind} patient ${i + 1}/${patients}`);
          await yieldToEventLoop();
          if (options.signal?.aborted) throw new GenerationAbortedError();
        }
        summary.endPatient();
      }
      const files = Object.fromEntries([
        ...STREAM_FILES.map((file) => [file, writers[file].close()] as const),
        ...Object.entries(csvWriters ?? {}).map(([file, writer]) => [file, writer.close()] as const),
      ]) as Record<StreamFile, FileDigest> & Partial<Record<CsvFile, FileDigest>>;
      manifest.sites.push({ kind, directory, patients, files });
    }
    const built = summary.build();
    manifest.attacksByType = built.attacksByType;
    writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(path.join(staging, 'summary.json'), `${JSON.stringify(built, null, 2)}\n`);
    if (existsSync(outDir)) rmSync(outDir, { recursive: true }); // empty, checked above
    mkdirSync(path.dirname(path.resolve(outDir)), { recursive: true });
    renameSync(staging, outDir);
    options.progress?.finish();
    return { manifest, summary: built };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
