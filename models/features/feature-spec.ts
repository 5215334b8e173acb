/**
 * Feature specifications: the ordered, named, range-checked columns a model consumes, a hash that
 * identifies the definition (it travels with every model), and the per-model standardisation statistics.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InvalidArgumentError, type FieldViolation } from '../../common/errors/index.js';

/** One feature column. */
export interface FeatureDefinition {
  /** Machine name (snake_case), stable across versions. */
  name: string;
  /** What a clinician reads in an explanation. */
  humanName: string;
  /** Inclusive range of valid values; anything outside is rejected before the model. */
  min: number;
  max: number;
}

/** An ordered set of features with a version. */
export interface FeatureSpec {
  /** Which feature family (`dose-context`, `telemetry-window`, `adherence-history`). */
  id: string;
  /** Bumped whenever a feature's computation changes (changes the hash even if names do not). */
  version: number;
  features: readonly FeatureDefinition[];
}

/** Per-feature standardisation fitted on training data: z = (x − mean) / std. */
export const Normalisation = z.strictObject({
  mean: z.array(z.number().finite()),
  std: z.array(z.number().finite().positive()),
});
/** Per-feature standardisation fitted on training data. */
export type Normalisation = z.infer<typeof Normalisation>;

/**
 * SHA-256 (hex) of the spec's canonical JSON (id, version, names and ranges in order).
 * @returns a 64-hex-digit string; equal specs give equal hashes on every platform.
 */
export function featureSpecHash(spec: FeatureSpec): string {
  const canonical = JSON.stringify({
    id: spec.id,
    version: spec.version,
    features: spec.features.map((f) => [f.name, f.min, f.max]),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Checks a raw feature row: right length, every value finite and within its range.
 * @throws InvalidArgumentError naming each offending feature (NaN, ±Infinity, out of range) — such a row
 * is never scored, because a model could score garbage as normal.
 */
export function validateFeatureRow(spec: FeatureSpec, row: ArrayLike<number>): void {
  if (row.length !== spec.features.length) {
    throw new InvalidArgumentError([{ field: spec.id, description: `expected ${spec.features.length} features, got ${row.length}` }]);
  }
  let violations: FieldViolation[] | null = null;
  for (let j = 0; j < row.length; j++) {
    const value = row[j]!;
    const feature = spec.features[j]!;
    if (Number.isFinite(value) && value >= feature.min && value <= feature.max) continue;
    (violations ??= []).push({
      field: `${spec.id}.${feature.name}`,
      description: Number.isFinite(value) ? `${value} is outside [${feature.min}, ${feature.max}] (${feature.humanName})` : `${value} is not a finite number (${feature.humanName})`,
    });
  }
  if (violations) throw new InvalidArgumentError(violations);
}

/**
 * Fits standardisation statistics on rows (row-major, `width` columns). A constant column gets std 1.
 * @throws RangeError when there are no rows.
 */
export function fitNormalisation(rows: Float32Array, width: number): Normalisation {
  const n = rows.length / width;
  if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`need ≥ 1 row of ${width} features, got ${rows.length} values`);
  const mean = new Float64Array(width);
  const sq = new Float64Array(width);
  for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) mean[j]! += rows[i * width + j]!;
  for (let j = 0; j < width; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < width; j++) sq[j]! += (rows[i * width + j]! - mean[j]!) ** 2;
  const std = Array.from(sq, (s) => {
    const sd = Math.sqrt(s / n);
    return sd > 1e-6 ? sd : 1;
  });
  return { mean: Array.from(mean), std };
}

/** Standardises rows (row-major) into a new Float32Array. */
export function applyNormalisation(rows: Float32Array, normalisation: Normalisation): Float32Array {
  const width = normalisation.mean.length;
  const out = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const j = i % width;
    out[i] = (rows[i]! - normalisation.mean[j]!) / normalisation.std[j]!;
  }
  return out;
}
