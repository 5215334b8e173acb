/**
 * Physical plausibility of a telemetry window (one sample a minute, oldest first): glucose cannot
 * change faster than 4 mg/dL/min, a live CGM is never perfectly flat for long, a pump cannot deliver
 * much less than commanded against high line pressure (occlusion) or more than commanded at low
 * pressure (free flow), and a CGM should not drop out. Pure.
 */
import type { TelemetryFinding__Output } from '../../proto/gen/vigil/v1/TelemetryFinding.js';

/** A telemetry window with validated arrays. */
export interface TelemetryWindowInput {
  cgmMgDl: readonly number[];
  deliveredU: readonly number[];
  commandedU: readonly number[];
  linePressureKpa: readonly number[];
  heartRateBpm: readonly number[];
}

/** Thresholds of the rules. */
export interface PlausibilityOptions {
  maxGlucoseChangeMgDlPerMin: number;
  frozenMinutes: number;
  maxMissingFraction: number;
  occlusionPressureKpa: number;
  freeFlowPressureKpa: number;
  /** Consecutive minutes a pump condition must last. */
  pumpMinutes: number;
}

/** Defaults (the 4 mg/dL/min limit is the brief's; the others are conservative engineering choices). */
export const DEFAULT_PLAUSIBILITY: PlausibilityOptions = {
  maxGlucoseChangeMgDlPerMin: 4, frozenMinutes: 20, maxMissingFraction: 0.25, occlusionPressureKpa: 100, freeFlowPressureKpa: 2, pumpMinutes: 3,
};

type Finding = Exclude<TelemetryFinding__Output, 'TELEMETRY_FINDING_UNSPECIFIED' | 'TELEMETRY_FINDING_ANOMALY'>;

function longestRun(n: number, test: (i: number) => boolean): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < n; i++) {
    run = test(i) ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** @returns the rule findings of a window, in a fixed order. Never throws. */
export function plausibilityFindings(w: TelemetryWindowInput, o: PlausibilityOptions = DEFAULT_PLAUSIBILITY): Finding[] {
  const findings: Finding[] = [];
  const cgm = w.cgmMgDl;
  let lastIndex = -1;
  let rapid = false;
  for (let i = 0; i < cgm.length; i++) {
    if (cgm[i]! <= 0) continue;
    if (lastIndex >= 0 && Math.abs(cgm[i]! - cgm[lastIndex]!) / (i - lastIndex) > o.maxGlucoseChangeMgDlPerMin) rapid = true;
    lastIndex = i;
  }
  if (rapid) findings.push('TELEMETRY_FINDING_RAPID_GLUCOSE_CHANGE');
  if (longestRun(cgm.length, (i) => i > 0 && cgm[i]! > 0 && cgm[i] === cgm[i - 1]) + 1 >= o.frozenMinutes) findings.push('TELEMETRY_FINDING_FROZEN_CGM');
  const n = Math.min(w.deliveredU.length, w.commandedU.length, w.linePressureKpa.length);
  const occluded = (i: number) => w.commandedU[i]! > 0 && w.linePressureKpa[i]! >= o.occlusionPressureKpa && w.deliveredU[i]! < 0.5 * w.commandedU[i]!;
  if (longestRun(n, occluded) >= o.pumpMinutes) findings.push('TELEMETRY_FINDING_OCCLUSION');
  const freeFlow = (i: number) => w.deliveredU[i]! > 1.5 * w.commandedU[i]! + 0.05 && w.linePressureKpa[i]! <= o.freeFlowPressureKpa;
  if (longestRun(n, freeFlow) >= o.pumpMinutes) findings.push('TELEMETRY_FINDING_FREE_FLOW');
  if (cgm.length > 0 && cgm.filter((g) => g <= 0).length / cgm.length > o.maxMissingFraction) findings.push('TELEMETRY_FINDING_CGM_DROPOUT');
  return findings;
}
