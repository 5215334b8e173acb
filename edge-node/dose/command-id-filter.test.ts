import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandIdFilter } from './command-id-filter.js';

describe('command id filter', () => {
  it('never says no for an id it was given, through growth (seeded and added ids)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 64 }), { maxLength: 3000 }), fc.nat({ max: 3000 }), (ids, split) => {
      const filter = new CommandIdFilter(ids.slice(0, split), 64);
      for (const id of ids.slice(split)) filter.add(id);
      expect(ids.filter((id) => !filter.mightContain(id))).toEqual([]);
    }), { numRuns: 50 });
  });

  it('says no for most ids it was not given (false positives ≤ 3%), also after growing 8 times', () => {
    const filter = new CommandIdFilter([], 1000);
    for (let i = 0; i < 256_000; i++) filter.add(`c-${i}-1732800000000`);
    let maybes = 0;
    for (let i = 0; i < 20_000; i++) if (filter.mightContain(`c-${i}-1732800000001`)) maybes++;
    expect(maybes / 20_000).toBeLessThan(0.03);
  });
});
