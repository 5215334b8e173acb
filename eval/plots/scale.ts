/**
 * Linear and logarithmic scales with "nice" ticks (1, 2, 5 × 10^k), and NaN-safe extents.
 */

/** A mapping from data values to pixels, with its ticks. */
export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  readonly log: boolean;
  /** Tick values inside the domain, increasing. */
  ticks(count?: number): number[];
}

/** @returns [min, max] of the finite values (and of `include`), or null when there are none. */
export function extent(values: Iterable<number>, include: readonly number[] = []): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (const v of include) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : null;
}

/** @returns a "nice" step (1, 2, 2.5 or 5 × 10^k) near `span / count`. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const fraction = raw / power;
  const nice = fraction < 1.5 ? 1 : fraction < 2.25 ? 2 : fraction < 3.5 ? 2.5 : fraction < 7.5 ? 5 : 10;
  return nice * power;
}

/** @returns the domain widened to whole nice steps (a zero-width or missing domain becomes a unit interval). */
export function niceDomain(domain: readonly [number, number] | null, count = 5): [number, number] {
  if (domain === null) return [0, 1];
  let [min, max] = domain;
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceStep(max - min, count);
  return [Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step];
}

/** @returns ticks of `step` inside [min, max], increasing, without float dust. */
export function linearTicks(min: number, max: number, count = 5): number[] {
  const step = niceStep(max - min, count);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(decimals)));
  return ticks;
}

/** @returns a linear scale from `domain` to pixel `range` (a zero-width domain maps to the range's middle). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = ((value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0))) as Scale;
  return Object.assign(scale, { domain, range, log: false, ticks: (count = 5) => linearTicks(Math.min(d0, d1), Math.max(d0, d1), count) });
}

/**
 * @returns a base-10 log scale; ticks at 1, 2, 5 × 10^k (only powers of ten on wide domains).
 * @throws RangeError when the domain is not strictly positive.
 */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  if (!(d0 > 0) || !(d1 > 0)) throw new RangeError(`log scale needs a positive domain, got [${d0}, ${d1}]`);
  const l0 = Math.log10(d0);
  const l1 = Math.log10(d1);
  const inner = linearScale([l0, l1], range);
  const scale = ((value: number) => (value > 0 ? inner(Math.log10(value)) : Number.NaN)) as Scale;
  const ticks = (): number[] => {
    const decades = Math.abs(l1 - l0);
    const mantissas = decades > 4 ? [1] : decades > 2 ? [1, 3] : [1, 2, 5];
    const out: number[] = [];
    const lo = Math.min(d0, d1);
    const hi = Math.max(d0, d1);
    for (let k = Math.floor(Math.min(l0, l1)); k <= Math.ceil(Math.max(l0, l1)); k++) {
      for (const m of mantissas) {
        const v = Number((m * Math.pow(10, k)).toPrecision(6));
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  };
  return Object.assign(scale, { domain, range, log: true, ticks });
}

/** @returns a compact tick label: 1.5k, 2M, 0.001, 12.5 (no float dust). */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return '';
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (abs >= 1e4) return `${Number((value / 1e3).toPrecision(3))}k`;
  if (abs !== 0 && abs < 1e-3) return value.toExponential(0);
  return String(Number(value.toPrecision(4)));
}
