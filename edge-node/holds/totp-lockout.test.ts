import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCKOUT_POLICY, type LockoutState, TotpLockout } from './totp-lockout.js';

const fresh = (): LockoutState => ({ failures: 0, lockouts: 0, lockedUntilMs: 0 });

describe('TotpLockout', () => {
  it('locks after maxFailures consecutive wrong codes, for base, then doubling up to max', () => {
    const lockout = new TotpLockout({ maxFailures: 3, baseLockoutMs: 1_000, maxLockoutMs: 3_000 }, fresh);
    let now = 0;
    const lengths: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 1; i < 3; i++) expect(lockout.fail('a', now)).toEqual({ state: { failures: i, lockouts: round, lockedUntilMs: 0 }, lockoutMs: 0 });
      const locked = lockout.fail('a', now);
      lengths.push(locked.lockoutMs);
      expect(lockout.lockedForMs('a', now)).toBe(locked.lockoutMs);
      expect(lockout.lockedForMs('a', now + locked.lockoutMs - 1)).toBe(1);
      now += locked.lockoutMs;
      expect(lockout.lockedForMs('a', now)).toBe(0);
    }
    expect(lengths).toEqual([1_000, 2_000, 3_000, 3_000]);
  });

  it('a correct code clears failures and the escalation; clinicians are independent', () => {
    const lockout = new TotpLockout({ maxFailures: 2, baseLockoutMs: 1_000, maxLockoutMs: 60_000 }, fresh);
    lockout.fail('a', 0);
    lockout.fail('a', 0);
    expect(lockout.lockedForMs('a', 0)).toBe(1_000);
    expect(lockout.lockedForMs('b', 0)).toBe(0);
    expect(lockout.succeed('a')).toEqual(fresh());
    lockout.fail('a', 0);
    expect(lockout.fail('a', 0).lockoutMs).toBe(1_000); // not 2,000: the escalation was cleared
  });

  it('starts from the stored state (a restart does not forget a lockout), read once per clinician', () => {
    let loads = 0;
    const lockout = new TotpLockout(DEFAULT_LOCKOUT_POLICY, () => (loads++, { failures: 4, lockouts: 1, lockedUntilMs: 5_000 }));
    expect(lockout.lockedForMs('a', 1_000)).toBe(4_000);
    expect(lockout.fail('a', 6_000)).toEqual({ state: { failures: 0, lockouts: 2, lockedUntilMs: 6_000 + 120_000 }, lockoutMs: 120_000 });
    expect(loads).toBe(1);
  });

  it('the default policy lets 20 codes be checked within a 15-minute hold lifetime', () => {
    const lockout = new TotpLockout(DEFAULT_LOCKOUT_POLICY, fresh);
    let checked = 0;
    for (let now = 0; now < 15 * 60_000; now += 1_000) {
      while (lockout.lockedForMs('a', now) === 0) { lockout.fail('a', now); checked++; }
    }
    expect(checked).toBe(20);
  });
});
