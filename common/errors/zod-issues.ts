import type { z } from 'zod';
import { InvalidArgumentError, type FieldViolation } from './vigil-error.js';

/** Flattens zod issues into field violations with dotted paths (`dose.amountUnits`). */
export function zodViolations(error: z.ZodError): FieldViolation[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    description: issue.message,
  }));
}

/**
 * Parses `value` with `schema`.
 * @returns the parsed value.
 * @throws InvalidArgumentError naming every offending field.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidArgumentError(zodViolations(result.error));
  return result.data;
}
