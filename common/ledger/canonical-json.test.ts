import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, CanonicalJsonError } from './canonical-json.js';

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const rotated = keys.map((_, i) => keys[(i + seed) % keys.length] as string).reverse();
    return Object.fromEntries(rotated.map((k) => [k, shuffleKeys((value as Record<string, unknown>)[k], seed + 1)]));
  }
  return value;
}

describe('canonicalJson', () => {
  it('sorts keys, drops whitespace and writes numbers as ECMAScript does', () => {
    expect(canonicalJson({ b: [1, 2.5, -0, 1e21], a: 'é\n', c: { z: null, y: true } })).toBe('{"a":"é\\n","b":[1,2.5,0,1e+21],"c":{"y":true,"z":null}}');
  });

  it('gives the same text whatever the key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(20), (value, seed) => {
        expect(canonicalJson(shuffleKeys(value, seed))).toBe(canonicalJson(value));
      }),
    );
  });

  it('round-trips through JSON.parse to the same text (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it.each([
    ['NaN', { a: Number.NaN }, 'a'],
    ['Infinity', [1, Number.POSITIVE_INFINITY], '[1]'],
    ['bigint', { n: 1n }, 'n'],
    ['a Date', { when: new Date(0) }, 'when'],
    ['undefined in an array', [undefined], '[0]'],
  ])('refuses %s, naming the path', (_what, value, path) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(path);
  });

  it('refuses cycles', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('cycle');
  });
});
