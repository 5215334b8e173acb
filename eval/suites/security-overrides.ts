/**
 * Unauthorised release of a HOLD through ConfirmDose. Holds come from real commands the node held (a
 * bolus with no recent CGM). Attacks: no TOTP, wrong TOTP (seeded guesses, several per hold, as a
 * brute force would), a TOTP already used, an expired hold, an already decided hold, a caller whose
 * role may not confirm, and a clinician with no TOTP enrolment. Where the check order means the TOTP is
 * never looked at, the attack still brings a valid, unused code of the enrolled clinician.
 */
import type { Random } from '../../datasets/random.js';
import { totpCode } from '../../edge-node/holds/totp.js';
import type { LockoutPolicy } from '../../edge-node/holds/totp-lockout.js';
import type { SecurityNode } from './security-node.js';
import { confirmDose, gateDose, heldCommand, mapLimit } from './security-requests.js';
import { DrillTally, sleep } from './security-tally.js';

const STEP_MS = 30_000;

/** Holds made at the start of the run, to be attacked once they have expired. */
export interface ExpiringHolds {
  holdIds: string[];
  expiresAtMs: number;
}

/** How many wrong codes were tried, how many the node actually checked, and what the lockout did. */
export interface TotpGuessing {
  wrongCodes: number;
  perHold: number;
  concurrency: number;
  /** Guesses answered per second (checked or refused by the lockout). */
  guessesPerSecond: number;
  durationMs: number;
  /** Guesses the node compared with the clinician's codes (UNAUTHENTICATED). */
  checked: number;
  /** Guesses refused unchecked because the clinician was locked out (RESOURCE_EXHAUSTED). */
  refusedLocked: number;
  /** The drill node's lockout policy. */
  lockout: LockoutPolicy;
  /** The correct code was accepted while the guesses had the clinician locked out (a bypass). */
  acceptedWhileLocked: boolean;
  /** The correct code was accepted once the lockout had run out. */
  acceptedAfterLockout: boolean;
}

/**
 * @returns a function that gates a command the node holds, on the hold ward's pumps in turn, and
 * returns its hold id and expiry (it throws Error when the node did not hold the command).
 */
function holdMaker(node: SecurityNode): () => Promise<{ holdId: string; expiresAtMs: number }> {
  const gateway = node.client(node.identities.gateway);
  let made = 0;
  return async () => {
    const patient = node.holdWard[made++ % node.holdWard.length]!;
    const outcome = await gateDose(gateway, heldCommand(patient));
    if (outcome.verdict?.verdict !== 'VERDICT_HOLD' || !outcome.verdict.holdId) throw new Error(`expected a HOLD to attack, got ${outcome.label}`);
    return { holdId: outcome.verdict.holdId, expiresAtMs: Number(outcome.verdict.holdExpiresAtMs) };
  };
}

/** Makes `count` holds now, to attack after they expire. @returns them. */
export async function createExpiringHolds(node: SecurityNode, count: number): Promise<ExpiringHolds> {
  const makeHold = holdMaker(node);
  const holds = [];
  for (let i = 0; i < count; i++) holds.push(await makeHold());
  return { holdIds: holds.map((h) => h.holdId), expiresAtMs: Math.max(0, ...holds.map((h) => h.expiresAtMs)) };
}

