import { describe, expect, it } from 'vitest';
import { BurstDetector } from './burst-detector.js';

describe('BurstDetector', () => {
  it('fires once when the count reaches the threshold inside the window, then cools down', () => {
    const d = new BurstDetector({ threshold: 3, windowMs: 1_000, cooldownMs: 5_000 });
    expect(d.record('pump-1', 0).fired).toBe(false);
    expect(d.record('pump-1', 100).fired).toBe(false);
    expect(d.record('pump-2', 150).inBurst).toBe(false);
    expect(d.record('pump-1', 200)).toEqual({ count: 3, inBurst: true, fired: true });
    expect(d.record('pump-1', 300)).toMatchObject({ inBurst: true, fired: false });
    expect(d.record('pump-1', 6_000).inBurst).toBe(false);
  });

  it('does not count events that left the window', () => {
    const d = new BurstDetector({ threshold: 2, windowMs: 1_000, cooldownMs: 0 });
    d.record('k', 0);
    expect(d.record('k', 1_000).inBurst).toBe(false);
  });
});
