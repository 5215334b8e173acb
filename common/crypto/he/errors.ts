import { VigilError, type VigilErrorOptions } from '../../errors/index.js';

/** Why an incoming ciphertext chunk was refused. */
export type CiphertextRejection =
  | 'MALFORMED'
  | 'TOO_LARGE'
  | 'WRONG_PARAMETERS'
  | 'WRONG_SIZE'
  | 'WRONG_SCALE'
  | 'TRANSPARENT'
  | 'CHUNK_INDEX';

/** A ciphertext chunk that does not parse or does not match the keyset (INVALID_ARGUMENT). */
export class CiphertextRejectedError extends VigilError {
  readonly reason: CiphertextRejection;
  readonly chunkIndex: number | undefined;

  constructor(reason: CiphertextRejection, message: string, chunkIndex?: number, options: VigilErrorOptions = {}) {
    super('INVALID_ARGUMENT', `ciphertext chunk${chunkIndex === undefined ? '' : ` ${chunkIndex}`} rejected (${reason}): ${message}`, options);
    this.reason = reason;
    this.chunkIndex = chunkIndex;
  }
}

/** A keyset or public-context file that is not what it claims to be (INVALID_ARGUMENT). */
export class KeysetFormatError extends VigilError {
  readonly source: string;

  constructor(source: string, message: string, options: VigilErrorOptions = {}) {
    super('INVALID_ARGUMENT', `${source}: ${message}`, options);
    this.source = source;
  }
}

/** The coordinator side was handed secret-key material; it refuses to hold it (PERMISSION_DENIED). */
export class SecretMaterialRefusedError extends VigilError {
  readonly source: string;

  constructor(source: string) {
    super('PERMISSION_DENIED', `${source}: contains secret-key material; the coordinator only loads a public context (coordinator/context.seal)`);
    this.source = source;
  }
}

/** A secret keyset file readable by group or others (FAILED_PRECONDITION; fix with `chmod 600`). */
export class InsecureKeyFileError extends VigilError {
  readonly path: string;
  readonly mode: number;

  constructor(path: string, mode: number) {
    super('FAILED_PRECONDITION', `${path}: secret keyset has mode ${(mode & 0o777).toString(8).padStart(3, '0')}; it must not be readable by group or others (chmod 600)`);
    this.path = path;
    this.mode = mode;
  }
}

/** A decrypted aggregate that fails its integrity checks: wrong keyset, missing or extra contributions, overflow (DATA_LOSS). */
export class AggregateIntegrityError extends VigilError {
  readonly chunkIndex: number;

  constructor(chunkIndex: number, message: string) {
    super('DATA_LOSS', `aggregate chunk ${chunkIndex}: ${message}`);
    this.chunkIndex = chunkIndex;
  }
}
