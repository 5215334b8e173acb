/**
 * Threshold curves of a score against binary labels: ROC, precision–recall with average precision
 * (AUPRC), and the detection rate at a target false-alarm rate. Tied scores form one threshold, so a
 * curve never depends on the order of tied rows. A row is flagged when its score is ≥ the threshold.
 */

/** Points of an ROC curve from (0, 0) to (1, 1), one per distinct score plus the origin. */
export interface RocCurve {
  falsePositiveRate: number[];
  truePositiveRate: number[];
  /** Threshold of each point (Infinity for the origin). */
  thresholds: number[];
  positives: number;
  negatives: number;
}

/** Points of a precision–recall curve, recall increasing. */
export interface PrCurve {
  recall: number[];
  precision: number[];
  thresholds: number[];
  /** Share of positives (the no-skill precision). */
  prevalence: number;
}

interface Grouped {
  /** Cumulative true and false positives after each distinct score, scores descending. */
  tp: number[];
  fp: number[];
  thresholds: number[];
  positives: number;
  negatives: number;
}

function groupByScore(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): Grouped {
  const rows = Array.from({ length: scores.length }, (_, i) => i).filter((i) => Number.isFinite(scores[i]!));
  rows.sort((a, b) => scores[b]! - scores[a]!);
  const out: Grouped = { tp: [], fp: [], thresholds: [], positives: 0, negatives: 0 };
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    if (labels[i]) tp++;
    else fp++;
    const next = rows[k + 1];
    if (next === undefined || scores[next]! !== scores[i]!) {
      out.tp.push(tp);
      out.fp.push(fp);
      out.thresholds.push(scores[i]!);
    }
  }
  out.positives = tp;
  out.negatives = fp;
  return out;
}

/**
 * @returns the ROC curve (non-finite scores are left out). With one class absent the rates of the
 * missing class are NaN.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): RocCurve {
  const g = groupByScore(scores, labels);
  return {
    falsePositiveRate: [0, ...g.fp.map((f) => (g.negatives ? f / g.negatives : Number.NaN))],
    truePositiveRate: [0, ...g.tp.map((t) => (g.positives ? t / g.positives : Number.NaN))],
    thresholds: [Infinity, ...g.thresholds],
    positives: g.positives,
    negatives: g.negatives,
  };
}

/** @returns the trapezoidal area under a curve given as increasing x (NaN when any point is NaN). */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}

/**
 * @returns the precision–recall curve, starting at recall 0 with the precision of the top-scored group
 * (non-finite scores are left out).
 */
export function prCurve(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): PrCurve {
  const g = groupByScore(scores, labels);
  const total = g.positives + g.negatives;
  const precision = g.tp.map((t, k) => t / (t + g.fp[k]!));
  return {
    recall: [0, ...g.tp.map((t) => (g.positives ? t / g.positives : Number.NaN))],
    precision: [precision[0] ?? 1, ...precision],
    thresholds: [Infinity, ...g.thresholds],
    prevalence: total ? g.positives / total : Number.NaN,
  };
}

/**
 * Average precision: Σ (recall_k − recall_{k−1}) · precision_k over distinct thresholds (the step-wise
 * AUPRC of scikit-learn, no interpolation).
 * @returns AP in [0, 1], or NaN without positives.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number {
  const curve = prCurve(scores, labels);
  if (!(curve.prevalence > 0)) return Number.NaN;
  let ap = 0;
  for (let k = 1; k < curve.recall.length; k++) ap += (curve.recall[k]! - curve.recall[k - 1]!) * curve.precision[k]!;
  return ap;
}

/** The operating point chosen for a target false-alarm rate. */
export interface OperatingPoint {
  /** Flag when score ≥ threshold (Infinity: flag nothing). */
  threshold: number;
  detectionRate: number;
  falseAlarmRate: number;
  targetFalseAlarmRate: number;
}

/**
 * Chooses the lowest threshold whose false-alarm rate on the negatives is ≤ the target, and reports
 * the detection rate there (tied scores are flagged together, so the achieved rate may be below target).
 * @returns the operating point; detection NaN without positives, false-alarm NaN without negatives.
 * @throws RangeError when the target is outside [0, 1].
 */
export function detectionAtFalseAlarmRate(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>, targetFalseAlarmRate: number): OperatingPoint {
  if (!(targetFalseAlarmRate >= 0 && targetFalseAlarmRate <= 1)) throw new RangeError(`target false-alarm rate must be in [0, 1], got ${targetFalseAlarmRate}`);
  const roc = rocCurve(scores, labels);
  let best = 0;
  for (let k = 1; k < roc.thresholds.length; k++) {
    if (roc.falsePositiveRate[k]! <= targetFalseAlarmRate + 1e-12) best = k;
    else break;
  }
  return {
    threshold: roc.thresholds[best]!,
    detectionRate: roc.truePositiveRate[best]!,
    falseAlarmRate: roc.falsePositiveRate[best]!,
    targetFalseAlarmRate,
  };
}
