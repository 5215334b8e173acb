/**
 * Counts events per key in a sliding time window and says when a burst starts: the count reaches the
 * threshold and the key has not fired within the cool-down. Pure state, injected times.
 */

/** Burst policy. */
export interface BurstOptions {
  /** Events within `windowMs` that make a burst. */
  threshold: number;
  windowMs: number;
  /** After firing, stay quiet for this long (one alert per burst, not one per event). */
  cooldownMs: number;
}

/** Per-key sliding counts. */
export class BurstDetector {
  readonly #times = new Map<string, number[]>();
  readonly #firedAt = new Map<string, number>();
  readonly #options: BurstOptions;

  constructor(options: BurstOptions) {
    this.#options = options;
  }

  /**
   * Records one event for `key` at `atMs`.
   * @returns `{ count, inBurst, fired }`: inBurst while at or above the threshold; fired only on the event that starts a burst.
   */
  record(key: string, atMs: number): { count: number; inBurst: boolean; fired: boolean } {
    const times = this.#times.get(key) ?? [];
    times.push(atMs);
    while (times.length > 0 && times[0]! <= atMs - this.#options.windowMs) times.shift();
    if (times.length > this.#options.threshold * 4) times.splice(0, times.length - this.#options.threshold * 4);
    this.#times.set(key, times);
    const inBurst = times.length >= this.#options.threshold;
    const last = this.#firedAt.get(key);
    const fired = inBurst && (last === undefined || atMs - last >= this.#options.cooldownMs);
    if (fired) this.#firedAt.set(key, atMs);
    return { count: times.length, inBurst, fired };
  }
}
