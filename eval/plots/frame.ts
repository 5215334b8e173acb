/**
 * The frame every x/y chart shares: title and subtitle, plot area, grid, axes with ticks and labels
 * (units belong in the labels), and a legend to the right of the plot.
 */
import { formatTick, linearScale, logScale, niceDomain, type Scale } from './scale.js';
import { coord, el, svgDocument, text, THEME } from './svg.js';

/** How a legend entry is drawn. */
export type LegendSymbol = 'line' | 'dashed' | 'box' | 'circle' | 'triangle' | 'cross';

/** One legend entry. */
export interface LegendItem {
  label: string;
  color: string;
  symbol: LegendSymbol;
}

/** Options of {@link chartFrame}. */
export interface FrameOptions {
  title: string;
  subtitle?: string;
  /** Axis labels, with units: 'Time (h)', 'Glucose (mg/dL)'. */
  xLabel: string;
  yLabel: string;
  /** Data extents; widened to nice ticks unless `exact` is set for that axis. */
  xDomain: readonly [number, number] | null;
  yDomain: readonly [number, number] | null;
  xExact?: boolean;
  yExact?: boolean;
  xLog?: boolean;
  yLog?: boolean;
  xTickFormat?: (value: number) => string;
  yTickFormat?: (value: number) => string;
  /** Explicit tick values (e.g. every 2 h). */
  xTicks?: readonly number[];
  yTicks?: readonly number[];
  legend?: readonly LegendItem[];
  width?: number;
  height?: number;
  /** A caption under the plot (e.g. how many points, what the shading means). */
  caption?: string;
  /** Draw vertical grid lines at the x ticks (default true; false for categories). */
  xGrid?: boolean;
  /** Rotate x tick labels by −35° (long category names). */
  xTickRotate?: boolean;
}

/** Pixel box of the plot area. */
export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A laid-out frame: its scales and a function that wraps the plot body into a document. */
export interface Frame {
  x: Scale;
  y: Scale;
  area: PlotArea;
  /** @returns the complete SVG with `body` clipped to the plot area and `overlay` unclipped. */
  render(body: string, overlay?: string): string;
}

function scaleFor(domain: readonly [number, number] | null, exact: boolean | undefined, log: boolean | undefined, range: [number, number]): Scale {
  if (log) {
    const lo = domain && domain[0] > 0 ? domain[0] : 1;
    const hi = domain && domain[1] > lo ? domain[1] : lo * 10;
    return logScale(exact ? [lo, hi] : [Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi)))], range);
  }
  return linearScale(exact && domain && domain[0] < domain[1] ? domain : niceDomain(domain), range);
}

/** @returns the legend's markup at (x, y), one entry per row. */
export function renderLegend(items: readonly LegendItem[], x: number, y: number): string {
  const row = 22;
  return items
    .map((item, i) => {
      const cy = y + i * row;
      const glyph = legendGlyph(item, x, cy);
      return glyph + text(x + 30, cy + 4.5, item.label, { 'font-size': THEME.legendSize });
    })
    .join('');
}

/** @returns a marker glyph centred on (cx, cy). */
export function marker(symbol: 'circle' | 'triangle' | 'cross', cx: number, cy: number, color: string, size = 5): string {
  if (symbol === 'circle') return el('circle', { cx, cy, r: size, fill: color, stroke: '#ffffff', 'stroke-width': 1 });
  if (symbol === 'triangle') {
    const h = size * 1.2;
    return el('path', { d: `M${coord(cx)},${coord(cy - h)}L${coord(cx + h)},${coord(cy + h * 0.8)}L${coord(cx - h)},${coord(cy + h * 0.8)}Z`, fill: color, stroke: '#ffffff', 'stroke-width': 1 });
  }
  const s = size;
  return el('path', { d: `M${coord(cx - s)},${coord(cy - s)}L${coord(cx + s)},${coord(cy + s)}M${coord(cx - s)},${coord(cy + s)}L${coord(cx + s)},${coord(cy - s)}`, stroke: color, 'stroke-width': 2.6, 'stroke-linecap': 'round' });
}

function legendGlyph(item: LegendItem, x: number, cy: number): string {
  switch (item.symbol) {
    case 'line':
      return el('line', { x1: x, y1: cy, x2: x + 22, y2: cy, stroke: item.color, 'stroke-width': 2.5 });
    case 'dashed':
      return el('line', { x1: x, y1: cy, x2: x + 22, y2: cy, stroke: item.color, 'stroke-width': 2, 'stroke-dasharray': '5 4' });
    case 'box':
      return el('rect', { x, y: cy - 7, width: 22, height: 14, fill: item.color, 'fill-opacity': 0.85 });
    default:
      return marker(item.symbol, x + 11, cy, item.color);
  }
}