/** @returns a 6-digit code that is none of the clinician's codes from one step back to two ahead. */
function wrongCode(secret: string, random: Random): string {
  const now = Date.now();
  const valid = new Set([-1, 0, 1, 2].map((d) => totpCode(secret, now + d * STEP_MS)));
  for (;;) {
    const code = random.int(0, 999_999).toString().padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

/**
 * Runs the override drills (`attempts` each; the wrong-TOTP drill tries `wrongCodes` codes, `perHold`
 * on each hold; then the right code during and after the lockout the guesses caused, `lockout` being the
 * node's policy) and attacks `expiring` once it has expired.
 * @returns the tallies (controls included) and the guessing measurements.
 */
export async function overrideDrills(node: SecurityNode, attempts: number, random: Random, expiring: ExpiringHolds, wrong: { codes: number; perHold: number; concurrency: number }, lockout: LockoutPolicy): Promise<{ tallies: DrillTally[]; guessing: TotpGuessing }> {
  const secret = node.harness.totpSecret;
  const makeHold = holdMaker(node);
  const clinician = node.client(node.identities.clinician);
  const fresh = () => totpCode(secret, Date.now() + STEP_MS); // valid (one step of drift) and not used yet
  // `track`: the store check expects the hold still pending (not so for the already released one).
  const attack = async (tally: DrillTally, holdId: string, code: string, client = clinician, track = true): Promise<void> => {
    if (track) tally.evidence.holdIds.push(holdId);
    const outcome = await confirmDose(client, holdId, code);
    tally.record(outcome.label, !outcome.released);
  };

  const control = new DrillTally('override-control', 'overrides', 'control', 'Enrolled clinician\'s certificate and current TOTP code', 'RELEASED (ALLOW)');
  const controlHold = await makeHold();
  const spentCode = totpCode(secret, Date.now());
  const released = await confirmDose(clinician, controlHold.holdId, spentCode);
  control.record(released.label, !released.released);

  const noTotp = new DrillTally('override-no-totp', 'overrides', 'attack', 'Enrolled clinician\'s certificate, no TOTP code', 'INVALID_ARGUMENT');
  for (let i = 0; i < attempts; i++) await attack(noTotp, (await makeHold()).holdId, '');

  const role = new DrillTally('override-wrong-role', 'overrides', 'attack', 'Gateway, coordinator or edge certificate with a valid TOTP code', 'PERMISSION_DENIED');
  const others = [node.identities.gateway, node.identities.coordinator, node.identities.edge].map((dir) => node.client(dir));
  for (let i = 0; i < attempts; i++) await attack(role, (await makeHold()).holdId, fresh(), others[i % others.length]);

  const unenrolled = new DrillTally('override-unenrolled', 'overrides', 'attack', 'Another clinician\'s certificate (no TOTP enrolment) with the enrolled clinician\'s valid code', 'PERMISSION_DENIED');
  const stranger = node.client(node.identities.unenrolledClinician);
  for (let i = 0; i < attempts; i++) await attack(unenrolled, (await makeHold()).holdId, fresh(), stranger);

  const decided = new DrillTally('override-decided', 'overrides', 'attack', 'The hold the control already released, again, with a valid code', 'FAILED_PRECONDITION');
  for (let i = 0; i < attempts; i++) await attack(decided, controlHold.holdId, fresh(), clinician, false);
  decided.note('A second confirmation of a released hold must not deliver the dose twice.');

  const reused = new DrillTally('override-reused-totp', 'overrides', 'attack', 'The code the control just used (or the one before it) on a new hold', 'UNAUTHENTICATED (or RESOURCE_EXHAUSTED once locked out)');
  for (let i = 0; i < attempts; i++) await attack(reused, (await makeHold()).holdId, i % 2 === 0 ? spentCode : totpCode(secret, Date.now() - STEP_MS));

  const wrongTotp = new DrillTally('override-wrong-totp', 'overrides', 'attack', `Seeded wrong 6-digit codes, ${wrong.perHold} per hold (a brute force), ${wrong.concurrency} at a time`, 'UNAUTHENTICATED or RESOURCE_EXHAUSTED (locked out)');
  const holds = Math.ceil(wrong.codes / wrong.perHold);
  const guessHolds: string[] = [];
  for (let h = 0; h < holds; h++) guessHolds.push((await makeHold()).holdId);
  const codes = Array.from({ length: wrong.codes }, () => wrongCode(secret, random));
  await sleep(lockout.maxLockoutMs + 250); // the reused codes may have locked the clinician: start the guessing unlocked
  const started = performance.now();
  await mapLimit(wrong.codes, wrong.concurrency, (i) => attack(wrongTotp, guessHolds[Math.floor(i / wrong.perHold)]!, codes[i]!));
  const durationMs = performance.now() - started;
  const answered = wrongTotp.result().outcomes;
  wrongTotp.note(`${answered['UNAUTHENTICATED'] ?? 0} codes were checked; ${answered['RESOURCE_EXHAUSTED'] ?? 0} were refused unchecked during lockouts.`);

  // Make sure the clinician is locked now (the guesses may have ended just as a lockout ran out).
  const lastGuessed = guessHolds.at(-1)!;
  for (let i = 0; i <= lockout.maxFailures && (await confirmDose(clinician, lastGuessed, wrongCode(secret, random))).label !== 'RESOURCE_EXHAUSTED'; i++);
  const whileLocked = new DrillTally('override-locked-out', 'overrides', 'attack', 'The enrolled clinician\'s correct code while wrong guesses have the clinician locked out', 'RESOURCE_EXHAUSTED');
  for (let i = 0; i < attempts; i++) await attack(whileLocked, lastGuessed, fresh(), clinician, i === 0);
  whileLocked.note('Refused without the code being checked, so guessing during a lockout learns nothing.');

  const afterLockout = new DrillTally('override-after-lockout', 'overrides', 'control', `Enrolled clinician's correct code once the lockout has run out (at most ${lockout.maxLockoutMs / 1000} s on the drill node)`, 'RELEASED (ALLOW)');
  const lateHold = await makeHold();
  await sleep(lockout.maxLockoutMs + 250);
  const late = await confirmDose(clinician, lateHold.holdId, fresh());
  afterLockout.record(late.label, !late.released);

  const expired = new DrillTally('override-expired', 'overrides', 'attack', 'A hold past its lifetime, with a valid code', 'FAILED_PRECONDITION');
  await sleep(Math.max(0, expiring.expiresAtMs - Date.now() + 250));
  for (const holdId of expiring.holdIds) await attack(expired, holdId, fresh());

  return {
    tallies: [control, noTotp, role, unenrolled, decided, reused, wrongTotp, whileLocked, afterLockout, expired],
    guessing: {
      wrongCodes: wrong.codes, perHold: wrong.perHold, concurrency: wrong.concurrency, guessesPerSecond: wrong.codes / (durationMs / 1000), durationMs,
      checked: answered['UNAUTHENTICATED'] ?? 0, refusedLocked: answered['RESOURCE_EXHAUSTED'] ?? 0, lockout,
      acceptedWhileLocked: whileLocked.result().through > 0, acceptedAfterLockout: late.released,
    },
  };
}
