/**
 * The four-site non-IID cohort of `datasets/` (children's hospital, adult clinic, home care, ICU), seeded and
 * small enough for eval, split by PATIENT into train / hold-out (calibration) / test, with the model rows of
 * every split built by the edge node's own code: each split's streams are written as a site directory and read
 * back with `loadSiteTrainingData` (PatientStateTracker → dose-context rows, pillbox events → matched doses →
 * adherence rows), exactly what a node trains on. Telemetry windows come from `telemetryWindowFeatures`.
 * Patients are simulated with `simulateCohortPatient`, seeded as `generateCohort` seeds them.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CohortConfigSchema, JsonlFileWriter, simulateCohortPatient, startMsOf, patientsAt, type CohortConfig } from '../../datasets/cohort/index.js';
import { RESTORING_ATTACK_TYPES } from '../../datasets/attacks/index.js';
import { createRandom } from '../../datasets/random.js';
import { loadVirtualPatients } from '../../datasets/patient/params.js';
import { SITE_KINDS, type AttackLabel, type AttackType, type CarbEntryRecord, type CgmReading, type DoseCommand, type HeartRateSample, type PatientProfile, type PillboxEvent, type PumpTelemetry, type Regimen, type SiteKind } from '../../datasets/records.js';
import { loadSiteTrainingData, type RowSet } from '../../edge-node/federation/site-training-data.js';
import { TELEMETRY_FAULT_TYPES } from '../../edge-node/telemetry/telemetry-training.js';
import { effectiveLimits } from '../../edge-node/gate/hard-limits.js';
import { ADHERENCE_HISTORY_SPEC, DOSE_CONTEXT_SPEC, TELEMETRY_WINDOW_MINUTES, TELEMETRY_WINDOW_SPEC, telemetryWindowFeatures, type AdherenceDataset, type ModelKind } from '../../models/index.js';
import { type LocalTrainingOptions } from '../../models/training.js';

export type { RowSet } from '../../edge-node/federation/site-training-data.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Dose attacks that stay inside the hard limits, so only context (the autoencoder, physiology) can catch them. */
export const CONTEXTUAL_ATTACK_TYPES = ['bolus-tamper-inside-limits', 'bolus-during-low', 'basal-manipulation-sudden', 'basal-manipulation-drift', 'suspend-attack'] as const satisfies readonly AttackType[];

/** A patient split. Patients never cross splits. */
export const PATIENT_SPLITS = ['train', 'holdout', 'test'] as const;
export type PatientSplit = (typeof PATIENT_SPLITS)[number];

/** Options of {@link buildSiteCohort}. */
export interface SiteCohortOptions {
  seed: number | string;
  patientsPerSite: number | Partial<Record<SiteKind, number>>;
  days: number;
  /** Attacks per patient-day (default 0.5). */
  attackRatePerPatientDay?: number;
  /** Injected types (default {@link CONTEXTUAL_ATTACK_TYPES}). */
  attackTypes?: readonly AttackType[];
  /** A telemetry window ends every this many minutes (default 60). */
  telemetryEveryMinutes?: number;
  startDate?: string;
}

/** The rows of one site's patients of one split. */
export interface SplitData {
  patients: number;
  pillboxPatients: number;
  /** Normal dose-context rows, and contextual in-limit attack commands scored in their context. */
  dose: { normal: RowSet; attacks: RowSet };
  /** Telemetry windows without, and overlapping, a labelled sensor/pump fault or CGM spoof. */
  telemetry: { normal: RowSet; faults: RowSet };
  adherence: AdherenceDataset & { count: number };
}

/** One site of the cohort. */
export interface CohortSite {
  site: SiteKind;
  patients: number;
  splits: Record<PatientSplit, SplitData>;
}

/** The cohort. */
export interface SiteCohort {
  config: CohortConfig;
  sites: CohortSite[];
  /** Contextual in-limit attack commands per type over all sites and splits. */
  attacksByType: Partial<Record<AttackType, number>>;
  generationSeconds: number;
}

interface PatientRecords {
  profile: PatientProfile;
  regimen: Regimen | null;
  commands: DoseCommand[];
  cgm: CgmReading[];
  carbs: CarbEntryRecord[];
  labels: AttackLabel[];
  pillboxEvents: PillboxEvent[];
  telemetryNormal: Float32Array[];
  telemetryFaults: Float32Array[];
}

