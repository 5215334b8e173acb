/**
 * The feature specs this build computes, by id: a model directory whose spec hash differs from the one
 * this build computes for the same id was trained on different features and must not be served.
 */
import { ADHERENCE_HISTORY_SPEC } from './adherence-history.js';
import { DOSE_CONTEXT_SPEC } from './dose-context.js';
import type { ModelKind } from '../card/schema.js';
import type { FeatureSpec } from './feature-spec.js';
import { TELEMETRY_WINDOW_SPEC } from './telemetry-window.js';

/** Every feature spec of this build, by id. */
export const FEATURE_SPECS: ReadonlyMap<string, FeatureSpec> = new Map([DOSE_CONTEXT_SPEC, TELEMETRY_WINDOW_SPEC, ADHERENCE_HISTORY_SPEC].map((s) => [s.id, s]));

/** @returns the feature spec a model kind consumes. */
export function specForKind(kind: ModelKind): FeatureSpec {
  return kind === 'dose-autoencoder' ? DOSE_CONTEXT_SPEC : kind === 'telemetry-autoencoder' ? TELEMETRY_WINDOW_SPEC : ADHERENCE_HISTORY_SPEC;
}
