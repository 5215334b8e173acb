/**
 * Serving side of the adherence-risk model: P(miss the next dose) and P(PDC < 80% over the next 7 days)
 * from adherence-history features, calibrated, with the factors that raise or lower each risk most
 * (baseline substitution: the change in log-odds when a feature is set to its training mean).
 */
import { z } from 'zod';
import { Calibrator, calibrate } from '../calibration.js';
import { DenseForward, type DenseNetConfig } from '../nn/dense-net.js';
import { validateFeatureRow, type FeatureSpec, type Normalisation } from '../features/feature-spec.js';
import { topAttributions, type FeatureAttribution } from '../explain.js';

/** Output order of the adherence network. */
export const ADHERENCE_OUTPUTS = ['missNext', 'pdcBelow80Next7Days'] as const;

/** Calibration of the two outputs, stored in the artifact. */
export const AdherenceHead = z.strictObject({
  calibrators: z.strictObject({ missNext: Calibrator, pdcBelow80Next7Days: Calibrator }),
  /** Positive rate of each label in the training data (for the card and sanity checks). */
  positiveRates: z.strictObject({ missNext: z.number().min(0).max(1), pdcBelow80Next7Days: z.number().min(0).max(1) }),
});
/** Calibration of the two outputs. */
export type AdherenceHead = z.infer<typeof AdherenceHead>;

/** The risk of one patient's next dose. */
export interface AdherenceRisk {
  missNextProbability: number;
  pdcBelow80Next7DaysProbability: number;
}

/** A risk with the top factors of each output. */
export interface ExplainedAdherenceRisk extends AdherenceRisk {
  missNextFactors: FeatureAttribution[];
  pdcFactors: FeatureAttribution[];
}

const logit = (p: number): number => Math.log(Math.max(1e-7, p) / Math.max(1e-7, 1 - p));

/** Scores adherence-history rows. */
export class AdherenceRiskScorer {
  readonly spec: FeatureSpec;
  readonly normalisation: Normalisation;
  readonly head: AdherenceHead;
  private readonly forwardPass: DenseForward;
  private readonly width: number;

  constructor(spec: FeatureSpec, normalisation: Normalisation, net: DenseNetConfig, weights: Float32Array, head: AdherenceHead) {
    this.spec = spec;
    this.normalisation = normalisation;
    this.head = head;
    this.forwardPass = new DenseForward(net, weights);
    this.width = spec.features.length;
  }

  /**
   * Uncalibrated network outputs for many raw rows.
   * @returns rows × 2 probabilities. @throws InvalidArgumentError on an invalid row.
   */
  rawProbabilities(raw: Float32Array, rows = raw.length / this.width): Float32Array {
    const w = this.width;
    const z = new Float32Array(rows * w);
    for (let r = 0; r < rows; r++) {
      const row = raw.subarray(r * w, r * w + w);
      validateFeatureRow(this.spec, row);
      for (let j = 0; j < w; j++) z[r * w + j] = (row[j]! - this.normalisation.mean[j]!) / this.normalisation.std[j]!;
    }
    return this.forwardPass.forward(z, rows);
  }

  /** @returns calibrated risks for many rows. @throws InvalidArgumentError on an invalid row. */
  predictBatch(raw: Float32Array, rows = raw.length / this.width): AdherenceRisk[] {
    const p = this.rawProbabilities(raw, rows);
    return Array.from({ length: rows }, (_, r) => ({
      missNextProbability: calibrate(this.head.calibrators.missNext, p[2 * r]!),
      pdcBelow80Next7DaysProbability: calibrate(this.head.calibrators.pdcBelow80Next7Days, p[2 * r + 1]!),
    }));
  }

  /**
   * Risk of one row with the top factors of each output (signed change in log-odds of the raw network
   * output when the feature is replaced by its training mean; positive = raises the risk).
   * @throws InvalidArgumentError on an invalid row.
   */
  explain(raw: Float32Array, top = 5): ExplainedAdherenceRisk {
    const w = this.width;
    const batch = new Float32Array((w + 1) * w);
    for (let k = 0; k <= w; k++) {
      batch.set(raw, k * w);
      if (k < w) batch[k * w + k] = this.normalisation.mean[k]!; // row k: feature k at its mean; last row: as seen
    }
    const p = this.rawProbabilities(batch, w + 1);
    const seen = [p[2 * w]!, p[2 * w + 1]!];
    const miss = new Float32Array(w);
    const pdc = new Float32Array(w);
    for (let k = 0; k < w; k++) {
      miss[k] = logit(seen[0]!) - logit(p[2 * k]!);
      pdc[k] = logit(seen[1]!) - logit(p[2 * k + 1]!);
    }
    const means = this.normalisation.mean;
    return {
      missNextProbability: calibrate(this.head.calibrators.missNext, seen[0]!),
      pdcBelow80Next7DaysProbability: calibrate(this.head.calibrators.pdcBelow80Next7Days, seen[1]!),
      missNextFactors: topAttributions(this.spec, miss, raw, means, top),
      pdcFactors: topAttributions(this.spec, pdc, raw, means, top),
    };
  }
}
