/**
 * Telemetry-window features: the last 60 minutes of CGM, pump delivery and heart rate in twelve 5-minute
 * bins, plus summary signals for sensor and pump faults (frozen or spiky CGM, occlusion pressure,
 * reservoir loss that delivery does not explain). Delivery is relative to the patient's own basal.
 */
import type { CgmReading, HeartRateSample, PatientProfile, PumpTelemetry } from '../../datasets/records.js';
import type { FeatureDefinition, FeatureSpec } from './feature-spec.js';
import { minuteOfDay, scheduledBasalUPerHour } from './insulin-on-board.js';

const MINUTE_MS = 60_000;
/** Window length and bin width. */
export const TELEMETRY_WINDOW_MINUTES = 60;
const BIN_MINUTES = 5;
const BINS = TELEMETRY_WINDOW_MINUTES / BIN_MINUTES;

/** The streams of one patient over a window ending at `endMs` (records outside it are ignored). */
export interface TelemetryWindow {
  profile: PatientProfile;
  endMs: number;
  cgm: readonly CgmReading[];
  pump: readonly PumpTelemetry[];
  heartRate: readonly HeartRateSample[];
  utcOffsetMinutes?: number;
}

function binned(prefix: string, human: string, min: number, max: number): FeatureDefinition[] {
  return Array.from({ length: BINS }, (_, k) => ({
    name: `${prefix}_${(BINS - k) * BIN_MINUTES}min_ago`,
    humanName: `${human} ${(BINS - k) * BIN_MINUTES - BIN_MINUTES}–${(BINS - k) * BIN_MINUTES} min ago`,
    min,
    max,
  }));
}

/** The telemetry-window feature spec. */
export const TELEMETRY_WINDOW_SPEC: FeatureSpec = {
  id: 'telemetry-window',
  version: 1,
  features: [
    ...binned('cgm', 'CGM glucose', -3, 12),
    ...binned('delivery', 'insulin delivered (log ratio to basal)', 0, 20),
    ...binned('heart_rate', 'heart rate', -10, 20),
    { name: 'cgm_missing_fraction', humanName: 'share of 5-min bins without a CGM reading', min: 0, max: 1 },
    { name: 'cgm_roughness', humanName: 'CGM point-to-point variability', min: 0, max: 100 },
    { name: 'cgm_max_jump', humanName: 'largest CGM jump between readings', min: 0, max: 100 },
    { name: 'cgm_flat_fraction', humanName: 'share of CGM readings identical to the previous one', min: 0, max: 1 },
    { name: 'occlusion_pressure_max', humanName: 'highest occlusion pressure', min: -10, max: 100 },
    { name: 'reservoir_unexplained_loss', humanName: 'reservoir drop not explained by delivery', min: -100, max: 100 },
    { name: 'dose_counter_rate', humanName: 'pump dose-counter increments per minute', min: 0, max: 1000 },
    { name: 'heart_rate_variability', humanName: 'heart-rate variability across the window', min: 0, max: 50 },
  ],
};

function fillForward(values: Float64Array, present: Uint8Array, fallback: number): void {
  let first = -1;
  for (let k = 0; k < values.length; k++) if (present[k]) { first = k; break; }
  if (first < 0) { values.fill(fallback); return; }
  for (let k = 0; k < first; k++) values[k] = values[first]!;
  for (let k = first + 1; k < values.length; k++) if (!present[k]) values[k] = values[k - 1]!;
}

