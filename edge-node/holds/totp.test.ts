import { describe, expect, it } from 'vitest';
import { checkTotp, newTotpSecret, otpauthUri, totpCode } from './totp.js';

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = 1_700_000_000_000;
  it('accepts the current code and one step of drift, and refuses others', () => {
    expect(checkTotp(secret, totpCode(secret, now), now, -1)).toMatchObject({ ok: true });
    expect(checkTotp(secret, totpCode(secret, now - 30_000), now, -1)).toMatchObject({ ok: true });
    expect(checkTotp(secret, totpCode(secret, now - 90_000), now, -1)).toEqual({ ok: false, reason: 'wrong' });
    expect(checkTotp(secret, 'abcdef', now, -1)).toEqual({ ok: false, reason: 'wrong' });
  });
  it('refuses a code from an already used step', () => {
    const r = checkTotp(secret, totpCode(secret, now), now, -1);
    expect(r.ok).toBe(true);
    expect(checkTotp(secret, totpCode(secret, now), now, r.ok ? r.step : 0)).toEqual({ ok: false, reason: 'reused' });
  });
  it('makes an otpauth URI with the name', () => expect(otpauthUri('clin-001', secret)).toMatch(/^otpauth:\/\/totp\/Vigil:clin-001\?secret=/));
});
