/**
 * The adherence model's architecture and the baseline it must beat. Loads no tfjs.
 */
import { ADHERENCE_HISTORY_SPEC } from '../features/adherence-history.js';
import type { FeatureSpec } from '../features/feature-spec.js';
import type { DenseNetConfig } from '../nn/dense-net.js';

/** @returns the adherence MLP: hidden ReLU layers, then two sigmoid outputs. */
export function adherenceNetConfig(inputSize: number, hidden: readonly number[] = [32, 16]): DenseNetConfig {
  return { inputSize, layers: [...hidden.map((units) => ({ units, activation: 'relu' as const })), { units: 2, activation: 'sigmoid' as const }] };
}

/**
 * The baseline the model must beat: risk = 1 − last-7-day taken rate (miss) and 1 − 7-day PDC (PDC).
 * @returns rows × 2 baseline scores.
 */
export function adherenceBaseline(rows: Float32Array, spec: FeatureSpec = ADHERENCE_HISTORY_SPEC): Float32Array {
  const width = spec.features.length;
  const taken = spec.features.findIndex((f) => f.name === 'taken_rate_7d');
  const pdc = spec.features.findIndex((f) => f.name === 'pdc_7d');
  const n = rows.length / width;
  const out = new Float32Array(2 * n);
  for (let r = 0; r < n; r++) {
    out[2 * r] = 1 - rows[r * width + taken]!;
    out[2 * r + 1] = 1 - rows[r * width + pdc]!;
  }
  return out;
}
