/**
 * Scores of one adherence head (P(miss next dose) or P(PDC < 80% over the next 7 days)) for several
 * predictors on the same test rows: AUROC with a bootstrap CI, AUPRC, Brier score, expected calibration
 * error and the reliability bins, overall and per behaviour archetype.
 */
import { auroc, averagePrecision, bootstrap, brierScore, expectedCalibrationError, prCurve, reliabilityBins, rocCurve, type ReliabilityBin } from '../metrics/index.js';

/** The two heads of the adherence model, as the cohort's label columns. */
export const ADHERENCE_HEADS = [
  { key: 'missNext', column: 0, label: 'miss the next dose' },
  { key: 'pdcBelow80Next7Days', column: 1, label: 'PDC < 80% over the next 7 days' },
] as const;
/** One head. */
export type AdherenceHeadKey = (typeof ADHERENCE_HEADS)[number]['key'];

/** A predictor's probabilities for one head (one per test row). */
export interface HeadPredictions {
  name: string;
  probabilities: Float64Array;
  /** Whether the values are calibrated probabilities (Brier/ECE are reported only for those). */
  calibrated: boolean;
}

/** What {@link scoreHead} reports for one predictor. */
export interface HeadScore {
  name: string;
  auroc: number;
  aurocCi95: [number, number];
  auprc: number;
  brier: number | null;
  ece: number | null;
  reliability: ReliabilityBin[] | null;
}

/**
 * @returns every predictor's scores for one head. The AUROC interval resamples patients, not rows (a
 * patient's rows are correlated, so a row bootstrap would be too narrow).
 */
export function scoreHead(predictions: readonly HeadPredictions[], labels: Uint8Array, patientOfRow: ArrayLike<number>, seed: number): HeadScore[] {
  const rowsOf = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) rowsOf.set(patientOfRow[i]!, [...(rowsOf.get(patientOfRow[i]!) ?? []), i]);
  const patients = [...rowsOf.values()];
  return predictions.map((p) => {
    const ci = bootstrap(patients.length, (ix) => {
      const rows = Array.from(ix, (k) => patients[k]!).flat();
      return auroc(rows.map((i) => p.probabilities[i]!), rows.map((i) => labels[i]!));
    }, { resamples: 200, seed });
    return {
      name: p.name,
      auroc: ci.value,
      aurocCi95: [ci.lower, ci.upper],
      auprc: averagePrecision(p.probabilities, labels),
      brier: p.calibrated ? brierScore(p.probabilities, labels) : null,
      ece: p.calibrated ? expectedCalibrationError(p.probabilities, labels) : null,
      reliability: p.calibrated ? reliabilityBins(p.probabilities, labels) : null,
    };
  });
}

/** @returns ROC and PR curves of each predictor (for plots; thinned to at most `points` points). */
export function headCurves(predictions: readonly HeadPredictions[], labels: Uint8Array, points = 400) {
  const thin = (xs: ArrayLike<number>) => {
    const step = Math.max(1, Math.floor(xs.length / points));
    return Array.from({ length: Math.ceil(xs.length / step) }, (_, i) => xs[Math.min(xs.length - 1, i * step)]!);
  };
  return predictions.map((p) => {
    const roc = rocCurve(p.probabilities, labels);
    const pr = prCurve(p.probabilities, labels);
    return { name: p.name, roc: { falsePositiveRate: thin(roc.falsePositiveRate), truePositiveRate: thin(roc.truePositiveRate) }, pr: { recall: thin(pr.recall), precision: thin(pr.precision) } };
  });
}

/** One archetype's row of the per-archetype table. */
export interface ArchetypeScore {
  archetype: string;
  rows: number;
  prevalence: number;
  meanPredicted: number;
  /** NaN when the archetype's test rows have only one class. */
  modelAuroc: number;
  baselineAuroc: number;
}

/** @returns per-archetype prevalence, mean prediction and AUROC of the model and the baseline. */
export function scoreByArchetype(archetypeOfRow: readonly string[], labels: Uint8Array, model: Float64Array, baseline: Float64Array): ArchetypeScore[] {
  const names = [...new Set(archetypeOfRow)].sort();
  return names.map((archetype) => {
    const idx = archetypeOfRow.flatMap((a, i) => (a === archetype ? [i] : []));
    const y = idx.map((i) => labels[i]!);
    const positives = y.reduce((a, b) => a + b, 0);
    const both = positives > 0 && positives < y.length;
    return {
      archetype,
      rows: idx.length,
      prevalence: positives / idx.length,
      meanPredicted: idx.reduce((a, i) => a + model[i]!, 0) / idx.length,
      modelAuroc: both ? auroc(idx.map((i) => model[i]!), y) : Number.NaN,
      baselineAuroc: both ? auroc(idx.map((i) => baseline[i]!), y) : Number.NaN,
    };
  });
}
