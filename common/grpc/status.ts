import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { InvalidArgumentError, VigilError, type ErrorCode } from '../errors/index.js';

const STATUS_BY_CODE: Record<ErrorCode, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  DEADLINE_EXCEEDED: status.DEADLINE_EXCEEDED,
  UNAVAILABLE: status.UNAVAILABLE,
  ABORTED: status.ABORTED,
  DATA_LOSS: status.DATA_LOSS,
  INTERNAL: status.INTERNAL,
};

/** What goes on the wire for a failed call. */
export interface WireError {
  code: status;
  details: string;
  metadata: Metadata;
}

/**
 * The one mapping from errors to gRPC status. A VigilError keeps its message; anything else becomes
 * INTERNAL with generic details (the original belongs in the log, never on the wire).
 * Field violations travel in the `vigil-field-violations` metadata entry as JSON.
 */
export function toWireError(error: unknown): WireError {
  const metadata = new Metadata();
  if (!(error instanceof VigilError) || error.code === 'INTERNAL') {
    return { code: status.INTERNAL, details: 'internal error', metadata };
  }
  if (error instanceof InvalidArgumentError) {
    metadata.set('vigil-field-violations', JSON.stringify(error.violations));
  }
  if (error.retryable) metadata.set('vigil-retryable', 'true');
  return { code: STATUS_BY_CODE[error.code], details: error.message, metadata };
}

const CODE_BY_STATUS = new Map<number, ErrorCode>(Object.entries(STATUS_BY_CODE).map(([code, s]) => [s, code as ErrorCode]));

/** Maps a failed client call back into a VigilError (the message is the server's details). */
export function fromServiceError(error: ServiceError): VigilError {
  const code: ErrorCode = error.code === status.CANCELLED ? 'ABORTED' : (CODE_BY_STATUS.get(error.code) ?? 'UNAVAILABLE');
  return new VigilError(code, error.details || error.message, { cause: error });
}
