/**
 * Serving side of an autoencoder: validates a raw feature row, standardises it, reconstructs it with the
 * hand-rolled forward pass, and scores the standardised reconstruction error against the calibrated
 * threshold, with the features that contribute most to the error.
 */
import { z } from 'zod';
import { InvalidArgumentError } from '../../common/errors/index.js';
import { DenseForward, type DenseNetConfig } from '../nn/dense-net.js';
import { validateFeatureRow, type FeatureSpec, type Normalisation } from '../features/feature-spec.js';
import { topAttributions, type FeatureAttribution } from '../explain.js';

/** Scoring parameters of an autoencoder, stored in its artifact. */
export const AutoencoderScoring = z.strictObject({
  /** Per-feature SD of the standardised residual on normal training data (errors are weighted by 1/SD²). */
  residualStd: z.array(z.number().finite().positive()),
  /** Mean and SD of the raw error on normal data: score = (error − mean) / SD. */
  errorMean: z.number().finite(),
  errorStd: z.number().finite().positive(),
  /** Scores above this are anomalous. */
  threshold: z.number().finite(),
  /** False-alarm rate the threshold was calibrated to on held-out normal data. */
  targetFalseAlarmRate: z.number().min(0).max(1),
});
/** Scoring parameters of an autoencoder. */
export type AutoencoderScoring = z.infer<typeof AutoencoderScoring>;

/** The score of one row. */
export interface AnomalyScore {
  /** Standardised reconstruction error (SDs above normal). */
  score: number;
  threshold: number;
  anomalous: boolean;
}

/** A score with its explanation. */
export interface ExplainedAnomalyScore extends AnomalyScore {
  attributions: FeatureAttribution[];
}

/** Scores feature rows with a trained autoencoder. Cheap to construct; safe to share (single-threaded). */
export class AnomalyScorer {
  readonly spec: FeatureSpec;
  readonly normalisation: Normalisation;
  readonly scoring: AutoencoderScoring;
  private readonly forwardPass: DenseForward;
  private readonly width: number;
  private readonly inverseResidualVar: Float32Array;
  private readonly mean: Float32Array;
  private readonly inverseStd: Float32Array;
  private readonly minimum: Float64Array;
  private readonly maximum: Float64Array;

  constructor(spec: FeatureSpec, normalisation: Normalisation, net: DenseNetConfig, weights: Float32Array, scoring: AutoencoderScoring) {
    this.spec = spec;
    this.normalisation = normalisation;
    this.scoring = scoring;
    this.forwardPass = new DenseForward(net, weights);
    this.width = spec.features.length;
    this.inverseResidualVar = Float32Array.from(scoring.residualStd, (s) => 1 / (s * s));
    this.mean = Float32Array.from(normalisation.mean);
    this.inverseStd = Float32Array.from(normalisation.std, (s) => 1 / s);
    this.minimum = Float64Array.from(spec.features, (f) => f.min);
    this.maximum = Float64Array.from(spec.features, (f) => f.max);
  }

  /** @returns the raw (unstandardised) reconstruction errors of standardised rows, and the reconstructions. */
  private errors(z: Float32Array, rows: number): { errors: Float32Array; reconstruction: Float32Array } {
    const reconstruction = this.forwardPass.forward(z, rows);
    const errors = new Float32Array(rows);
    const w = this.width;
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let j = 0; j < w; j++) {
        const d = z[r * w + j]! - reconstruction[r * w + j]!;
        sum += d * d * this.inverseResidualVar[j]!;
      }
      errors[r] = sum / w;
    }
    return { errors, reconstruction };
  }

  private standardise(raw: Float32Array, rows: number): Float32Array {
    const w = this.width;
    if (!Number.isInteger(rows) || raw.length !== rows * w) {
      throw new InvalidArgumentError([{ field: this.spec.id, description: `expected rows of ${w} features, got ${raw.length} values for ${rows} row(s)` }]);
    }
    const z = new Float32Array(rows * w);
    for (let r = 0; r < rows; r++) {
      const o = r * w;
      for (let j = 0; j < w; j++) {
        const v = raw[o + j]!;
        // The negated comparison also catches NaN; the slow path builds the named error.
        if (!(v >= this.minimum[j]! && v <= this.maximum[j]!)) validateFeatureRow(this.spec, raw.subarray(o, o + w));
        z[o + j] = (v - this.mean[j]!) * this.inverseStd[j]!;
      }
    }
    return z;
  }

  /**
   * Raw reconstruction errors of rows (the quantity the threshold calibration standardises).
   * @throws InvalidArgumentError when a row holds NaN, ±∞ or an out-of-range value.
   */
  rawErrors(raw: Float32Array, rows = raw.length / this.width): Float32Array {
    return this.errors(this.standardise(raw, rows), rows).errors;
  }

  /**
   * Scores many rows (row-major).
   * @returns standardised scores, one per row. @throws InvalidArgumentError on any invalid row.
   */
  scoreBatch(raw: Float32Array, rows = raw.length / this.width): Float32Array {
    const errors = this.rawErrors(raw, rows);
    for (let r = 0; r < rows; r++) errors[r] = (errors[r]! - this.scoring.errorMean) / this.scoring.errorStd;
    return errors;
  }

  /** Scores one row. @throws InvalidArgumentError on an invalid row. */
  score(raw: Float32Array): AnomalyScore {
    const score = this.scoreBatch(raw, 1)[0]!;
    return { score, threshold: this.scoring.threshold, anomalous: score > this.scoring.threshold };
  }

  /**
   * Scores one row and names the features that contribute most to its reconstruction error.
   * @returns the score with up to `top` attributions (contribution = share of the error; expected = the
   * reconstruction in raw units). @throws InvalidArgumentError on an invalid row.
   */
  explain(raw: Float32Array, top = 5): ExplainedAnomalyScore {
    const z = this.standardise(raw, 1);
    const { errors, reconstruction } = this.errors(z, 1);
    const w = this.width;
    const contributions = new Float32Array(w);
    const expected = new Float32Array(w);
    const total = errors[0]! * w || 1;
    for (let j = 0; j < w; j++) {
      contributions[j] = ((z[j]! - reconstruction[j]!) ** 2 * this.inverseResidualVar[j]!) / total;
      expected[j] = reconstruction[j]! / this.inverseStd[j]! + this.mean[j]!;
    }
    const score = (errors[0]! - this.scoring.errorMean) / this.scoring.errorStd;
    return { score, threshold: this.scoring.threshold, anomalous: score > this.scoring.threshold, attributions: topAttributions(this.spec, contributions, raw, expected, top) };
  }
}
