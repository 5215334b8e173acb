import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/index.js';
import { chunkLayout, packChunk, unpackChunk } from './chunking.js';

describe('chunkLayout', () => {
  it('reserves one canary slot per chunk', () => {
    expect(chunkLayout(4095, 4096)).toMatchObject({ dataSlotsPerChunk: 4095, chunkCount: 1 });
    expect(chunkLayout(4096, 4096).chunkCount).toBe(2);
    expect(chunkLayout(1_000_000, 4096).chunkCount).toBe(245);
  });

  it('rejects an empty or fractional weight count', () => {
    expect(() => chunkLayout(0, 4096)).toThrow(InvalidArgumentError);
    expect(() => chunkLayout(1.5, 4096)).toThrow(InvalidArgumentError);
  });
});

describe('packChunk / unpackChunk', () => {
  it('summing packed chunks of several nodes and unpacking gives the weighted average and the total weight as canary', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 1e6 })), { minLength: 1, maxLength: 5 }),
        (slots, length, nodes) => {
          const layout = chunkLayout(length, slots);
          const updates = nodes.map(([, seed]) => Float32Array.from({ length }, (_, i) => Math.sin(seed + i)));
          const total = nodes.reduce((sum, [weight]) => sum + weight, 0);
          const out = new Float32Array(length);
          for (let index = 0; index < layout.chunkCount; index++) {
            const sum = new Float64Array(slots);
            updates.forEach((update, n) => packChunk(update, nodes[n]![0], index, layout, new Float64Array(slots)).forEach((v, s) => (sum[s]! += v)));
            expect(unpackChunk(sum, total, index, layout, out)).toBeCloseTo(total, 6);
          }
          for (let i = 0; i < length; i++) {
            const expected = updates.reduce((acc, update, n) => acc + update[i]! * nodes[n]![0], 0) / total;
            expect(out[i]).toBeCloseTo(expected, 5);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('zero-pads the tail of the last chunk', () => {
    const layout = chunkLayout(5, 4);
    const out = packChunk(Float32Array.of(1, 2, 3, 4, 5), 2, 1, layout, new Float64Array(4).fill(9));
    expect([...out]).toEqual([8, 10, 0, 2]);
  });
});
