/**
 * TOTP (RFC 6238) checks for clinician confirmation, with otplib: 6 digits, 30 s steps, one step of
 * drift allowed either way. A code is single-use: the accepted time step is remembered per clinician
 * and any code from that step or earlier is refused (RFC 6238 §5.2).
 */
import otplib from 'otplib';

const { authenticator } = otplib;
const STEP_SECONDS = 30;
const WINDOW = 1;

/** @returns a new base32 TOTP secret. */
export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

/** @returns the otpauth:// URI an authenticator app enrols from (print once; it carries the secret). */
export function otpauthUri(name: string, secret: string, issuer = 'Vigil'): string {
  return authenticator.keyuri(name, issuer, secret);
}

/** @returns the current code for a secret (tests and the demo gateway only). */
export function totpCode(secret: string, nowMs: number): string {
  const options = authenticator.allOptions();
  return otplib.totp.clone({ ...options, epoch: nowMs, step: STEP_SECONDS, digits: 6 }).generate(secret);
}

/**
 * Checks a code.
 * @returns `{ ok: true, step }` with the accepted time step, or `{ ok: false, reason: 'wrong' | 'reused' }`. Never throws.
 */
export function checkTotp(secret: string, code: string, nowMs: number, lastUsedStep: number): { ok: true; step: number } | { ok: false; reason: 'wrong' | 'reused' } {
  if (!/^[0-9]{6}$/.test(code)) return { ok: false, reason: 'wrong' };
  const current = Math.floor(nowMs / 1000 / STEP_SECONDS);
  for (let delta = -WINDOW; delta <= WINDOW; delta++) {
    const step = current + delta;
    if (totpCode(secret, step * STEP_SECONDS * 1000) === code) return step <= lastUsedStep ? { ok: false, reason: 'reused' } : { ok: true, step };
  }
  return { ok: false, reason: 'wrong' };
}