/** Half of the patients train, a quarter calibrate, a quarter test; every split gets one from 3 patients on. */
const SPLIT_CYCLE: readonly PatientSplit[] = ['train', 'test', 'holdout', 'train'];

/** One cycle over pillbox patients first, then the others: adherence patients spread over the splits too. */
function assignSplits(patients: readonly PatientRecords[]): Map<PatientRecords, PatientSplit> {
  const ordered = [...patients.filter((p) => p.regimen !== null), ...patients.filter((p) => p.regimen === null)];
  return new Map(ordered.map((p, i) => [p, SPLIT_CYCLE[i % SPLIT_CYCLE.length]!]));
}

function simulatePatientRecords(config: CohortConfig, kind: SiteKind, index: number, usage: Map<AttackType, number>, everyMinutes: number): PatientRecords {
  const random = createRandom(config.seed).fork(`${kind}/patient-${index}`);
  const startMs = startMsOf(config);
  let patient: PatientRecords | null = null;
  let previous: { cgm: CgmReading[]; pump: PumpTelemetry[]; heartRate: HeartRateSample[] } | null = null;
  for (const day of simulateCohortPatient({ config, siteKind: kind, virtualPatients: virtualPatients(), random, usage, startMs })) {
    if (day.profile) patient = { profile: day.profile, regimen: day.regimen, commands: [], cgm: [], carbs: [], labels: [], pillboxEvents: [], telemetryNormal: [], telemetryFaults: [] };
    const p = patient!;
    p.commands.push(...day.commands);
    p.cgm.push(...day.cgm);
    p.carbs.push(...day.carbs);
    p.labels.push(...day.labels);
    p.pillboxEvents.push(...day.pillboxEvents);
    // Pump and heart-rate telemetry are per minute: keep only yesterday's tail for windows crossing midnight.
    const streams = { cgm: [...(previous?.cgm ?? []), ...day.cgm], pump: [...(previous?.pump ?? []), ...day.pump], heartRate: [...(previous?.heartRate ?? []), ...day.heartRate] };
    const dayStartMs = startMs + day.dayIndex * DAY_MS;
    const faults = p.labels.filter((l) => TELEMETRY_FAULT_TYPES.has(l.type));
    for (let minute = everyMinutes; minute <= 1440; minute += everyMinutes) {
      const endMs = dayStartMs + minute * MINUTE_MS;
      if (endMs - TELEMETRY_WINDOW_MINUTES * MINUTE_MS < startMs) continue;
      const row = telemetryWindowFeatures({ profile: p.profile, endMs, ...streams });
      if (!row.every(Number.isFinite)) continue;
      const faulty = faults.some((l) => l.startMs < endMs && l.endMs >= endMs - TELEMETRY_WINDOW_MINUTES * MINUTE_MS);
      (faulty ? p.telemetryFaults : p.telemetryNormal).push(row);
    }
    const tailFrom = dayStartMs + DAY_MS - TELEMETRY_WINDOW_MINUTES * MINUTE_MS;
    previous = { cgm: day.cgm.filter((r) => r.timestampMs >= tailFrom), pump: day.pump.filter((r) => r.timestampMs >= tailFrom), heartRate: day.heartRate.filter((r) => r.timestampMs >= tailFrom) };
  }
  return patient!;
}

let virtualPatientCache: ReturnType<typeof loadVirtualPatients> | null = null;
const virtualPatients = () => (virtualPatientCache ??= loadVirtualPatients());

/** @returns whether an attack command stays inside the patient's hard limits (stage 2 would let it through). */
function insideHardLimits(command: DoseCommand, profile: PatientProfile): boolean {
  const limits = effectiveLimits(profile);
  if (command.kind === 'BOLUS') return command.units <= limits.maxBolusU;
  if (command.kind === 'BASAL_RATE' || command.kind === 'TEMP_BASAL') return command.units <= limits.maxBasalUPerHour;
  return command.kind === 'SUSPEND';
}

/**
 * Commands a node's store would hold for this evaluation: normal commands and the contextual in-limit attack
 * commands. Other labelled commands (schedule restores, out-of-limit doses) are dropped: the node's loader
 * never lets a labelled command into the patient state anyway, so the normal rows are unchanged.
 */
