export { createLogger, silentLogger, REDACT_PATHS } from './logger.js';
export type { Logger, CreateLoggerOptions } from './logger.js';
