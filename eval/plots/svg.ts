/**
 * The smallest SVG toolkit the plots need: escaping, element strings, number formatting for
 * coordinates, the document wrapper, and the shared look (fonts, colour-blind-safe palette).
 */

/** Okabe–Ito palette (colour-blind safe), in the order series take it. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442'] as const;

/** Typography and neutral colours shared by every plot. */
export const THEME = {
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  titleSize: 17,
  labelSize: 14,
  tickSize: 12.5,
  legendSize: 13,
  text: '#222222',
  muted: '#555555',
  grid: '#e3e3e3',
  axis: '#444444',
  background: '#ffffff',
} as const;

/** @returns the palette colour of series `index` (wraps around). */
export function seriesColor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/** @returns `text` safe inside SVG text and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** @returns a coordinate with at most 2 decimals (`0` for non-finite input, so a stray NaN never breaks a file). */
export function coord(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** Attribute values: strings are escaped, numbers formatted as coordinates; undefined/false are omitted. */
export type Attributes = Record<string, string | number | undefined | false>;

function renderAttributes(attributes: Attributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    out += ` ${name}="${typeof value === 'number' ? coord(value) : escapeXml(value)}"`;
  }
  return out;
}

/**
 * @returns one SVG element as a string; `children` are inserted verbatim (already-rendered markup), so
 * pass text through {@link escapeXml} or use {@link text}.
 */
export function el(name: string, attributes: Attributes = {}, children?: string): string {
  return children === undefined || children === '' ? `<${name}${renderAttributes(attributes)}/>` : `<${name}${renderAttributes(attributes)}>${children}</${name}>`;
}

/** @returns a `<text>` element with escaped content in the plot font. */
export function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  return el('text', { x, y, fill: THEME.text, ...attributes }, escapeXml(content));
}

/** @returns a polyline path `d` for points, starting a new sub-path after every non-finite point. */
export function pathData(points: ReadonlyArray<readonly [number, number]>): string {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${coord(x)},${coord(y)}`;
    pen = true;
  }
  return d;
}

/** Size and accessible name of a document. */
export interface DocumentOptions {
  width: number;
  height: number;
  /** Read by screen readers and shown as a tooltip. */
  title: string;
  description?: string;
}

/** @returns a standalone SVG document (XML declaration-free, renders inline on GitHub). */
export function svgDocument(options: DocumentOptions, body: string): string {
  const { width, height } = options;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${coord(width)}" height="${coord(height)}" viewBox="0 0 ${coord(width)} ${coord(height)}" ` +
    `font-family="${escapeXml(THEME.fontFamily)}" role="img">` +
    el('title', {}, escapeXml(options.title)) +
    (options.description ? el('desc', {}, escapeXml(options.description)) : '') +
    el('rect', { x: 0, y: 0, width, height, fill: THEME.background }) +
    body +
    '</svg>\n'
  );
}
