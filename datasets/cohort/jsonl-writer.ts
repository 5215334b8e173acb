/**
 * A JSONL file writer for large generated streams: buffered synchronous writes (bounded memory, no
 * backpressure bookkeeping), with a running SHA-256 and record count for the manifest.
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

/** Appends one JSON record per line. */
export class JsonlFileWriter {
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

  /** Appends `record` as one line. */
  write(record: unknown): void {
    const line = `${JSON.stringify(record)}\n`;
    this.buffer.push(line);
    this.bufferedChars += line.length;
    this.records++;
    if (this.bufferedChars >= FLUSH_BYTES) this.flush();
  }

  /** Appends every record of `records`. */
  writeAll(records: Iterable<unknown>): void {
    for (const record of records) this.write(record);
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
