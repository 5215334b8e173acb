/**
 * File writers for large generated streams (JSONL, and CSV for flat records): buffered synchronous writes
 * (bounded memory, no backpressure bookkeeping), with a running SHA-256 and record count for the manifest.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_BYTES = 1 << 20;

/** What the manifest records per file. */
export interface FileDigest {
  records: number;
  bytes: number;
  sha256: string;
}

/** Appends lines to a file, keeping its digest. */
class DigestFileWriter {
  readonly path: string;
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private buffer: string[] = [];
  private bufferedChars = 0;
  private records = 0;
  private bytes = 0;

  /** Creates (or truncates) `path`. @throws the fs error when it cannot be opened. */
  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'w');
  }

  /** Appends one line (`text` without its newline); counts it as a record unless `header`. */
  protected writeLine(text: string, header = false): void {
    const line = `${text}\n`;
    this.buffer.push(line);
    this.bufferedChars += line.length;
    if (!header) this.records++;
    if (this.bufferedChars >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const chunk = Buffer.from(this.buffer.join(''), 'utf8');
    this.buffer = [];
    this.bufferedChars = 0;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(this.fd, chunk, offset);
  }

  /** Flushes and closes. @returns the file's digest. */
  close(): FileDigest {
    this.flush();
    closeSync(this.fd);
    return { records: this.records, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** Appends one JSON record per line. */
export class JsonlFileWriter extends DigestFileWriter {
  /** Appends `record` as one line. */
  write(record: unknown): void {
    this.writeLine(JSON.stringify(record));
  }

  /** Appends every record of `records`. */
  writeAll(records: Iterable<unknown>): void {
    for (const record of records) this.write(record);
  }
}

/** Quotes a CSV cell when it needs it (RFC 4180). */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes flat records as CSV with a fixed header (missing fields are empty cells). */
export class CsvFileWriter extends DigestFileWriter {
  private readonly columns: readonly string[];

  /** Creates `path` and writes the header row. */
  constructor(path: string, columns: readonly string[]) {
    super(path);
    this.columns = columns;
    this.writeLine(columns.join(','), true);
  }

  /** Appends `record` as one row. */
  write(record: Record<string, unknown>): void {
    this.writeLine(this.columns.map((column) => csvCell(record[column])).join(','));
  }

  /** Appends every record of `records`. */
  writeAll(records: Iterable<Record<string, unknown>>): void {
    for (const record of records) this.write(record);
  }
}
