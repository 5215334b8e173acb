/**
 * Markdown that renders on GitHub: tables with escaped cells, images by relative link, and number
 * formatting that reads well in a report.
 */

/** @returns `text` safe inside a table cell (pipes escaped, newlines folded). */
export function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Column alignment of {@link table}. */
export type Align = 'left' | 'right' | 'center';

/**
 * @returns a GitHub table. Numbers are right-aligned by default; cells are escaped.
 * @throws RangeError when a row has more cells than there are headers.
 */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[], align?: readonly Align[]): string {
  for (const row of rows) if (row.length > headers.length) throw new RangeError(`row has ${row.length} cells for ${headers.length} headers`);
  const alignment = headers.map((_, c) => align?.[c] ?? (rows.length > 0 && rows.every((r) => typeof r[c] === 'number') ? 'right' : 'left'));
  const rule = alignment.map((a) => (a === 'right' ? '---:' : a === 'center' ? ':---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers.map(escapeCell)), line(rule), ...rows.map((r) => line(headers.map((_, c) => escapeCell(formatCell(r[c])))))].join('\n') + '\n';
}

function formatCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? formatNumber(value) : value;
}

/** @returns `value` with `digits` significant digits, no exponent for everyday magnitudes; 'n/a' for NaN. */
export function formatNumber(value: number, digits = 4): string {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return value.toExponential(digits - 2);
  return String(Number(value.toPrecision(digits)));
}

/** @returns a fraction as a percentage ('12.3%'); 'n/a' for NaN. */
export function percent(fraction: number, decimals = 1): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(decimals)}%` : 'n/a';
}

/** @returns a value with its interval: '0.871 [0.842, 0.897]'. */
export function withInterval(value: number, lower: number, upper: number, decimals = 3): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(decimals) : 'n/a');
  return `${f(value)} [${f(lower)}, ${f(upper)}]`;
}

/** @returns an image by relative link (GitHub renders SVG files linked this way). */
export function image(file: string, alt: string): string {
  return `![${alt.replace(/[[\]]/g, '')}](${encodeURI(file)})\n`;
}

/** @returns a bulleted list. */
export function bullets(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n') + '\n';
}
