import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCounter, emptyReplayWindow, parseReplayWindow, recordCounter, serialiseReplayWindow, type ReplayWindow, type ReplayWindowOptions } from './replay-window.js';

const options: ReplayWindowOptions = { size: 64, maxForwardJump: 1000n };

function feed(counters: bigint[]): { window: ReplayWindow; accepted: bigint[] } {
  let window = emptyReplayWindow();
  const accepted: bigint[] = [];
  for (const c of counters) {
    if (checkCounter(window, c, options) === 'new') {
      window = recordCounter(window, c, options);
      accepted.push(c);
    }
  }
  return { window, accepted };
}

describe('replay window (RFC 4303 §3.4.3)', () => {
  it('never accepts the same counter twice, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 300n }), { maxLength: 200 }), (counters) => {
        const { accepted } = feed(counters);
        expect(new Set(accepted).size).toBe(accepted.length);
      }),
    );
  });

  it('accepts every distinct counter of a strictly increasing stream with gaps inside the jump limit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 100 }), (gaps) => {
        let c = 0n;
        const counters = gaps.map((g) => (c += BigInt(g)));
        expect(feed(counters).accepted).toEqual(counters);
      }),
    );
  });

  it('accepts reordered counters inside the window and refuses those that fell out of it', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 200n }), { minLength: 1, maxLength: 100 }), fc.bigInt({ min: 0n, max: 400n }), (counters, probe) => {
        const { window } = feed(counters);
        const verdict = checkCounter(window, probe, options);
        const highest = window.highest ?? -1n;
        if (probe > highest) expect(verdict).toBe('new');
        else if (highest - probe >= 64n) expect(verdict).toBe('out-of-window');
        else expect(verdict).toBe(new Set(counters).has(probe) ? 'replayed' : 'new');
      }),
    );
  });

  it('refuses a jump too far ahead and counters outside 64 bits', () => {
    const window = recordCounter(emptyReplayWindow(), 10n, options);
    expect(checkCounter(window, 1011n, options)).toBe('out-of-window');
    expect(checkCounter(window, 1010n, options)).toBe('new');
    expect(checkCounter(window, -1n, options)).toBe('out-of-window');
    expect(checkCounter(window, 1n << 64n, options)).toBe('out-of-window');
  });

  it('round-trips through its stored text', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 300n }), { maxLength: 50 }), (counters) => {
        const { window } = feed(counters);
        expect(parseReplayWindow(serialiseReplayWindow(window))).toEqual(window);
      }),
    );
  });

  it('throws when asked to record a counter that is not new', () => {
    const window = recordCounter(emptyReplayWindow(), 5n, options);
    expect(() => recordCounter(window, 5n, options)).toThrow(RangeError);
  });
});
