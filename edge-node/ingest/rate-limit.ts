/**
 * Token-bucket rate limiting: pure state transitions plus a small keyed limiter with an injected clock.
 * A bucket holds at most `capacity` tokens and refills at `refillPerSecond`; each request takes one.
 */

/** Bucket parameters. */
export interface TokenBucketOptions {
  /** Largest burst. */
  capacity: number;
  /** Sustained rate, tokens per second. */
  refillPerSecond: number;
}

/** One bucket's state. */
export interface TokenBucket {
  readonly tokens: number;
  readonly updatedAtMs: number;
}

/** @returns a full bucket as of `nowMs`. */
export function fullBucket(options: TokenBucketOptions, nowMs: number): TokenBucket {
  return { tokens: options.capacity, updatedAtMs: nowMs };
}

/**
 * Refills the bucket to `nowMs` and tries to take one token.
 * @returns whether the request is allowed and the next state (a clock going backwards refills nothing).
 */
export function takeToken(bucket: TokenBucket, nowMs: number, options: TokenBucketOptions): { allowed: boolean; next: TokenBucket } {
  const elapsedMs = Math.max(0, nowMs - bucket.updatedAtMs);
  const tokens = Math.min(options.capacity, bucket.tokens + (elapsedMs * options.refillPerSecond) / 1000);
  const updatedAtMs = Math.max(nowMs, bucket.updatedAtMs);
  if (tokens >= 1) return { allowed: true, next: { tokens: tokens - 1, updatedAtMs } };
  return { allowed: false, next: { tokens, updatedAtMs } };
}

/** A clock: epoch milliseconds. */
export type NowMs = () => number;

/** Keyed token buckets (one per device), bounded in memory. */
export class RateLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #options: TokenBucketOptions;
  readonly #now: NowMs;
  readonly #maxKeys: number;

  /** @param now injected clock (tests pass a fake one). */
  constructor(options: TokenBucketOptions, now: NowMs = Date.now, maxKeys = 100_000) {
    this.#options = options;
    this.#now = now;
    this.#maxKeys = maxKeys;
  }

  /** Takes one token for `key`. @returns true when allowed. */
  take(key: string): boolean {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? fullBucket(this.#options, now);
    const { allowed, next } = takeToken(bucket, now, this.#options);
    this.#buckets.delete(key); // re-insert: Map order doubles as least-recently-used order
    this.#buckets.set(key, next);
    if (this.#buckets.size > this.#maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    return allowed;
  }
}