function evaluatedCommands(patient: PatientRecords, counts: Partial<Record<AttackType, number>>): DoseCommand[] {
  const contextual = new Set<string>(CONTEXTUAL_ATTACK_TYPES);
  const byId = new Map(patient.commands.map((c) => [c.commandId, c]));
  const labelled = new Set(patient.labels.flatMap((l) => l.commandIds));
  const keep = new Set<string>();
  for (const label of patient.labels) {
    if (!contextual.has(label.type)) continue;
    const ids = RESTORING_ATTACK_TYPES.has(label.type) ? label.commandIds.slice(0, -1) : label.commandIds;
    for (const id of ids) {
      const command = byId.get(id);
      if (!command || !insideHardLimits(command, patient.profile)) continue;
      keep.add(id);
      counts[label.type] = (counts[label.type] ?? 0) + 1;
    }
  }
  return patient.commands.filter((c) => !labelled.has(c.commandId) || keep.has(c.commandId));
}

function writeStream(dir: string, name: string, records: readonly unknown[]): void {
  const writer = new JsonlFileWriter(join(dir, `${name}.jsonl`));
  for (const record of records) writer.write(record);
  writer.close();
}

function toRowSet(rows: readonly Float32Array[], width: number): RowSet {
  const flat = new Float32Array(rows.length * width);
  rows.forEach((row, i) => flat.set(row, i * width));
  return { rows: flat, count: rows.length };
}

