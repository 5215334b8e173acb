/**
 * ScoreTelemetry's domain: rule findings first, then the optional telemetry autoencoder (injected;
 * a throw, a bad score or no data of its own leaves the rules' answer). Pure apart from the injected scorer.
 */
import type { TelemetryScore__Output } from '../../proto/gen/vigil/v1/TelemetryScore.js';
import type { Attribution } from '../gate/reasons.js';
import { DEFAULT_PLAUSIBILITY, plausibilityFindings, type PlausibilityOptions, type TelemetryWindowInput } from './plausibility.js';

/** A ScoreTelemetry window: the rules' per-minute arrays, and whose window it is. */
export interface ScoredWindow extends TelemetryWindowInput {
  patientId: string;
  endAtMs: number;
}

/** A deployed telemetry autoencoder. */
export interface TelemetryScorer {
  readonly version: string;
  readonly threshold: number;
  /** @returns the window's standardised reconstruction error, or null when the model has nothing to score. May throw. */
  score(window: ScoredWindow): { score: number; attributions: Attribution[] } | null;
}

/** @returns the score of one window (window id echoed). Never throws. */
export function scoreTelemetryWindow(windowId: string, window: ScoredWindow, scorer: TelemetryScorer | null, options: PlausibilityOptions = DEFAULT_PLAUSIBILITY): TelemetryScore__Output {
  const findings: TelemetryScore__Output['findings'] = plausibilityFindings(window, options);
  let model = { anomalyScore: 0, anomalyThreshold: 0, attributions: [] as Attribution[], modelVersion: '' };
  if (scorer) {
    try {
      const r = scorer.score(window);
      if (r && Number.isFinite(r.score)) {
        model = { anomalyScore: r.score, anomalyThreshold: scorer.threshold, attributions: r.attributions.slice(0, 5), modelVersion: scorer.version };
        if (r.score > scorer.threshold) findings.push('TELEMETRY_FINDING_ANOMALY');
      }
    } catch {
      // Rules only for this window; the service counts model failures.
    }
  }
  return { windowId, ...model, anomalous: findings.length > 0, findings };
}
