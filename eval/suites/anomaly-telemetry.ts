/**
 * Telemetry through the three detectors: every `step` minutes a 60-minute window of one patient's CGM,
 * insulin-pump telemetry and heart rate is judged by (1) the conventional CGM alarms (fixed low/high limits,
 * signal loss), (2) the edge node's ScoreTelemetry domain with no model (scoreTelemetryWindow: physical
 * plausibility rules) and (3) the same with the telemetry autoencoder over the telemetry-window features
 * (models/ telemetryWindowFeatures, the one feature code path) of the same 60 minutes.
 *
 * ScoreTelemetry takes one sample a minute (proto TelemetryWindow); the gateway here turns the sensor's
 * 1/3/5-minute readings into that series by linear interpolation across gaps of at most 15 minutes (0 =
 * missing beyond), and takes the commanded delivery from the pump's programmed commands (a fault-free
 * replica of datasets' InsulinPump executing them).
 */
import { loadPumpParams, InsulinPump } from '../../datasets/devices/insulin-pump.js';
import { createRandom } from '../../datasets/random.js';
import type { CgmReading, DoseCommand, HeartRateSample, PatientProfile, PumpTelemetry } from '../../datasets/records.js';
import type { TelemetryWindowInput } from '../../edge-node/telemetry/plausibility.js';
import { scoreTelemetryWindow } from '../../edge-node/telemetry/telemetry-scorer.js';
import { inTelemetryWindow, TELEMETRY_WINDOW_MINUTES, TELEMETRY_WINDOW_SPEC, telemetryWindowFeatures, type AnomalyScorer } from '../../models/index.js';
import type { StaticAlarms } from './anomaly-config.js';

const MINUTE_MS = 60_000;
/** Readings further apart than this are not interpolated (the minutes between them are missing). */
const MAX_INTERPOLATION_GAP_MINUTES = 15;

/** One patient's telemetry records over [startMs, startMs + minutes). */
export interface TelemetryRecords {
  profile: PatientProfile;
  pumpModel: string;
  startMs: number;
  minutes: number;
  cgm: readonly CgmReading[];
  pump: readonly PumpTelemetry[];
  heartRate: readonly HeartRateSample[];
  /** The insulin-pump commands the pump executed (its programmed delivery), in issue order. */
  pumpCommands: readonly DoseCommand[];
}

/** Per-step results of one patient's telemetry: flags of the three detectors and the autoencoder score. */
export interface TelemetryFlags {
  /** End of each window (epoch ms). */
  endMs: Float64Array;
  static: Uint8Array;
  rules: Uint8Array;
  gate: Uint8Array;
  /** Telemetry autoencoder score (NaN when the row could not be scored). */
  score: Float32Array;
}

function interpolatedCgm(records: TelemetryRecords): Float32Array {
  const out = new Float32Array(records.minutes);
  const valid = records.cgm.filter((r) => r.glucoseMgDl !== null) as { timestampMs: number; glucoseMgDl: number }[];
  const indexOf = (ms: number) => Math.floor((ms - records.startMs) / MINUTE_MS);
  for (let k = 0; k < valid.length; k++) {
    const a = valid[k]!;
    const i = indexOf(a.timestampMs);
    if (i >= 0 && i < out.length) out[i] = a.glucoseMgDl;
    const b = valid[k + 1];
    if (!b) continue;
    const j = indexOf(b.timestampMs);
    if (j - i > MAX_INTERPOLATION_GAP_MINUTES) continue;
    for (let m = Math.max(i + 1, 0); m < Math.min(j, out.length); m++) out[m] = a.glucoseMgDl + ((b.glucoseMgDl - a.glucoseMgDl) * (m - i)) / (j - i);
  }
  return out;
}

let pumpModels: ReturnType<typeof loadPumpParams> | null = null;

/** @returns what the pump was programmed to push each minute (U), from its executed commands. */
function commandedPerMinute(records: TelemetryRecords): Float32Array {
  const params = (pumpModels ??= loadPumpParams()).get(records.pumpModel);
  if (!params) throw new RangeError(`unknown pump model '${records.pumpModel}'`);
  const pump = new InsulinPump(params, createRandom('anomaly/commanded'));
  const out = new Float32Array(records.minutes);
  let next = 0;
  for (let m = 0; m < records.minutes; m++) {
    const nowMs = records.startMs + m * MINUTE_MS;
    while (next < records.pumpCommands.length && records.pumpCommands[next]!.issuedAtMs < nowMs + MINUTE_MS) {
      const command = records.pumpCommands[next++]!;
      pump.execute(command.issuedAtMs < nowMs ? { ...command, issuedAtMs: nowMs } : command);
    }
    out[m] = pump.tick(nowMs).pushedU;
  }
  return out;
}

function perMinute<T extends { timestampMs: number }>(records: TelemetryRecords, items: readonly T[], value: (item: T) => number): Float32Array {
  const out = new Float32Array(records.minutes);
  for (const item of items) {
    const m = Math.floor((item.timestampMs - records.startMs) / MINUTE_MS);
    if (m >= 0 && m < out.length) out[m] = value(item);
  }
  return out;
}

