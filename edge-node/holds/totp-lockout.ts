/**
 * Rate limiting of TOTP guesses per clinician (NIST SP 800-63B §5.2.2; RFC 4226 §7.3 throttling). After
 * `maxFailures` consecutive wrong (or reused) codes the clinician's confirmations are locked for
 * `baseLockoutMs`, doubling with each further lockout up to `maxLockoutMs`; a correct code resets both.
 * While locked, every request is refused without looking at the code, so guesses made during a lockout
 * tell the guesser nothing. With the defaults (5 codes, 1 min doubling to 15 min) a guesser gets 20 codes
 * checked in a 15-minute hold lifetime (at 0, 1, 3 and 7 min) and about 480 a day, each valid with
 * probability 3·10⁻⁶ (three codes of 10⁶ are accepted: one step of drift either way).
 *
 * State changes are synchronous (decided before any await), so concurrent guesses cannot overrun the
 * limit; the caller persists the returned state so a restart does not forget a lockout.
 */

/** The lockout policy. */
export interface LockoutPolicy {
  maxFailures: number;
  baseLockoutMs: number;
  maxLockoutMs: number;
}

/** One clinician's lockout state (as stored). */
export interface LockoutState {
  /** Consecutive wrong codes since the last success or the end of the last lockout. */
  failures: number;
  /** Lockouts since the last success (the next one lasts base × 2^lockouts). */
  lockouts: number;
  /** 0 when not locked. */
  lockedUntilMs: number;
}

/** The default policy. */
export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, baseLockoutMs: 60_000, maxLockoutMs: 15 * 60_000 };

/** Tracks wrong codes and lockouts per clinician. */
export class TotpLockout {
  readonly #states = new Map<string, LockoutState>();

  /** @param load the stored state of a clinician, read on first use. */
  constructor(private readonly policy: LockoutPolicy, private readonly load: (clinician: string) => LockoutState) {}

  /** @returns how many ms the clinician stays locked (0 when not locked). */
  lockedForMs(clinician: string, nowMs: number): number {
    return Math.max(0, this.#state(clinician).lockedUntilMs - nowMs);
  }

  /**
   * Records a wrong or reused code (call only when not locked).
   * @returns the new state and, when this failure started a lockout, its length in ms (else 0).
   */
  fail(clinician: string, nowMs: number): { state: LockoutState; lockoutMs: number } {
    const previous = this.#state(clinician);
    const failures = previous.failures + 1; // reset to 0 when a lockout starts
    if (failures < this.policy.maxFailures) return { state: this.#set(clinician, { failures, lockouts: previous.lockouts, lockedUntilMs: 0 }), lockoutMs: 0 };
    const lockoutMs = Math.min(this.policy.maxLockoutMs, this.policy.baseLockoutMs * 2 ** Math.min(previous.lockouts, 30));
    return { state: this.#set(clinician, { failures: 0, lockouts: previous.lockouts + 1, lockedUntilMs: nowMs + lockoutMs }), lockoutMs };
  }

  /** Records a correct code. @returns the (cleared) state. */
  succeed(clinician: string): LockoutState {
    return this.#set(clinician, { failures: 0, lockouts: 0, lockedUntilMs: 0 });
  }

  #state(clinician: string): LockoutState {
    let state = this.#states.get(clinician);
    if (!state) {
      state = this.load(clinician);
      this.#states.set(clinician, state);
    }
    return state;
  }

  #set(clinician: string, state: LockoutState): LockoutState {
    this.#states.set(clinician, state);
    return state;
  }
}
