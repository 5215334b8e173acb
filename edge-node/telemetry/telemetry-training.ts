/**
 * The telemetry autoencoder of a site, trained on its own recorded streams (a `datasets generate` site
 * directory): windows ending every `everyMinutes` built with models/ telemetryWindowFeatures — the
 * function ScoreTelemetry serves through (stored-window.ts) — split by time (the last `holdoutDays` days
 * calibrate the threshold). Windows overlapping a labelled CGM spoof or a sensor or pump fault are kept
 * apart: never trained on, used only to report detection. `vigil edge train-telemetry` writes the
 * artifact; an edge node deploys it with `models.telemetry` in its config.
 */
import { InvalidArgumentError } from '../../common/errors/index.js';
import { readSiteStream } from '../../datasets/loaders.js';
import type { AttackType, CgmReading, HeartRateSample, PatientProfile, PumpTelemetry } from '../../datasets/records.js';
import {
  AnomalyScorer, autoencoderConfig, buildModelCard, saveModelArtifact, TELEMETRY_WINDOW_MINUTES, TELEMETRY_WINDOW_SPEC,
  inTelemetryWindow, telemetryWindowFeatures, type AutoencoderScoring,
} from '../../models/index.js';
import { selectBackend, trainLocal } from '../../models/training.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Labelled attacks and faults that show in telemetry rather than in dose commands. */
export const TELEMETRY_FAULT_TYPES: ReadonlySet<AttackType> = new Set(['cgm-spoof-constant', 'cgm-spoof-replay', 'cgm-spoof-drift', 'cgm-spoof-spikes', 'sensor-fault', 'pump-fault']);

/** Feature rows, row-major. */
export interface TelemetryRowSet {
  rows: Float32Array;
  count: number;
}

/** A site's telemetry windows. */
export interface TelemetryRows {
  train: TelemetryRowSet;
  holdout: TelemetryRowSet;
  /** Windows overlapping a labelled telemetry attack or fault (any time before `untilMs`). */
  faults: TelemetryRowSet;
  patients: number;
  /** Windows end before this (the option, or just after the site's last CGM reading). */
  untilMs: number;
}

function byPatient<T extends { patientId: string; timestampMs: number }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(item.patientId) ?? [];
    list.push(item);
    out.set(item.patientId, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.timestampMs - b.timestampMs);
  return out;
}

function rowSet(rows: readonly Float32Array[]): TelemetryRowSet {
  const width = TELEMETRY_WINDOW_SPEC.features.length;
  const flat = new Float32Array(rows.length * width);
  rows.forEach((row, i) => flat.set(row, i * width));
  return { rows: flat, count: rows.length };
}

/** @returns whether every feature of `row` is finite and inside the spec's range (what the scorer accepts). */
function servable(row: Float32Array): boolean {
  return TELEMETRY_WINDOW_SPEC.features.every((f, j) => Number.isFinite(row[j]!) && row[j]! >= f.min && row[j]! <= f.max);
}

/**
 * Builds the site's telemetry windows from streams recorded before `untilMs` (default: all of them).
 * @throws InvalidArgumentError when the directory has no profiles or no CGM, or (from the readers) naming
 * the file and line of a malformed record.
 */
export async function loadTelemetryRows(siteDir: string, options: { untilMs?: number; holdoutDays: number; everyMinutes: number }): Promise<TelemetryRows> {
  const [profiles, cgm, pump, heartRate, labels] = await Promise.all([
    readSiteStream(siteDir, 'profiles'), readSiteStream(siteDir, 'cgm'), readSiteStream(siteDir, 'pump'), readSiteStream(siteDir, 'heart-rate'), readSiteStream(siteDir, 'labels'),
  ]);
  if (profiles.length === 0 || cgm.length === 0) throw new InvalidArgumentError([{ field: 'siteData', description: `${siteDir} has no profiles.jsonl or cgm.jsonl (a \`vigil datasets generate\` site directory is expected)` }]);
  const untilMs = options.untilMs ?? cgm.reduce((latest, r) => Math.max(latest, r.timestampMs), 0) + 1;
  const holdoutFromMs = untilMs - options.holdoutDays * DAY_MS;
  const streams = { cgm: byPatient<CgmReading>(cgm), pump: byPatient<PumpTelemetry>(pump), heartRate: byPatient<HeartRateSample>(heartRate) };
  const faults = labels.filter((l) => TELEMETRY_FAULT_TYPES.has(l.type));
  const out = { train: [] as Float32Array[], holdout: [] as Float32Array[], faults: [] as Float32Array[] };
  for (const profile of profiles as PatientProfile[]) {
    const own = { cgm: streams.cgm.get(profile.patientId) ?? [], pump: streams.pump.get(profile.patientId) ?? [], heartRate: streams.heartRate.get(profile.patientId) ?? [] };
    if (own.cgm.length === 0) continue;
    const patientFaults = faults.filter((l) => l.patientId === profile.patientId);
    const firstEnd = own.cgm[0]!.timestampMs + TELEMETRY_WINDOW_MINUTES * MINUTE_MS;
    const lastEnd = Math.min(untilMs, own.cgm.at(-1)!.timestampMs + 1);
    const step = options.everyMinutes * MINUTE_MS;
    for (let endMs = Math.ceil(firstEnd / step) * step; endMs <= lastEnd; endMs += step) {
      const fromMs = endMs - TELEMETRY_WINDOW_MINUTES * MINUTE_MS;
      const row = telemetryWindowFeatures({ profile, endMs, cgm: inTelemetryWindow(own.cgm, endMs), pump: inTelemetryWindow(own.pump, endMs), heartRate: inTelemetryWindow(own.heartRate, endMs) });
      if (!servable(row)) continue;
      if (patientFaults.some((l) => l.startMs < endMs && l.endMs >= fromMs)) out.faults.push(row);
      else (endMs > holdoutFromMs ? out.holdout : out.train).push(row);
    }
  }
  return { train: rowSet(out.train), holdout: rowSet(out.holdout), faults: rowSet(out.faults), patients: profiles.length, untilMs };
}

