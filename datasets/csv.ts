/**
 * A small strict CSV reader for the simulator's numeric tables (no quoting: the shared data and the
 * simulate contract never need it). Errors name the file, the row (1-based line number) and the column.
 */
import { InvalidArgumentError } from '../common/errors/index.js';

/** A parsed CSV table: header names (spaces removed) and the raw cells of each data row. */
export interface CsvTable {
  source: string;
  header: string[];
  rows: { line: number; cells: string[] }[];
}

/**
 * Parses CSV text with a header line. Column names lose their spaces (`x0_ 1` → `x0_1`).
 * @throws InvalidArgumentError when the table is empty or a row has the wrong number of cells.
 */
export function parseCsv(text: string, source: string): CsvTable {
  const lines = text.split(/\r?\n/);
  const headerLine = lines[0];
  if (headerLine === undefined || headerLine.trim() === '') throw new InvalidArgumentError([{ field: source, description: 'is empty (no header line)' }]);
  const header = headerLine.split(',').map((name) => name.replace(/\s+/g, ''));
  const rows: CsvTable['rows'] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const cells = line.split(',').map((cell) => cell.trim());
    if (cells.length !== header.length) {
      throw new InvalidArgumentError([{ field: `${source} row ${i + 1}`, description: `has ${cells.length} cells, header has ${header.length}` }]);
    }
    rows.push({ line: i + 1, cells });
  }
  return { source, header, rows };
}

/** @returns the index of each required column. @throws InvalidArgumentError naming the first missing column. */
export function requireColumns(table: CsvTable, columns: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (const column of columns) {
    const at = table.header.indexOf(column);
    if (at < 0) throw new InvalidArgumentError([{ field: table.source, description: `missing column '${column}'` }]);
    index.set(column, at);
  }
  return index;
}

/** @returns the cell as a finite number. @throws InvalidArgumentError naming the row and column otherwise. */
export function numericCell(table: CsvTable, row: { line: number; cells: string[] }, column: string, at: number): number {
  const raw = row.cells[at] ?? '';
  const value = raw === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) {
    throw new InvalidArgumentError([{ field: `${table.source} row ${row.line} column '${column}'`, description: `not a finite number: '${raw}'` }]);
  }
  return value;
}