/** A patient's telemetry as one sample a minute from startMs (0 = missing), as ScoreTelemetry takes it. */
export interface MinuteSeries {
  cgm: Float32Array;
  deliveredU: Float32Array;
  commandedU: Float32Array;
  linePressureKpa: Float32Array;
  heartRateBpm: Float32Array;
}

/** @returns the per-minute series of a patient's records. */
export function minuteSeries(records: TelemetryRecords): MinuteSeries {
  return {
    cgm: interpolatedCgm(records),
    commandedU: commandedPerMinute(records),
    deliveredU: perMinute(records, records.pump, (p) => p.deliveredU),
    linePressureKpa: perMinute(records, records.pump, (p) => p.occlusionPressureKpa),
    heartRateBpm: perMinute(records, records.heartRate, (h) => h.beatsPerMinute),
  };
}

/** @returns the ScoreTelemetry window of the 60 minutes starting at minute `from` of the series. */
export function windowInput(series: MinuteSeries, from: number): TelemetryWindowInput {
  const pick = (values: Float32Array) => Array.from(values.subarray(from, from + TELEMETRY_WINDOW_MINUTES));
  return { cgmMgDl: pick(series.cgm), deliveredU: pick(series.deliveredU), commandedU: pick(series.commandedU), linePressureKpa: pick(series.linePressureKpa), heartRateBpm: pick(series.heartRateBpm) };
}

/**
 * Judges every window of a patient's telemetry.
 * @param scorer the site's calibrated telemetry autoencoder (detector 3), or null to skip it.
 * @returns per-step flags and scores; windows start once 60 minutes of data exist.
 */
export function judgeTelemetry(records: TelemetryRecords, stepMinutes: number, alarms: StaticAlarms, scorer: AnomalyScorer | null): TelemetryFlags {
  const series = minuteSeries(records);
  const ends: number[] = [];
  for (let m = TELEMETRY_WINDOW_MINUTES; m <= records.minutes; m += stepMinutes) ends.push(records.startMs + m * MINUTE_MS);
  const width = TELEMETRY_WINDOW_SPEC.features.length;
  const rows = new Float32Array(ends.length * width);
  const rowValid = new Uint8Array(ends.length);
  ends.forEach((endMs, k) => {
    const row = telemetryWindowFeatures({ profile: records.profile, endMs, cgm: inTelemetryWindow(records.cgm, endMs), pump: inTelemetryWindow(records.pump, endMs), heartRate: inTelemetryWindow(records.heartRate, endMs) });
    if (row.every(Number.isFinite)) {
      rows.set(row, k * width);
      rowValid[k] = 1;
    }
  });
  const scores = new Float32Array(ends.length).fill(Number.NaN);
  if (scorer) {
    // validateFeatureRow refuses out-of-range rows; those windows go unscored (rules only), as in service.
    for (let k = 0; k < ends.length; k++) {
      if (!rowValid[k]) continue;
      try {
        scores[k] = scorer.score(rows.subarray(k * width, (k + 1) * width)).score;
      } catch {
        scores[k] = Number.NaN;
      }
    }
  }
  const flags: TelemetryFlags = { endMs: Float64Array.from(ends), static: new Uint8Array(ends.length), rules: new Uint8Array(ends.length), gate: new Uint8Array(ends.length), score: scores };
  const valid = records.cgm.filter((r) => r.glucoseMgDl !== null);
  let latest = 0; // index of the first valid reading at or after the current window end
  ends.forEach((endMs, k) => {
    const from = Math.round((endMs - records.startMs) / MINUTE_MS) - TELEMETRY_WINDOW_MINUTES;
    const input = { ...windowInput(series, from), patientId: records.profile.patientId, endAtMs: endMs };
    flags.rules[k] = scoreTelemetryWindow(`w${k}`, input, null).anomalous ? 1 : 0;
    const score = scores[k]!;
    const modelScorer = scorer && Number.isFinite(score) ? { version: 'anomaly-eval', threshold: scorer.scoring.threshold, score: () => ({ score, attributions: [] }) } : null;
    flags.gate[k] = scoreTelemetryWindow(`w${k}`, input, modelScorer).anomalous ? 1 : 0;
    // Conventional CGM alarms on the readings of the last step, and signal loss at the window's end.
    while (latest < valid.length && valid[latest]!.timestampMs < endMs) latest++;
    let alarm = latest === 0 ? false : endMs - valid[latest - 1]!.timestampMs > alarms.signalLossMinutes * MINUTE_MS;
    for (let i = latest - 1; i >= 0 && valid[i]!.timestampMs >= endMs - stepMinutes * MINUTE_MS; i--) {
      const g = valid[i]!.glucoseMgDl!;
      if (g < alarms.lowMgDl || g > alarms.highMgDl) alarm = true;
    }
    flags.static[k] = alarm ? 1 : 0;
  });
  return flags;
}