function xTickLabel(px: number, bottom: number, label: string, rotate: boolean): string {
  if (!rotate) return text(px, bottom + 20, label, { 'font-size': THEME.tickSize, 'text-anchor': 'middle', fill: THEME.muted });
  return text(0, 0, label, { 'font-size': THEME.tickSize, 'text-anchor': 'end', fill: THEME.muted, transform: `translate(${coord(px + 4)} ${coord(bottom + 14)}) rotate(-35)` });
}

/**
 * Lays out a chart. Plot-area width shrinks to leave room for the legend on the right.
 * @returns scales and a renderer. Never throws (missing domains become [0, 1]).
 */
export function chartFrame(options: FrameOptions): Frame {
  const width = options.width ?? 760;
  const height = options.height ?? 440;
  const legend = options.legend ?? [];
  const legendWidth = legend.length > 0 ? Math.min(260, 44 + 7.4 * Math.max(...legend.map((l) => l.label.length))) : 0;
  const top = options.subtitle ? 66 : 48;
  const xFormat = options.xTickFormat ?? formatTick;
  const yFormat = options.yTickFormat ?? formatTick;
  // Rotated labels need height for their longest label (≈ 6.6 px per character at the tick size, × sin 35°).
  const rotatedExtra = options.xTickRotate && options.xTicks ? Math.max(0, ...options.xTicks.map((t) => xFormat(t).length * 6.6 * 0.5)) : 0;
  // …and the first rotated label reaches left of its tick by ≈ its length × cos 35°.
  const firstLabel = options.xTickRotate && options.xTicks?.[0] !== undefined ? xFormat(options.xTicks[0]).length * 6.6 * 0.82 : 0;
  const area: PlotArea = { left: Math.max(78, firstLabel - 20), top, right: width - 24 - legendWidth, bottom: height - (options.caption ? 76 : 58) - rotatedExtra };
  const x = scaleFor(options.xDomain, options.xExact, options.xLog, [area.left, area.right]);
  const y = scaleFor(options.yDomain, options.yExact, options.yLog, [area.bottom, area.top]);
  const xTicks = options.xTicks ?? x.ticks(Math.max(3, Math.round((area.right - area.left) / 90)));
  const yTicks = options.yTicks ?? y.ticks(Math.max(3, Math.round((area.bottom - area.top) / 60)));
  // Each plot is its own file (linked, not inlined), so a fixed id cannot collide.
  const clipId = 'plot-area';

  const grid =
    (options.xGrid === false ? '' : xTicks.map((t) => el('line', { x1: x(t), y1: area.top, x2: x(t), y2: area.bottom, stroke: THEME.grid, 'stroke-width': 1 })).join('')) +
    yTicks.map((t) => el('line', { x1: area.left, y1: y(t), x2: area.right, y2: y(t), stroke: THEME.grid, 'stroke-width': 1 })).join('');
  const axes =
    el('line', { x1: area.left, y1: area.bottom, x2: area.right, y2: area.bottom, stroke: THEME.axis, 'stroke-width': 1.2 }) +
    el('line', { x1: area.left, y1: area.top, x2: area.left, y2: area.bottom, stroke: THEME.axis, 'stroke-width': 1.2 }) +
    xTicks.map((t) => el('line', { x1: x(t), y1: area.bottom, x2: x(t), y2: area.bottom + 5, stroke: THEME.axis }) + xTickLabel(x(t), area.bottom, xFormat(t), options.xTickRotate === true)).join('') +
    yTicks.map((t) => el('line', { x1: area.left - 5, y1: y(t), x2: area.left, y2: y(t), stroke: THEME.axis }) + text(area.left - 9, y(t) + 4, yFormat(t), { 'font-size': THEME.tickSize, 'text-anchor': 'end', fill: THEME.muted })).join('') +
    text((area.left + area.right) / 2, area.bottom + 44 + rotatedExtra, options.xLabel, { 'font-size': THEME.labelSize, 'text-anchor': 'middle' }) +
    text(0, 0, options.yLabel, { 'font-size': THEME.labelSize, 'text-anchor': 'middle', transform: `translate(${coord(area.left - 58)} ${coord((area.top + area.bottom) / 2)}) rotate(-90)` });
  const titles =
    text(area.left, 28, options.title, { 'font-size': THEME.titleSize, 'font-weight': 600 }) +
    (options.subtitle ? text(area.left, 50, options.subtitle, { 'font-size': THEME.legendSize, fill: THEME.muted }) : '') +
    (options.caption ? text(area.left, height - 14, options.caption, { 'font-size': 12, fill: THEME.muted }) : '');

  return {
    x,
    y,
    area,
    render(body, overlay = '') {
      const clip = el('clipPath', { id: clipId }, el('rect', { x: area.left, y: area.top - 1, width: area.right - area.left, height: area.bottom - area.top + 2 }));
      return svgDocument(
        { width, height, title: options.title, ...(options.subtitle ? { description: options.subtitle } : {}) },
        el('defs', {}, clip) + titles + grid + el('g', { 'clip-path': `url(#${clipId})` }, body) + axes + overlay + renderLegend(legend, area.right + 22, area.top + 10),
      );
    },
  };
}
