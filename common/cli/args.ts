import { InvalidArgumentError } from '../errors/index.js';
import type { CommandArgs } from './command.js';

/** @returns the string value of `--name`. @throws InvalidArgumentError when it is missing. */
export function requireString(args: CommandArgs, name: string): string {
  const value = args.values[name];
  if (typeof value !== 'string' || value === '') throw new InvalidArgumentError([{ field: `--${name}`, description: 'is required' }]);
  return value;
}

/** @returns the string value of `--name`, or undefined. */
export function optionalString(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** @returns `--name` as an integer within [min, max]. @throws InvalidArgumentError otherwise. */
export function requireInt(args: CommandArgs, name: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  const raw = requireString(args, name);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError([{ field: `--${name}`, description: `must be an integer in [${min}, ${max}], got '${raw}'` }]);
  }
  return value;
}