/** @returns the row-major blocks `parts` joined into one array. */
export function concatRows(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

async function splitData(dir: string, patients: readonly PatientRecords[], untilMs: number, counts: Partial<Record<AttackType, number>>): Promise<SplitData> {
  mkdirSync(dir, { recursive: true });
  writeStream(dir, 'profiles', patients.map((p) => p.profile));
  writeStream(dir, 'regimens', patients.flatMap((p) => (p.regimen ? [p.regimen] : [])));
  writeStream(dir, 'commands', patients.flatMap((p) => evaluatedCommands(p, counts)));
  writeStream(dir, 'cgm', patients.flatMap((p) => p.cgm));
  writeStream(dir, 'carbs', patients.flatMap((p) => p.carbs));
  writeStream(dir, 'labels', patients.flatMap((p) => p.labels));
  writeStream(dir, 'pillbox-events', patients.flatMap((p) => p.pillboxEvents));
  // No hold-out days: the patient split is the hold-out here, so every row lands in `train` (adherence rows
  // whose 7-day label window reaches past the data are dropped by the loader, as on a node).
  const loaded = await loadSiteTrainingData(dir, { untilMs, holdoutDays: 0 });
  const adherence = { rows: concatRows([loaded.adherence.train.rows, loaded.adherence.holdout.rows]), labels: concatRows([loaded.adherence.train.labels, loaded.adherence.holdout.labels]) };
  return {
    patients: patients.length,
    pillboxPatients: patients.filter((p) => p.regimen !== null).length,
    dose: { normal: { rows: concatRows([loaded.dose.train.rows, loaded.dose.holdout.rows]), count: loaded.dose.train.count + loaded.dose.holdout.count }, attacks: loaded.dose.attacks },
    telemetry: { normal: toRowSet(patients.flatMap((p) => p.telemetryNormal), TELEMETRY_WINDOW_SPEC.features.length), faults: toRowSet(patients.flatMap((p) => p.telemetryFaults), TELEMETRY_WINDOW_SPEC.features.length) },
    adherence: { ...adherence, count: adherence.labels.length / 2 },
  };
}

async function generate(options: SiteCohortOptions): Promise<SiteCohort> {
  const started = performance.now();
  const config = CohortConfigSchema.parse({
    seed: options.seed, days: options.days, patientsPerSite: options.patientsPerSite,
    attackRatePerPatientDay: options.attackRatePerPatientDay ?? 0.5, attackTypes: [...(options.attackTypes ?? CONTEXTUAL_ATTACK_TYPES)],
    ...(options.startDate ? { startDate: options.startDate } : {}),
  });
  const untilMs = startMsOf(config) + config.days * DAY_MS;
  const usage = new Map<AttackType, number>(); // shared across the cohort, as generateCohort shares it
  const scratch = mkdtempSync(join(tmpdir(), 'vigil-site-cohort-'));
  const attacksByType: Partial<Record<AttackType, number>> = {};
  try {
    const sites: CohortSite[] = [];
    for (const site of config.sites) {
      const patients = Array.from({ length: patientsAt(config, site) }, (_, i) => simulatePatientRecords(config, site, i, usage, options.telemetryEveryMinutes ?? 60));
      const assigned = assignSplits(patients);
      const splits = {} as Record<PatientSplit, SplitData>;
      for (const split of PATIENT_SPLITS) splits[split] = await splitData(join(scratch, site, split), patients.filter((p) => assigned.get(p) === split), untilMs, attacksByType);
      sites.push({ site, patients: patients.length, splits });
    }
    return { config, sites, attacksByType, generationSeconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const cache = new Map<string, Promise<SiteCohort>>();

/**
 * Builds (or returns this process's cached copy of) the cohort. Same options → the same rows.
 * @returns every site with its three patient splits. @throws whatever the simulator or loader throws (not cached).
 */
export function buildSiteCohort(options: SiteCohortOptions): Promise<SiteCohort> {
  const key = JSON.stringify({ ...options, attackTypes: options.attackTypes ?? null });
  let pending = cache.get(key);
  if (!pending) {
    pending = generate(options);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

/** The reference cohort the federation's genesis is fitted on (as eval/demo/genesis.ts: own seed, 2 patients per site, ≥ 21 days). */
export function referenceCohort(seed: number | string): Promise<SiteCohort> {
  return buildSiteCohort({ seed: `${seed}/reference`, patientsPerSite: 2, days: 21, attackRatePerPatientDay: 0.2 });
}

/** @returns the feature width of a model kind. */
export function widthOf(kind: ModelKind): number {
  return kind === 'dose-autoencoder' ? DOSE_CONTEXT_SPEC.features.length : kind === 'telemetry-autoencoder' ? TELEMETRY_WINDOW_SPEC.features.length : ADHERENCE_HISTORY_SPEC.features.length;
}

/** Rows a model kind trains on from one split: normal rows for autoencoders, rows and labels for adherence. */
export function splitRows(kind: ModelKind, split: SplitData): Float32Array | AdherenceDataset {
  if (kind === 'adherence-risk') return { rows: split.adherence.rows, labels: split.adherence.labels };
  return kind === 'dose-autoencoder' ? split.dose.normal.rows : split.telemetry.normal.rows;
}

/** @returns how many rows (samples) `data` holds for `kind`. */
export function rowCount(kind: ModelKind, data: Float32Array | AdherenceDataset): number {
  return (data instanceof Float32Array ? data.length : data.rows.length) / widthOf(kind);
}

function pool(kind: ModelKind, parts: readonly (Float32Array | AdherenceDataset)[]): Float32Array | AdherenceDataset {
  if (kind !== 'adherence-risk') return concatRows(parts as Float32Array[]);
  const sets = parts as AdherenceDataset[];
  return { rows: concatRows(sets.map((s) => s.rows)), labels: concatRows(sets.map((s) => s.labels)) };
}

/** @returns what trainLocal takes for one site: its train patients, and its hold-out patients for calibration. */
export function siteTrainingData(kind: ModelKind, site: CohortSite): LocalTrainingOptions['data'] {
  return { train: splitRows(kind, site.splits.train), holdout: splitRows(kind, site.splits.holdout) } as LocalTrainingOptions['data'];
}

/** @returns the sites' training data pooled (centralised training). */
export function pooledTrainingData(kind: ModelKind, sites: readonly CohortSite[]): LocalTrainingOptions['data'] {
  return { train: pool(kind, sites.map((s) => splitRows(kind, s.splits.train))), holdout: pool(kind, sites.map((s) => splitRows(kind, s.splits.holdout))) } as LocalTrainingOptions['data'];
}

/** @returns one split's rows of a kind pooled over sites (e.g. every site's test patients). */
export function pooledSplit(kind: ModelKind, sites: readonly CohortSite[], split: PatientSplit): Float32Array | AdherenceDataset {
  return pool(kind, sites.map((s) => splitRows(kind, s.splits[split])));
}

/** @returns the kinds a site can train (autoencoders need ≥ 20 train and ≥ 5 hold-out rows; adherence ≥ 10 and ≥ 4, as trainLocal requires). */
export function canTrain(kind: ModelKind, site: CohortSite): boolean {
  const train = rowCount(kind, splitRows(kind, site.splits.train));
  const holdout = rowCount(kind, splitRows(kind, site.splits.holdout));
  return kind === 'adherence-risk' ? train >= 10 && holdout >= 4 : train >= 20 && holdout >= 5;
}

export { SITE_KINDS };
