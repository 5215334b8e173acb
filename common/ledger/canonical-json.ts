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

function encode(value: unknown, path: string, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} has no JSON form`);
      return JSON.stringify(value); // ECMAScript number serialisation, as JCS requires; -0 becomes 0
    case 'object': {
      if (seen.has(value)) throw new CanonicalJsonError(path, 'cycle');
      seen.add(value);
      let text: string;
      if (Array.isArray(value)) {
        text = `[${value.map((item, i) => encode(item, `${path}[${i}]`, seen)).join(',')}]`;
      } else if (isPlainObject(value)) {
        const record = value as Record<string, unknown>;
        // Absent and undefined are the same (as in JSON.stringify), so optional fields encode alike.
        const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
        text = `{${keys.map((k) => `${JSON.stringify(k)}:${encode(record[k], path ? `${path}.${k}` : k, seen)}`).join(',')}}`;
      } else {
        throw new CanonicalJsonError(path, `${value.constructor?.name ?? 'object'} is not a plain object`);
      }
      seen.delete(value);
      return text;
    }
    default:
      throw new CanonicalJsonError(path, `${typeof value} has no JSON form`);
  }
}

/**
 * @returns the canonical JSON text of `value`.
 * @throws CanonicalJsonError naming the offending path for values JSON cannot represent exactly.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '', new Set());
}
