/**
 * Classifier plots: ROC (with the chance diagonal), precision–recall (with the prevalence baseline) and
 * the reliability diagram (with the diagonal of perfect calibration and the count in each bin).
 */
import { lineChart } from './line-chart.js';
import { el, text, THEME } from './svg.js';

/** One model's ROC curve. */
export interface RocCurveInput {
  name: string;
  falsePositiveRate: ArrayLike<number>;
  truePositiveRate: ArrayLike<number>;
  /** Shown in the legend when given. */
  auroc?: number;
}

/** @returns an ROC plot of one or more curves with the chance diagonal. */
export function rocPlot(options: { title: string; subtitle?: string; curves: readonly RocCurveInput[] }): string {
  return lineChart({
    title: options.title,
    ...(options.subtitle ? { subtitle: options.subtitle } : {}),
    xLabel: 'False-positive rate',
    yLabel: 'True-positive rate (sensitivity)',
    xDomain: [0, 1],
    yDomain: [0, 1],
    width: 780,
    height: 520,
    series: options.curves.map((c) => ({ name: c.auroc === undefined ? c.name : `${c.name} (AUROC ${c.auroc.toFixed(3)})`, x: c.falsePositiveRate, y: c.truePositiveRate })),
    references: [{ from: [0, 0], to: [1, 1], label: 'chance', inLegend: true }],
  });
}

/** One model's precision–recall curve. */
export interface PrCurveInput {
  name: string;
  recall: ArrayLike<number>;
  precision: ArrayLike<number>;
  /** Average precision (AUPRC), shown in the legend when given. */
  auprc?: number;
}

/** @returns a precision–recall plot with the no-skill baseline at the prevalence. */
export function prPlot(options: { title: string; subtitle?: string; curves: readonly PrCurveInput[]; prevalence: number }): string {
  const p = Number.isFinite(options.prevalence) ? options.prevalence : 0;
  return lineChart({
    title: options.title,
    ...(options.subtitle ? { subtitle: options.subtitle } : {}),
    xLabel: 'Recall (sensitivity)',
    yLabel: 'Precision (positive predictive value)',
    xDomain: [0, 1],
    yDomain: [0, 1],
    width: 780,
    height: 520,
    series: options.curves.map((c) => ({ name: c.auprc === undefined ? c.name : `${c.name} (AUPRC ${c.auprc.toFixed(3)})`, x: c.recall, y: c.precision, step: true })),
    references: [{ from: [0, p], to: [1, p], label: `no skill (prevalence ${p.toFixed(2)})`, inLegend: true }],
  });
}

/** One reliability bin. */
export interface ReliabilityBinInput {
  /** Mean predicted probability in the bin (NaN when empty). */
  meanPredicted: number;
  /** Observed event frequency in the bin (NaN when empty). */
  observedRate: number;
  count: number;
}

/**
 * @returns a reliability diagram: observed frequency against mean predicted probability per bin for each
 * model, the diagonal of perfect calibration, and a strip of bin counts (first model) along the bottom.
 */
export function reliabilityPlot(options: { title: string; subtitle?: string; models: readonly { name: string; bins: readonly ReliabilityBinInput[]; ece?: number }[] }): string {
  const first = options.models[0]?.bins ?? [];
  const maxCount = Math.max(1, ...first.map((b) => b.count));
  return lineChart({
    title: options.title,
    ...(options.subtitle ? { subtitle: options.subtitle } : {}),
    xLabel: 'Mean predicted probability',
    yLabel: 'Observed frequency',
    xDomain: [0, 1],
    yDomain: [0, 1],
    width: 780,
    height: 540,
    caption: options.models.length > 0 ? `Grey bars: number of predictions per bin (${options.models[0]!.name}); empty bins are not drawn.` : '',
    series: options.models.map((m) => ({
      name: m.ece === undefined ? m.name : `${m.name} (ECE ${m.ece.toFixed(3)})`,
      x: m.bins.filter((b) => b.count > 0).map((b) => b.meanPredicted),
      y: m.bins.filter((b) => b.count > 0).map((b) => b.observedRate),
      markers: true,
    })),
    references: [{ from: [0, 0], to: [1, 1], label: 'perfectly calibrated', inLegend: true }],
    decorate: ({ x, area }) => {
      // Count strip: the bottom 16% of the plot, bins of equal width on [0, 1].
      const stripHeight = (area.bottom - area.top) * 0.16;
      const width = first.length > 0 ? (x(1) - x(0)) / first.length : 0;
      return first
        .map((bin, i) => {
          if (bin.count <= 0) return '';
          const h = (bin.count / maxCount) * stripHeight;
          const left = x(0) + i * width;
          return el('rect', { x: left + 1.5, y: area.bottom - h, width: width - 3, height: h, fill: '#9a9a9a', 'fill-opacity': 0.45 }) +
            text(left + width / 2, area.bottom - h - 3, String(bin.count), { 'font-size': 10.5, 'text-anchor': 'middle', fill: THEME.muted });
        })
        .join('');
    },
  });
}
