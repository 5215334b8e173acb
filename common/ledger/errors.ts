import { VigilError } from '../errors/index.js';

/** A file that should be a Vigil audit log is not one (or is of an unknown format). Maps to exit code 2. */
export class NotALedgerError extends VigilError {
  constructor(readonly file: string, detail: string, options: { cause?: unknown } = {}) {
    super('INVALID_ARGUMENT', `${file} is not a Vigil audit log: ${detail}`, options);
  }
}

/** A key, checkpoint or witness file that does not parse; names the file and the problem. Maps to exit code 2. */
export class LedgerInputError extends VigilError {
  constructor(readonly source: string, detail: string, options: { cause?: unknown } = {}) {
    super('INVALID_ARGUMENT', `${source}: ${detail}`, options);
  }
}
