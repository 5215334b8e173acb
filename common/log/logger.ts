import { pino, type Logger, type DestinationStream, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino removes from every record: secrets, keys, tokens and anything that names a patient.
 * Patient ids in Vigil are pseudonymous, but names, dates of birth and device serials never belong in logs.
 */
export const REDACT_PATHS: readonly string[] = [
  '*.key', '*.secretKey', '*.privateKey', '*.password', '*.token', '*.totp', '*.otp', '*.code',
  '*.asconKey', '*.deviceKey', '*.seed', '*.patientName', '*.name', '*.dateOfBirth', '*.mrn',
  '*.serialNumber', 'key', 'secretKey', 'privateKey', 'password', 'token', 'totp', 'otp',
  'patientName', 'dateOfBirth', 'mrn', 'serialNumber', 'req.headers.authorization',
];

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  level?: string;
  name?: string;
  destination?: DestinationStream;
}

/**
 * Creates the root logger of a process (JSON lines on stderr by default, so stdout stays for results).
 * @returns a pino logger with Vigil's redaction and error serialisation.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? process.env['VIGIL_LOG_LEVEL'] ?? 'info',
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err },
    base: { pid: process.pid, ...(options.name ? { name: options.name } : {}) },
  };
  return pino(config, options.destination ?? pino.destination(2));
}

/** A logger that discards everything: for tests and library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
