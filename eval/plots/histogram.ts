/**
 * Histograms (e.g. latency) with linear or logarithmic bins, several overlaid series and optional
 * vertical markers (p50, p99, a target).
 */
import { chartFrame, type LegendItem } from './frame.js';
import { extent, formatTick } from './scale.js';
import { el, seriesColor, text, THEME } from './svg.js';

/** Options of {@link histogram}. */
export interface HistogramOptions {
  title: string;
  subtitle?: string;
  /** With units: 'Latency (ms)'. */
  xLabel: string;
  yLabel?: string;
  series: readonly { name: string; values: ArrayLike<number>; color?: string }[];
  /** Number of bins (default 30). */
  bins?: number;
  /** Logarithmic bins and axis; non-positive values are left out and counted in the caption. */
  logX?: boolean;
  /** Vertical lines at x (e.g. percentiles or a target). */
  markers?: readonly { x: number; label: string; color?: string }[];
  width?: number;
  height?: number;
}

/** Bin edges and counts of one series. */
export interface Binned {
  edges: number[];
  counts: number[][];
  /** Values left out (non-finite, or non-positive on a log axis). */
  dropped: number;
}

/**
 * Bins every series on shared edges.
 * @returns edges (bins + 1, increasing) and one count array per series. Never throws.
 */
export function binValues(series: readonly ArrayLike<number>[], bins: number, logX: boolean): Binned {
  const keep = (v: number) => Number.isFinite(v) && (!logX || v > 0);
  const all = series.flatMap((s) => Array.from(s));
  const dropped = all.filter((v) => !keep(v)).length;
  const range = extent(all.filter(keep)) ?? (logX ? [1, 10] : [0, 1]);
  let [lo, hi] = range;
  if (lo === hi) {
    lo = logX ? lo / 2 : lo - 0.5;
    hi = logX ? hi * 2 : hi + 0.5;
  }
  const n = Math.max(1, Math.floor(bins));
  const edges = Array.from({ length: n + 1 }, (_, i) => (logX ? Math.pow(10, Math.log10(lo) + ((Math.log10(hi) - Math.log10(lo)) * i) / n) : lo + ((hi - lo) * i) / n));
  const position = (v: number) => (logX ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo));
  const counts = series.map((s) => {
    const c = new Array<number>(n).fill(0);
    for (let i = 0; i < s.length; i++) {
      const v = s[i]!;
      if (!keep(v)) continue;
      c[Math.min(n - 1, Math.max(0, Math.floor(position(v) * n)))]!++;
    }
    return c;
  });
  return { edges, counts, dropped };
}

/** @returns an SVG histogram; overlapping series are drawn semi-transparent. Never throws on NaN/empty data. */
export function histogram(options: HistogramOptions): string {
  const logX = options.logX === true;
  const binned = binValues(options.series.map((s) => s.values), options.bins ?? 30, logX);
  const maxCount = Math.max(1, ...binned.counts.flat());
  const legend: LegendItem[] = [
    ...options.series.map((s, i) => ({ label: s.name, color: s.color ?? seriesColor(i), symbol: 'box' as const })),
    ...(options.markers ?? []).map((m) => ({ label: `${m.label} = ${formatTick(m.x)}`, color: m.color ?? THEME.text, symbol: 'dashed' as const })),
  ];
  const frame = chartFrame({
    title: options.title,
    ...(options.subtitle ? { subtitle: options.subtitle } : {}),
    xLabel: options.xLabel,
    yLabel: options.yLabel ?? 'Count',
    xDomain: [binned.edges[0]!, binned.edges[binned.edges.length - 1]!],
    yDomain: [0, maxCount],
    xExact: logX,
    xLog: logX,
    legend,
    ...(binned.dropped > 0 ? { caption: `${binned.dropped} value(s) not shown (non-finite${logX ? ' or ≤ 0 on the log axis' : ''}).` } : {}),
    ...(options.width ? { width: options.width } : {}),
    ...(options.height ? { height: options.height } : {}),
  });
  const { x, y } = frame;
  const opacity = options.series.length > 1 ? 0.55 : 0.85;
  const bars = binned.counts
    .map((counts, s) =>
      counts
        .map((count, i) => {
          if (count === 0) return '';
          const x0 = x(binned.edges[i]!);
          const x1 = x(binned.edges[i + 1]!);
          return el('rect', { x: x0 + 0.5, y: y(count), width: Math.max(0.5, x1 - x0 - 1), height: y(0) - y(count), fill: options.series[s]!.color ?? seriesColor(s), 'fill-opacity': opacity });
        })
        .join(''),
    )
    .join('');
  const markers = (options.markers ?? [])
    .map((m) => el('line', { x1: x(m.x), y1: frame.area.top, x2: x(m.x), y2: frame.area.bottom, stroke: m.color ?? THEME.text, 'stroke-width': 1.6, 'stroke-dasharray': '6 4' }) +
      text(x(m.x) + (x(m.x) > (frame.area.left + frame.area.right) / 2 ? -4 : 4), frame.area.top + 14, m.label, { 'font-size': 11.5, fill: m.color ?? THEME.text, 'text-anchor': x(m.x) > (frame.area.left + frame.area.right) / 2 ? 'end' : 'start' }))
    .join('');
  return frame.render(bars + markers);
}
