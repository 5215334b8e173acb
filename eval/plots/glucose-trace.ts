/**
 * A glucose trace as a clinician reads it: plasma glucose over time for one or more runs (e.g. with and
 * without the gate), the 70–180 mg/dL target band, threshold lines at 54 / 70 / 180 mg/dL, the attack
 * window shaded, and the gate's verdicts as markers in a lane at the top.
 */
import { marker, type LegendItem } from './frame.js';
import { lineChart } from './line-chart.js';
import { el, seriesColor } from './svg.js';

/** A gate verdict at a time. */
export interface VerdictMarker {
  minute: number;
  verdict: 'ALLOW' | 'HOLD' | 'REJECT';
}

/** Verdict marker style: shape and colour (Okabe–Ito bluish green, orange, vermillion). */
export const VERDICT_STYLE = {
  ALLOW: { symbol: 'circle', color: '#009E73' },
  HOLD: { symbol: 'triangle', color: '#E69F00' },
  REJECT: { symbol: 'cross', color: '#D55E00' },
} as const;

/** Options of {@link glucoseTracePlot}. Times are minutes from the trace start. */
export interface GlucoseTraceOptions {
  title: string;
  subtitle?: string;
  runs: readonly { name: string; glucoseMgDl: ArrayLike<number>; color?: string; dashed?: boolean }[];
  /** Minutes per sample (default 1). */
  sampleMinutes?: number;
  attackWindow?: { startMinute: number; endMinute: number; label?: string };
  verdicts?: readonly VerdictMarker[];
  /** Minute-of-day of the first sample, so ticks read as clock time (default 0 = midnight). */
  startMinuteOfDay?: number;
  width?: number;
  height?: number;
}

function clock(minute: number): string {
  const m = ((Math.round(minute) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** @returns the SVG trace plot. Never throws on NaN/empty data. */
export function glucoseTracePlot(options: GlucoseTraceOptions): string {
  const step = options.sampleMinutes ?? 1;
  const offset = options.startMinuteOfDay ?? 0;
  const length = Math.max(1, ...options.runs.map((r) => r.glucoseMgDl.length));
  const spanMinutes = (length - 1) * step;
  const tickEvery = spanMinutes > 2 * 1440 ? 720 : spanMinutes > 720 ? 180 : spanMinutes > 240 ? 60 : 30;
  const xTicks: number[] = [];
  for (let t = Math.ceil(offset / tickEvery) * tickEvery - offset; t <= spanMinutes; t += tickEvery) xTicks.push(t);
  const peak = Math.max(250, ...options.runs.flatMap((r) => Array.from(r.glucoseMgDl).filter(Number.isFinite)));
  const yMax = Math.ceil((peak + 40) / 50) * 50;
  const verdicts = options.verdicts ?? [];
  const seen = new Set(verdicts.map((v) => v.verdict));
  const verdictLegend: LegendItem[] = (['ALLOW', 'HOLD', 'REJECT'] as const)
    .filter((v) => seen.has(v))
    .map((v) => ({ label: `gate: ${v}`, color: VERDICT_STYLE[v].color, symbol: VERDICT_STYLE[v].symbol }));
  return lineChart({
    title: options.title,
    ...(options.subtitle ? { subtitle: options.subtitle } : {}),
    xLabel: `Time of day (hh:mm)`,
    yLabel: 'Plasma glucose (mg/dL)',
    xDomain: [0, Math.max(1, spanMinutes)],
    xExact: true,
    yDomain: [0, yMax],
    yExact: true,
    xTicks,
    xTickFormat: (t) => clock(t + offset),
    width: options.width ?? 900,
    height: options.height ?? 440,
    series: options.runs.map((run, i) => ({
      name: run.name,
      x: Array.from({ length: run.glucoseMgDl.length }, (_, k) => k * step),
      y: run.glucoseMgDl,
      color: run.color ?? seriesColor(i),
      ...(run.dashed ? { dashed: true } : {}),
      strokeWidth: 1.8,
    })),
    bands: [
      { y0: 70, y1: 180, color: '#009E73', opacity: 0.07, label: 'target 70–180 mg/dL' },
      ...(options.attackWindow ? [{ x0: options.attackWindow.startMinute, x1: options.attackWindow.endMinute, color: '#CC79A7', opacity: 0.2, label: options.attackWindow.label ?? 'attack window' }] : []),
    ],
    references: [
      { from: [0, 180], to: [Math.max(1, spanMinutes), 180], color: '#8c6d00' },
      { from: [0, 70], to: [Math.max(1, spanMinutes), 70], label: '70 / 180 mg/dL', color: '#8c6d00', inLegend: true },
      { from: [0, 54], to: [Math.max(1, spanMinutes), 54], label: '54 mg/dL (severe low)', color: '#D55E00', dashed: false, inLegend: true },
    ],
    legend: verdictLegend,
    decorate: ({ x, area }) => {
      if (verdicts.length === 0) return '';
      const lane = area.top + 12;
      return el('line', { x1: area.left, y1: lane + 10, x2: area.right, y2: lane + 10, stroke: '#cccccc', 'stroke-width': 0.8 }) +
        verdicts.map((v) => {
          const style = VERDICT_STYLE[v.verdict];
          return el('line', { x1: x(v.minute), y1: lane + 10, x2: x(v.minute), y2: area.bottom, stroke: style.color, 'stroke-width': 0.8, 'stroke-opacity': v.verdict === 'ALLOW' ? 0 : 0.45, 'stroke-dasharray': '2 3' }) +
            marker(style.symbol, x(v.minute), lane, style.color, v.verdict === 'ALLOW' ? 3.5 : 5.5);
        }).join('');
    },
  });
}
