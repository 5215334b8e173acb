import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const draw = (seed: string | number) => {
      const random = createRandom(seed);
      return [random.next(), random.normal(), random.int(1, 6), random.hex(4)];
    };
    expect(draw('a')).toEqual(draw('a'));
    expect(draw(7)).toEqual(draw('7'));
    expect(draw('a')).not.toEqual(draw('b'));
  });

  it('forks depend on the seed path only, not on draws already taken', () => {
    const used = createRandom('s');
    used.next();
    used.normal();
    expect(used.fork('cgm').next()).toBe(createRandom('s').fork('cgm').next());
    expect(createRandom('s').fork('cgm').next()).not.toBe(createRandom('s').fork('pump').next());
  });

  it('draws uniform, normal and integer values with the right moments', () => {
    const random = createRandom(123);
    const n = 50_000;
    let sum = 0, sumSq = 0, uniformSum = 0;
    const counts = new Array(6).fill(0) as number[];
    for (let i = 0; i < n; i++) {
      const z = random.normal();
      sum += z;
      sumSq += z * z;
      const u = random.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      uniformSum += u;
      counts[random.int(1, 6) - 1]!++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.03);
    expect(Math.abs(uniformSum / n - 0.5)).toBeLessThan(0.01);
    for (const count of counts) expect(Math.abs(count / n - 1 / 6)).toBeLessThan(0.01);
    expect(() => random.int(3, 2)).toThrow(RangeError);
  });
});
