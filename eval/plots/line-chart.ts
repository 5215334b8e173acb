/**
 * Line and step charts with several series, optional markers, shaded bands and reference lines.
 * Non-finite points break a line instead of corrupting it.
 */
import { chartFrame, marker, type FrameOptions, type LegendItem } from './frame.js';
import { extent } from './scale.js';
import { el, pathData, seriesColor, text, THEME } from './svg.js';

/** One series. `x` and `y` have the same length; non-finite pairs are gaps. */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  dashed?: boolean;
  /** Draw as a step function (value holds until the next x). */
  step?: boolean;
  /** Draw a circle at each point. */
  markers?: boolean;
  /** Leave out of the legend. */
  hideInLegend?: boolean;
  strokeWidth?: number;
}

/** A straight reference line in data coordinates (a diagonal, a threshold). */
export interface ReferenceLine {
  from: readonly [number, number];
  to: readonly [number, number];
  label?: string;
  color?: string;
  dashed?: boolean;
  /** Add to the legend instead of labelling at the end of the line. */
  inLegend?: boolean;
}

/** A shaded region in data coordinates; missing bounds extend to the plot edges. */
export interface Band {
  x0?: number;
  x1?: number;
  y0?: number;
  y1?: number;
  color: string;
  opacity?: number;
  label?: string;
}

/** Options of {@link lineChart}. Domains default to the data's extent. */
export interface LineChartOptions extends Omit<FrameOptions, 'xDomain' | 'yDomain' | 'legend'> {
  series: readonly Series[];
  references?: readonly ReferenceLine[];
  bands?: readonly Band[];
  xDomain?: readonly [number, number];
  yDomain?: readonly [number, number];
  /** Extra legend entries (after the series). */
  legend?: readonly LegendItem[];
  /** Extra markup drawn inside the plot area, given the laid-out scales. */
  decorate?: (frame: ReturnType<typeof chartFrame>) => string;
}

function points(series: Series, sx: (v: number) => number, sy: (v: number) => number): [number, number][] {
  const out: [number, number][] = [];
  const n = Math.min(series.x.length, series.y.length);
  for (let i = 0; i < n; i++) {
    const x = series.x[i]!;
    const y = series.y[i]!;
    if (series.step && out.length > 0 && Number.isFinite(x) && Number.isFinite(y)) {
      const previous = out[out.length - 1]!;
      if (Number.isFinite(previous[1])) out.push([sx(x), previous[1]]);
    }
    out.push([Number.isFinite(x) ? sx(x) : Number.NaN, Number.isFinite(y) ? sy(y) : Number.NaN]);
  }
  return out;
}

/** @returns an SVG document with one line per series and a legend. Never throws on NaN/empty data. */
export function lineChart(options: LineChartOptions): string {
  const xs = options.series.flatMap((s) => Array.from(s.x));
  const ys = options.series.flatMap((s) => Array.from(s.y));
  const refX = (options.references ?? []).flatMap((r) => [r.from[0], r.to[0]]);
  const refY = (options.references ?? []).flatMap((r) => [r.from[1], r.to[1]]);
  const legend: LegendItem[] = [
    ...options.series.flatMap((s, i) => (s.hideInLegend ? [] : [{ label: s.name, color: s.color ?? seriesColor(i), symbol: s.dashed ? ('dashed' as const) : s.markers && s.x.length < 3 ? ('circle' as const) : ('line' as const) }])),
    ...(options.references ?? []).filter((r) => r.inLegend && r.label).map((r) => ({ label: r.label!, color: r.color ?? THEME.muted, symbol: r.dashed === false ? ('line' as const) : ('dashed' as const) })),
    ...(options.bands ?? []).filter((b) => b.label).map((b) => ({ label: b.label!, color: b.color, symbol: 'box' as const })),
    ...(options.legend ?? []),
  ];
  const positive = (v: number) => !(options.xLog || options.yLog) || v > 0;
  const frame = chartFrame({
    ...options,
    xDomain: options.xDomain ?? extent(xs.filter(positive), refX),
    yDomain: options.yDomain ?? extent(ys.filter(positive), refY),
    legend,
  });
  const { x, y, area } = frame;
  const bands = (options.bands ?? [])
    .map((b) => {
      const x0 = b.x0 === undefined ? area.left : x(b.x0);
      const x1 = b.x1 === undefined ? area.right : x(b.x1);
      const y0 = b.y0 === undefined ? area.bottom : y(b.y0);
      const y1 = b.y1 === undefined ? area.top : y(b.y1);
      return el('rect', { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0), fill: b.color, 'fill-opacity': b.opacity ?? 0.15 });
    })
    .join('');
  const references = (options.references ?? [])
    .map((r) => {
      const line = el('line', { x1: x(r.from[0]), y1: y(r.from[1]), x2: x(r.to[0]), y2: y(r.to[1]), stroke: r.color ?? THEME.muted, 'stroke-width': 1.4, 'stroke-dasharray': r.dashed === false ? undefined : '6 4' });
      const label = r.label && !r.inLegend ? text(area.right - 4, y(r.to[1]) - 5, r.label, { 'font-size': 11.5, 'text-anchor': 'end', fill: r.color ?? THEME.muted }) : '';
      return line + label;
    })
    .join('');
  const lines = options.series
    .map((s, i) => {
      const color = s.color ?? seriesColor(i);
      const pts = points(s, x, y);
      const path = el('path', { d: pathData(pts), fill: 'none', stroke: color, 'stroke-width': s.strokeWidth ?? 2.2, 'stroke-linejoin': 'round', 'stroke-linecap': 'round', 'stroke-dasharray': s.dashed ? '7 5' : undefined });
      const dots = s.markers ? pts.filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py)).map(([px, py]) => marker('circle', px, py, color, 4)).join('') : '';
      return path + dots;
    })
    .join('');
  return frame.render(bands + references + lines + (options.decorate?.(frame) ?? ''));
}
