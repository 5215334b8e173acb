export {
  ERROR_CODES,
  VigilError,
  InvalidArgumentError,
  PermissionDeniedError,
  ConfigError,
  NotFoundError,
  NotEnoughNodesError,
  toVigilError,
} from './vigil-error.js';
export type { ErrorCode, FieldViolation, VigilErrorOptions } from './vigil-error.js';
export { zodViolations, parseOrThrow } from './zod-issues.js';
