/**
 * Anti-replay sliding window for 64-bit frame counters, as in RFC 4303 §3.4.3 (IPsec ESP): the highest
 * counter seen so far plus a bitmap of the `size` counters just below it. Pure values, no I/O: the
 * caller checks before opening a frame and records only after the frame authenticates, so forged
 * frames can never move the window.
 */

/** The window of one device: `highest` seen (null before the first frame) and bit i = `highest - i` seen. */
export interface ReplayWindow {
  readonly highest: bigint | null;
  readonly bitmap: bigint;
}

/** Outcome of checking a counter against a window. */
export type ReplayCheck = 'new' | 'replayed' | 'out-of-window';

/** Options of the window. */
export interface ReplayWindowOptions {
  /** Counters tracked below the highest (RFC 4303 recommends ≥ 64). */
  size: number;
  /** Largest accepted jump ahead of the highest counter; larger jumps are out of window. */
  maxForwardJump: bigint;
}

/** Default: a 1,024-counter window and at most 2^20 frames lost in a row. */
export const DEFAULT_REPLAY_WINDOW: ReplayWindowOptions = { size: 1024, maxForwardJump: 1n << 20n };

/** @returns an empty window (no frame seen yet). */
export function emptyReplayWindow(): ReplayWindow {
  return { highest: null, bitmap: 0n };
}

/**
 * Checks a counter without changing the window.
 * @returns 'new' when it was never seen and lies inside the window (or ahead of it), 'replayed' when
 * seen, 'out-of-window' when it is older than the window or jumps too far ahead. Never throws.
 */
export function checkCounter(window: ReplayWindow, counter: bigint, options: ReplayWindowOptions = DEFAULT_REPLAY_WINDOW): ReplayCheck {
  if (counter < 0n || counter >= 1n << 64n) return 'out-of-window';
  if (window.highest === null) return counter <= options.maxForwardJump ? 'new' : 'out-of-window';
  if (counter > window.highest) return counter - window.highest <= options.maxForwardJump ? 'new' : 'out-of-window';
  const age = window.highest - counter;
  if (age >= BigInt(options.size)) return 'out-of-window';
  return (window.bitmap >> age) & 1n ? 'replayed' : 'new';
}

/**
 * Records an authenticated counter that {@link checkCounter} called 'new'.
 * @returns the updated window (the input is not modified). @throws RangeError when the counter is not 'new'.
 */
export function recordCounter(window: ReplayWindow, counter: bigint, options: ReplayWindowOptions = DEFAULT_REPLAY_WINDOW): ReplayWindow {
  if (checkCounter(window, counter, options) !== 'new') throw new RangeError('counter is not new for this window');
  const mask = (1n << BigInt(options.size)) - 1n;
  if (window.highest === null) return { highest: counter, bitmap: 1n };
  if (counter > window.highest) {
    const shift = counter - window.highest;
    const bitmap = shift >= BigInt(options.size) ? 1n : ((window.bitmap << shift) | 1n) & mask;
    return { highest: counter, bitmap };
  }
  return { highest: window.highest, bitmap: window.bitmap | (1n << (window.highest - counter)) };
}

/** @returns the window as text for storage (`highest:bitmapHex`, or '' when empty). */
export function serialiseReplayWindow(window: ReplayWindow): string {
  return window.highest === null ? '' : `${window.highest.toString()}:${window.bitmap.toString(16)}`;
}

/** @returns the window stored by {@link serialiseReplayWindow}. @throws SyntaxError on malformed text. */
export function parseReplayWindow(text: string): ReplayWindow {
  if (text === '') return emptyReplayWindow();
  const [highest, bitmap] = text.split(':');
  if (highest === undefined || bitmap === undefined) throw new SyntaxError('malformed replay window');
  return { highest: BigInt(highest), bitmap: BigInt(`0x${bitmap}`) };
}
