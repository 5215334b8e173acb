/**
 * Grouped bar charts: one cluster per category, one bar per group, optional error bars (confidence
 * intervals) and value labels.
 */
import { chartFrame } from './frame.js';
import { extent, formatTick } from './scale.js';
import { coord, el, seriesColor, text, THEME } from './svg.js';

/** One group (one bar in every category). `values[i]` belongs to `categories[i]`; NaN leaves a gap. */
export interface BarGroup {
  name: string;
  values: readonly number[];
  /** Optional [low, high] per category (e.g. a 95% bootstrap CI). */
  intervals?: readonly (readonly [number, number] | null)[];
  color?: string;
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  title: string;
  subtitle?: string;
  categories: readonly string[];
  groups: readonly BarGroup[];
  /** With units: 'Severe hypoglycaemia events (count)'. */
  yLabel: string;
  xLabel?: string;
  /** Fixed y domain (e.g. [0, 1] for rates); default from the data including 0. */
  yDomain?: readonly [number, number];
  /** Value label format (default compact number); null hides labels. */
  valueFormat?: ((value: number) => string) | null;
  width?: number;
  height?: number;
  caption?: string;
}

function headroom(domain: [number, number] | null): [number, number] | null {
  return domain && [domain[0], domain[1] + (domain[1] - domain[0]) * 0.1];
}

/** @returns a grouped bar chart. Never throws on NaN/empty data. */
export function barChart(options: BarChartOptions): string {
  const n = options.categories.length;
  const values = options.groups.flatMap((g) => [...g.values, ...(g.intervals ?? []).flatMap((i) => (i ? [i[0], i[1]] : []))]);
  const longest = Math.max(0, ...options.categories.map((c) => c.length));
  const frame = chartFrame({
    title: options.title,
    ...(options.subtitle ? { subtitle: options.subtitle } : {}),
    ...(options.caption ? { caption: options.caption } : {}),
    xLabel: options.xLabel ?? '',
    yLabel: options.yLabel,
    xDomain: [0, Math.max(1, n)],
    xExact: true,
    // 10% headroom so value labels above the tallest bar stay inside the plot.
    yDomain: options.yDomain ?? headroom(extent(values, [0])),
    ...(options.yDomain ? { yExact: true } : {}),
    xTicks: options.categories.map((_, i) => i + 0.5),
    xTickFormat: (v) => options.categories[Math.floor(v)] ?? '',
    xGrid: false,
    xTickRotate: longest * 6.6 > (620 / Math.max(1, n)) * 0.9,
    legend: options.groups.map((g, i) => ({ label: g.name, color: g.color ?? seriesColor(i), symbol: 'box' as const })),
    width: options.width ?? Math.max(640, 160 + n * (40 + 26 * options.groups.length)),
    height: options.height ?? 460,
  });
  const { x, y } = frame;
  const slot = x(1) - x(0);
  const barWidth = (slot * 0.78) / Math.max(1, options.groups.length);
  const format = options.valueFormat === undefined ? formatTick : options.valueFormat;
  const zero = y(Math.max(y.domain[0], Math.min(y.domain[1], 0)));
  const body = options.groups
    .map((group, g) => {
      const color = group.color ?? seriesColor(g);
      return options.categories
        .map((_, i) => {
          const value = group.values[i];
          if (value === undefined || !Number.isFinite(value)) return '';
          const left = x(i) + slot * 0.11 + g * barWidth;
          const top = Math.min(zero, y(value));
          const bar = el('rect', { x: left + 1, y: top, width: Math.max(1, barWidth - 2), height: Math.abs(zero - y(value)), fill: color, 'fill-opacity': 0.9 });
          const interval = group.intervals?.[i];
          const error = interval && Number.isFinite(interval[0]) && Number.isFinite(interval[1])
            ? el('path', { d: `M${coord(left + barWidth / 2)},${coord(y(interval[0]))}V${coord(y(interval[1]))}M${coord(left + barWidth / 2 - 4)},${coord(y(interval[0]))}h8M${coord(left + barWidth / 2 - 4)},${coord(y(interval[1]))}h8`, stroke: THEME.text, 'stroke-width': 1.3, fill: 'none' })
            : '';
          const labelY = Math.min(top, interval ? y(interval[1]) : top) - 4;
          const label = format ? text(left + barWidth / 2, labelY, format(value), { 'font-size': 11, 'text-anchor': 'middle', fill: THEME.muted }) : '';
          return bar + error + label;
        })
        .join('');
    })
    .join('');
  return frame.render(body);
}