/** What {@link trainSiteTelemetryModel} wrote and measured. */
export interface TelemetryTrainingReport {
  directory: string;
  version: string;
  rows: { train: number; holdout: number; faults: number };
  /** Share of held-out normal windows over the threshold. */
  holdoutFalseAlarmRate: number;
  /** Share of labelled fault windows over the threshold (null when the site has none). */
  faultDetectionRate: number | null;
  backend: string;
}

function flaggedShare(scorer: AnomalyScorer, set: TelemetryRowSet): number {
  const width = TELEMETRY_WINDOW_SPEC.features.length;
  let flagged = 0;
  for (let i = 0; i < set.count; i++) if (scorer.score(set.rows.subarray(i * width, (i + 1) * width)).anomalous) flagged++;
  return flagged / Math.max(1, set.count);
}

/**
 * Trains the site's telemetry autoencoder and writes its artifact (with its model card) to `outDir`.
 * @returns what was written and measured. @throws InvalidArgumentError when there are too few windows.
 */
export async function trainSiteTelemetryModel(options: { siteDir: string; outDir: string; untilMs?: number; holdoutDays: number; everyMinutes: number; targetFalseAlarmRate: number; epochs: number; seed: number; progress?: (note: string) => void }): Promise<TelemetryTrainingReport> {
  options.progress?.('reading the site\'s CGM, pump and heart-rate streams');
  const data = await loadTelemetryRows(options.siteDir, options);
  if (data.train.count < 50 || data.holdout.count < 20) {
    throw new InvalidArgumentError([{ field: 'siteData', description: `too few telemetry windows before ${new Date(data.untilMs).toISOString()}: ${data.train.count} to train (need 50) and ${data.holdout.count} held out (need 20); record more days or lower --holdout-days` }]);
  }
  const backend = await selectBackend();
  options.progress?.(`training on ${data.train.count} windows (${data.holdout.count} held out, ${data.faults.count} fault windows kept apart) on the ${backend} backend`);
  const width = TELEMETRY_WINDOW_SPEC.features.length;
  const trained = await trainLocal({
    kind: 'telemetry-autoencoder', data: { train: data.train.rows, holdout: data.holdout.rows }, epochs: options.epochs, seed: options.seed,
    net: autoencoderConfig(width), targetFalseAlarmRate: options.targetFalseAlarmRate,
  });
  const scoring = trained.scoring as AutoencoderScoring;
  const scorer = new AnomalyScorer(TELEMETRY_WINDOW_SPEC, trained.normalisation, trained.net, trained.weights, scoring);
  const holdoutFalseAlarmRate = flaggedShare(scorer, data.holdout);
  const faultDetectionRate = data.faults.count > 0 ? flaggedShare(scorer, data.faults) : null;
  const described = { description: `site streams in ${options.siteDir} before ${new Date(data.untilMs).toISOString()}, windows every ${options.everyMinutes} min`, patients: data.patients };
  const version = saveModelArtifact(options.outDir, {
    kind: 'telemetry-autoencoder', spec: TELEMETRY_WINDOW_SPEC, normalisation: trained.normalisation, net: trained.net, weights: trained.weights, scoring,
    card: buildModelCard({
      kind: 'telemetry-autoencoder', name: 'telemetry-window autoencoder (site)', spec: TELEMETRY_WINDOW_SPEC, net: trained.net, weights: trained.weights, backend,
      metrics: [
        { name: 'held-out normal windows over the threshold (false-alarm rate)', value: holdoutFalseAlarmRate },
        ...(faultDetectionRate === null ? [] : [{ name: 'labelled fault and CGM-spoof windows over the threshold (detection rate)', value: faultDetectionRate }]),
        { name: 'validation reconstruction loss', value: trained.metrics.validationLoss ?? trained.metrics.trainLoss },
      ],
      threshold: { value: scoring.threshold, targetFalseAlarmRate: options.targetFalseAlarmRate },
      trainingData: { ...described, rows: data.train.count },
      evaluationData: { ...described, description: `${described.description}; the last ${options.holdoutDays} days (normal) and labelled fault windows`, rows: data.holdout.count + data.faults.count },
    }),
  });
  return {
    directory: options.outDir, version, rows: { train: data.train.count, holdout: data.holdout.count, faults: data.faults.count },
    holdoutFalseAlarmRate, faultDetectionRate, backend,
  };
}