/** @returns the index of the first item at or after `ms` (items in time order). */
function lowerBound(items: readonly { timestampMs: number }[], ms: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.timestampMs < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** @returns the records of a time-ordered stream inside the window ending at `endMs`: [endMs − 60 min, endMs). */
export function inTelemetryWindow<T extends { timestampMs: number }>(items: readonly T[], endMs: number): T[] {
  return items.slice(lowerBound(items, endMs - TELEMETRY_WINDOW_MINUTES * MINUTE_MS), lowerBound(items, endMs));
}

/**
 * Builds the features of a telemetry window.
 * @returns raw features in {@link TELEMETRY_WINDOW_SPEC} order (not yet range-checked).
 */
export function telemetryWindowFeatures(window: TelemetryWindow): Float32Array {
  const start = window.endMs - TELEMETRY_WINDOW_MINUTES * MINUTE_MS;
  const binOf = (t: number): number => (t < start || t >= window.endMs ? -1 : Math.floor((t - start) / (BIN_MINUTES * MINUTE_MS)));
  const out = new Float32Array(TELEMETRY_WINDOW_SPEC.features.length);

  const cgmSum = new Float64Array(BINS);
  const cgmCount = new Uint8Array(BINS);
  const readings: number[] = [];
  for (const r of window.cgm) {
    const k = binOf(r.timestampMs);
    if (k < 0 || r.glucoseMgDl === null) continue;
    cgmSum[k]! += r.glucoseMgDl;
    cgmCount[k]!++;
    readings.push(r.glucoseMgDl);
  }
  const cgmBins = new Float64Array(BINS);
  for (let k = 0; k < BINS; k++) if (cgmCount[k]) cgmBins[k] = cgmSum[k]! / cgmCount[k]!;
  fillForward(cgmBins, cgmCount, 120);

  const scheduledPer5U = (scheduledBasalUPerHour(window.profile, minuteOfDay(window.endMs, window.utcOffsetMinutes ?? 0)) * BIN_MINUTES) / 60;
  const delivered = new Float64Array(BINS);
  let pressureMax = 0;
  let first: PumpTelemetry | null = null;
  let last: PumpTelemetry | null = null;
  let deliveredTotal = 0;
  for (const p of window.pump) {
    const k = binOf(p.timestampMs);
    if (k < 0) continue;
    delivered[k]! += p.deliveredU;
    pressureMax = Math.max(pressureMax, p.occlusionPressureKpa);
    if (first === null) first = p;
    else deliveredTotal += p.deliveredU; // the first record's delivery precedes its reservoir reading
    last = p;
  }

  const hrSum = new Float64Array(BINS);
  const hrCount = new Uint8Array(BINS);
  const rates: number[] = [];
  for (const h of window.heartRate) {
    const k = binOf(h.timestampMs);
    if (k < 0) continue;
    hrSum[k]! += h.beatsPerMinute;
    hrCount[k]!++;
    rates.push(h.beatsPerMinute);
  }
  const hrBins = new Float64Array(BINS);
  for (let k = 0; k < BINS; k++) if (hrCount[k]) hrBins[k] = hrSum[k]! / hrCount[k]!;
  fillForward(hrBins, hrCount, 80);

  for (let k = 0; k < BINS; k++) {
    out[k] = (cgmBins[k]! - 120) / 60;
    out[BINS + k] = Math.log1p(delivered[k]! / Math.max(scheduledPer5U, 1e-3));
    out[2 * BINS + k] = (hrBins[k]! - 80) / 20;
  }
  let missing = 0;
  for (let k = 0; k < BINS; k++) if (!cgmCount[k]) missing++;
  let sumSq = 0;
  let maxJump = 0;
  let flat = 0;
  for (let i = 1; i < readings.length; i++) {
    const d = readings[i]! - readings[i - 1]!;
    sumSq += d * d;
    maxJump = Math.max(maxJump, Math.abs(d));
    if (d === 0) flat++;
  }
  const diffs = Math.max(1, readings.length - 1);
  let hrMean = 0;
  for (const r of rates) hrMean += r;
  hrMean /= Math.max(1, rates.length);
  let hrVar = 0;
  for (const r of rates) hrVar += (r - hrMean) ** 2;
  const base = 3 * BINS;
  out[base] = missing / BINS;
  out[base + 1] = Math.sqrt(sumSq / diffs) / 10;
  out[base + 2] = maxJump / 30;
  out[base + 3] = readings.length > 1 ? flat / diffs : 0;
  out[base + 4] = pressureMax / 50;
  // A reservoir change (level rises) explains itself; clip so one odd record cannot push the row out of range.
  const loss = first && last && last.reservoirU <= first.reservoirU ? (first.reservoirU - last.reservoirU - deliveredTotal) / Math.max(1, scheduledPer5U * BINS) : 0;
  out[base + 5] = Math.max(-50, Math.min(50, loss));
  out[base + 6] = first && last && last !== first ? (last.doseCounter - first.doseCounter) / ((last.timestampMs - first.timestampMs) / MINUTE_MS) : 0;
  out[base + 7] = Math.sqrt(hrVar / Math.max(1, rates.length)) / 10;
  return out;
}
