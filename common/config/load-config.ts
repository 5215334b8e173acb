import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors/index.js';

/** Where configuration comes from: an optional file and the process environment. */
export interface LoadConfigOptions {
  /** A `.yaml`, `.yml` or `.json` file; absent means defaults plus environment only. */
  file?: string | undefined;
  /** Environment to read overrides from (defaults to `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Prefix of override variables: `VIGIL__SERVER__PORT=9000` sets `server.port` (default `VIGIL__`). */
  envPrefix?: string;
}

type Plain = Record<string, unknown>;

/**
 * Loads, merges and validates configuration once at start-up.
 * Order: schema defaults ← file ← environment overrides.
 * @returns a deeply frozen, fully defaulted config.
 * @throws ConfigError with a one-line message naming the file or variable and the field.
 */
export function loadConfig<S extends z.ZodType>(schema: S, options: LoadConfigOptions = {}): Readonly<z.output<S>> {
  const source = options.file ?? '(defaults)';
  const fromFile = options.file === undefined ? {} : readConfigFile(options.file);
  const overridden = applyEnvOverrides(schema, fromFile, options.env ?? process.env, options.envPrefix ?? 'VIGIL__');
  const result = schema.safeParse(overridden);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.map(String).join('.') || '(root)';
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
    throw new ConfigError(source, `${field}: ${describeIssue(issue)}${more}`);
  }
  return deepFreeze(result.data);
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid';
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  return issue.message;
}

function readConfigFile(file: string): Plain {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(file, code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? 'error'})`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : 'syntax error';
    throw new ConfigError(file, `not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${detail}`, { cause: error });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(file, 'top level must be a mapping');
  return parsed as Plain;
}

/** Walks wrappers (default, optional, readonly...) down to the object schema, if any. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (current instanceof z.ZodObject) return current.shape as Record<string, z.ZodType>;
    const def = (current as { def?: { innerType?: unknown; in?: unknown } }).def;
    current = def?.innerType ?? def?.in;
  }
  return undefined;
}

function applyEnvOverrides(schema: z.ZodType, base: Plain, env: NodeJS.ProcessEnv, prefix: string): Plain {
  const result: Plain = structuredClone(base);
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(prefix) || raw === undefined) continue;
    const segments = name.slice(prefix.length).split('__').filter(Boolean);
    let shape = objectShape(schema);
    let target: Plain = result;
    const path: string[] = [];
    for (const [i, segment] of segments.entries()) {
      const key = shape ? Object.keys(shape).find((k) => k.toLowerCase() === segment.toLowerCase().replaceAll('_', '')) : undefined;
      if (!key || !shape) throw new ConfigError(name, `no config field '${[...path, segment.toLowerCase()].join('.')}'`);
      path.push(key);
      if (i === segments.length - 1) {
        target[key] = parseEnvValue(raw);
      } else {
        const next = target[key];
        target = (target[key] = typeof next === 'object' && next !== null ? next : {}) as Plain;
        shape = objectShape(shape[key] as z.ZodType);
      }
    }
  }
  return result;
}

function parseEnvValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
