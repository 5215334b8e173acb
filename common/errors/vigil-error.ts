/**
 * The one error base of Vigil (after connect-es): a closed set of codes, an optional cause that goes
 * to the log (never to the wire), and whether retrying can help.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
  'FAILED_PRECONDITION',
  'RESOURCE_EXHAUSTED',
  'DEADLINE_EXCEEDED',
  'UNAVAILABLE',
  'ABORTED',
  'DATA_LOSS',
  'INTERNAL',
] as const;

/** One of the closed set of error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Options common to every Vigil error. */
export interface VigilErrorOptions {
  cause?: unknown;
  retryable?: boolean;
}

/** Base class of every error Vigil raises on purpose. */
export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: VigilErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? (code === 'UNAVAILABLE' || code === 'DEADLINE_EXCEEDED');
  }
}

/** One field that failed validation: a dotted path and what is wrong with it. */
export interface FieldViolation {
  field: string;
  description: string;
}

/** Input that does not satisfy its schema; names every offending field. */
export class InvalidArgumentError extends VigilError {
  readonly violations: readonly FieldViolation[];

  constructor(violations: readonly FieldViolation[], options: VigilErrorOptions = {}) {
    const text = violations.map((v) => (v.field ? `${v.field}: ${v.description}` : v.description)).join('; ');
    super('INVALID_ARGUMENT', text || 'invalid argument', options);
    this.violations = violations;
  }
}

/** The caller's verified role may not call this method. */
export class PermissionDeniedError extends VigilError {
  readonly role: string;
  readonly allowed: readonly string[];

  constructor(role: string, allowed: readonly string[], method: string) {
    super('PERMISSION_DENIED', `role '${role}' may not call ${method} (allowed: ${allowed.join(', ')})`);
    this.role = role;
    this.allowed = allowed;
  }
}

/** A configuration file or environment override that does not parse; names the field. */
export class ConfigError extends VigilError {
  readonly source: string;

  constructor(source: string, message: string, options: VigilErrorOptions = {}) {
    super('INVALID_ARGUMENT', `${source}: ${message}`, options);
    this.source = source;
  }
}

/** A thing the caller named does not exist (patient, device, round, model version...). */
export class NotFoundError extends VigilError {
  readonly kind: string;

  constructor(kind: string, id: string) {
    super('NOT_FOUND', `${kind} '${id}' not found`);
    this.kind = kind;
  }
}

/** Too few nodes to run or finish a round. */
export class NotEnoughNodesError extends VigilError {
  readonly required: number;
  readonly available: number;

  constructor(required: number, available: number) {
    super('FAILED_PRECONDITION', `need ${required} nodes, have ${available}`, { retryable: true });
    this.required = required;
    this.available = available;
  }
}

/** Returns the error as a VigilError; anything unknown becomes INTERNAL with the original as cause. */
export function toVigilError(error: unknown): VigilError {
  if (error instanceof VigilError) return error;
  return new VigilError('INTERNAL', 'internal error', { cause: error });
}
