import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter, fullBucket, takeToken } from './rate-limit.js';

describe('token bucket', () => {
  it('never allows more than capacity + rate × elapsed requests', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 200 }),
        (capacity, refillPerSecond, steps) => {
          const options = { capacity, refillPerSecond };
          let bucket = fullBucket(options, 0);
          let now = 0;
          let allowed = 0;
          for (const step of steps) {
            now += step;
            const r = takeToken(bucket, now, options);
            bucket = r.next;
            if (r.allowed) allowed++;
          }
          expect(allowed).toBeLessThanOrEqual(capacity + Math.floor((now * refillPerSecond) / 1000) + 1e-9);
        },
      ),
    );
  });

  it('allows a full burst, refuses the next, and recovers after the refill time', () => {
    let now = 1_000;
    const limiter = new RateLimiter({ capacity: 3, refillPerSecond: 2 }, () => now);
    expect([limiter.take('pump-1'), limiter.take('pump-1'), limiter.take('pump-1'), limiter.take('pump-1')]).toEqual([true, true, true, false]);
    expect(limiter.take('pump-2')).toBe(true);
    now += 499;
    expect(limiter.take('pump-1')).toBe(false);
    now += 1;
    expect(limiter.take('pump-1')).toBe(true);
  });

  it('does not refill when the clock goes backwards', () => {
    const options = { capacity: 1, refillPerSecond: 10 };
    const { next } = takeToken(fullBucket(options, 1_000), 1_000, options);
    expect(takeToken(next, 500, options).allowed).toBe(false);
  });
});
