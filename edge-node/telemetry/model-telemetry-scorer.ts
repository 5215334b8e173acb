/**
 * The deployed telemetry autoencoder as ScoreTelemetry's scorer: the window's features come from the
 * node's own stored events (stored-window.ts) through models/ telemetryWindowFeatures, the function
 * training used; out-of-range rows are refused by the scorer (the window gets the rules' answer).
 */
import { telemetryWindowFeatures, type AnomalyScorer, type TelemetryWindow } from '../../models/index.js';
import type { TelemetryScorer } from './telemetry-scorer.js';

/**
 * @param windowOf the patient's stored window ending at `endMs`, or null (no profile or no stored data).
 * @returns a TelemetryScorer over `scorer` (the calibrated autoencoder of model `version`).
 */
export function modelTelemetryScorer(version: string, scorer: AnomalyScorer, windowOf: (patientId: string, endMs: number) => TelemetryWindow | null): TelemetryScorer {
  return {
    version,
    threshold: scorer.scoring.threshold,
    score(window) {
      const stored = windowOf(window.patientId, window.endAtMs);
      if (!stored) return null;
      const explained = scorer.explain(telemetryWindowFeatures(stored), 5);
      return { score: explained.score, attributions: explained.attributions.map((a) => ({ feature: a.feature, humanName: a.humanName, contribution: a.contribution, value: a.value })) };
    },
  };
}
