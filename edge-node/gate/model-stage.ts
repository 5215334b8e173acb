/**
 * Stage 4 — the deployed autoencoder, behind an injected scorer so the models/ artefact plugs in.
 * Fail safe, never fail open: no scorer, no feature row, a throw or a non-finite score leaves the
 * verdict to stages 1–3 and says so (ModelStatus).
 */
import { fmt, objection, pass, type Attribution, type ModelStatusName, type StageFinding } from './reasons.js';

/** A deployed dose autoencoder: standardised reconstruction error against a calibrated threshold. */
export interface DoseScorer {
  /** SHA-256 version of the model. */
  readonly version: string;
  readonly threshold: number;
  /** @returns the score of one feature row and the features that contributed most. May throw. */
  score(featureRow: Float32Array | number[]): { score: number; attributions: Attribution[] };
}

/** Stage 4's finding plus what the reply reports. */
export interface ModelFinding extends StageFinding {
  status: ModelStatusName;
  score: number;
  threshold: number;
  version: string;
  attributions: Attribution[];
  /** Why the model failed (for the log and the MODEL_DEGRADED alert), else null. */
  failure: unknown;
}

/** The finding of a stage 4 that could not run: ALLOW with REASON_MODEL_UNAVAILABLE (built directly: it runs for every command while no model is deployed). */
function rulesOnly(status: ModelStatusName, text: string, failure: unknown): ModelFinding {
  return { verdict: 'ALLOW', reasons: [{ code: 'REASON_MODEL_UNAVAILABLE', text }], status, score: 0, threshold: 0, version: '', attributions: [], failure };
}

/**
 * Runs stage 4.
 * @returns ACTIVE with HOLD above the threshold, or a rules-only status with REASON_MODEL_UNAVAILABLE. Never throws.
 */
export function runModelStage(scorer: DoseScorer | null, featureRow: Float32Array | number[] | null): ModelFinding {
  if (scorer === null) return rulesOnly('RULES_ONLY_NO_MODEL', 'No anomaly model is deployed; the verdict rests on rules only.', null);
  if (featureRow === null) return rulesOnly('RULES_ONLY_MODEL_FAILED', 'The anomaly model cannot score this command; the verdict rests on rules only.', null);
  let result: { score: number; attributions: Attribution[] };
  try {
    result = scorer.score(featureRow);
  } catch (error) {
    return rulesOnly('RULES_ONLY_MODEL_FAILED', 'The anomaly model failed on this command; the verdict rests on rules only.', error);
  }
  if (!Number.isFinite(result.score)) return rulesOnly('RULES_ONLY_MODEL_FAILED', 'The anomaly model returned an invalid score; the verdict rests on rules only.', new Error('non-finite score'));
  const base = { status: 'ACTIVE' as const, score: result.score, threshold: scorer.threshold, version: scorer.version, attributions: result.attributions.slice(0, 5), failure: null };
  if (result.score > scorer.threshold) {
    const top = result.attributions[0];
    const why = top ? ` Largest contributor: ${top.humanName}.` : '';
    return { ...objection(pass(), 'HOLD', 'REASON_ANOMALY_SCORE_ABOVE_THRESHOLD', `Anomaly score ${fmt(result.score)} is above the threshold ${fmt(scorer.threshold)}.${why}`), ...base };
  }
  return { ...pass(), ...base };
}
