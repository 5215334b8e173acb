/**
 * Canonical JSON (the RFC 8785 "JCS" rules for the values Vigil logs): object keys sorted by UTF-16
 * code units, no whitespace, strings and numbers exactly as ECMAScript JSON.stringify writes them.
 * The same value always yields the same text, so the same entry always hashes the same.
 */

/** A value canonical JSON can encode. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Thrown for values with no canonical JSON form (NaN, Infinity, undefined, bigint, class instances, cycles). */
export class CanonicalJsonError extends TypeError {
  constructor(readonly path: string, problem: string) {
    super(`${path || '(root)'}: ${problem}`);
    this.name = 'CanonicalJsonError';
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Nesting deeper than this is refused; it also stops cycles without tracking every object. */
const MAX_DEPTH = 256;

/** Marks the fast encoder's refusal; the slow diagnostic pass then finds the path and reason. */
const REFUSED = Symbol('refused');

function encode(value: unknown, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw REFUSED;
      return JSON.stringify(value); // ECMAScript number serialisation, as JCS requires; -0 becomes 0
    case 'object': {
      if (depth >= MAX_DEPTH) throw REFUSED;
      if (Array.isArray(value)) {
        let text = '[';
        for (let i = 0; i < value.length; i += 1) text += (i > 0 ? ',' : '') + encode(value[i], depth + 1);
        return `${text}]`;
      }
      if (!isPlainObject(value)) throw REFUSED;
      const record = value as Record<string, unknown>;
      // Absent and undefined are the same (as in JSON.stringify), so optional fields encode alike.
      const keys = Object.keys(record).sort();
      let text = '{';
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${encode(item, depth + 1)}`;
      }
      return `${text}}`;
    }
    default:
      throw REFUSED;
  }
}

/** Finds the first value the fast encoder refused, with its path. */
function diagnose(value: unknown, path: string, seen: Set<object>): CanonicalJsonError | null {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : new CanonicalJsonError(path, `${value} has no JSON form`);
  if (typeof value !== 'object') return new CanonicalJsonError(path, `${typeof value} has no JSON form`);
  if (seen.has(value)) return new CanonicalJsonError(path, 'cycle');
  if (seen.size >= MAX_DEPTH) return new CanonicalJsonError(path, `nested deeper than ${MAX_DEPTH}`);
  if (!Array.isArray(value) && !isPlainObject(value)) return new CanonicalJsonError(path, `${value.constructor?.name ?? 'object'} is not a plain object`);
  seen.add(value);
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i): [string, unknown] => [`${path}[${i}]`, v])
    : Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [path ? `${path}.${k}` : k, v]);
  for (const [childPath, child] of entries) {
    const problem = diagnose(child, childPath, seen);
    if (problem) return problem;
  }
  seen.delete(value);
  return null;
}

/**
 * @returns the canonical JSON text of `value`.
 * @throws CanonicalJsonError naming the offending path for values JSON cannot represent exactly.
 */
export function canonicalJson(value: unknown): string {
  try {
    return encode(value, 0);
  } catch (error) {
    if (error !== REFUSED) throw error;
    throw diagnose(value, '', new Set()) ?? new CanonicalJsonError('', 'value has no canonical JSON form');
  }
}
