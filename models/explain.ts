/**
 * Explanations in clinicians' words: which features contributed most to a score, with their human
 * names, the observed value and what the model expected.
 */
import type { FeatureSpec } from './features/feature-spec.js';

/** One feature's share in a score. */
export interface FeatureAttribution {
  feature: string;
  humanName: string;
  /** The raw feature value seen. */
  value: number;
  /** What the model expected (reconstruction, or the training mean for risk models). */
  expected: number;
  /** Signed contribution to the score (anomaly: share of the reconstruction error, ≥ 0). */
  contribution: number;
  /** Whether the value was higher or lower than expected. */
  direction: 'higher' | 'lower';
}

/**
 * Picks the `top` features with the largest |contribution|.
 * @returns attributions sorted by decreasing |contribution|.
 */
export function topAttributions(spec: FeatureSpec, contributions: ArrayLike<number>, values: ArrayLike<number>, expected: ArrayLike<number>, top = 5): FeatureAttribution[] {
  const order = Array.from({ length: contributions.length }, (_, j) => j).sort((a, b) => Math.abs(contributions[b]!) - Math.abs(contributions[a]!));
  return order.slice(0, top).map((j) => ({
    feature: spec.features[j]!.name,
    humanName: spec.features[j]!.humanName,
    value: values[j]!,
    expected: expected[j]!,
    contribution: contributions[j]!,
    direction: values[j]! >= expected[j]! ? 'higher' : 'lower',
  }));
}

/** @returns one line per attribution, e.g. "bolus size (fraction of max bolus): 0.9 (expected 0.2), 62% of the error". */
export function describeAttributions(attributions: readonly FeatureAttribution[], unit: 'share' | 'logit' = 'share'): string[] {
  return attributions.map((a) => `${a.humanName}: ${round(a.value)} (expected ${round(a.expected)}), ${unit === 'share' ? `${Math.round(a.contribution * 100)}% of the error` : `${a.contribution >= 0 ? '+' : ''}${round(a.contribution)} risk (log-odds)`}`);
}

function round(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3);
}
