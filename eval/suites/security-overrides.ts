/**
 * Unauthorised release of a HOLD through ConfirmDose. Holds come from real commands the node held (a
 * bolus with no recent CGM). Attacks: no TOTP, wrong TOTP (seeded guesses, several per hold, as a
 * brute force would), a TOTP already used, an expired hold, an already decided hold, a caller whose
 * role may not confirm, and a clinician with no TOTP enrolment. Where the check order means the TOTP is
 * never looked at, the attack still brings a valid, unused code of the enrolled clinician.
 */
import type { Random } from '../../datasets/random.js';
import { totpCode } from '../../edge-node/holds/totp.js';
import type { SecurityNode } from './security-node.js';
import { confirmDose, gateDose, heldCommand, mapLimit } from './security-requests.js';
import { DrillTally, sleep } from './security-tally.js';

const STEP_MS = 30_000;

/** Holds made at the start of the run, to be attacked once they have expired. */
export interface ExpiringHolds {
  holdIds: string[];
  expiresAtMs: number;
}

/** How many wrong codes were tried, how fast, and whether the right code still worked afterwards. */
export interface TotpGuessing {
  wrongCodes: number;
  perHold: number;
  concurrency: number;
  guessesPerSecond: number;
  /** The correct code was accepted after `perHold` wrong ones on the same hold (no lockout). */
  acceptedAfterWrongCodes: boolean;
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
 * on each hold) and attacks `expiring` once it has expired.
 * @returns the tallies (controls included) and the guessing measurements.
 */
export async function overrideDrills(node: SecurityNode, attempts: number, random: Random, expiring: ExpiringHolds, wrong: { codes: number; perHold: number; concurrency: number }): Promise<{ tallies: DrillTally[]; guessing: TotpGuessing }> {
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

  const reused = new DrillTally('override-reused-totp', 'overrides', 'attack', 'The code the control just used (or the one before it) on a new hold', 'UNAUTHENTICATED');
  for (let i = 0; i < attempts; i++) await attack(reused, (await makeHold()).holdId, i % 2 === 0 ? spentCode : totpCode(secret, Date.now() - STEP_MS));

  const wrongTotp = new DrillTally('override-wrong-totp', 'overrides', 'attack', `Seeded wrong 6-digit codes, ${wrong.perHold} per hold (a brute force), ${wrong.concurrency} at a time`, 'UNAUTHENTICATED');
  const holds = Math.ceil(wrong.codes / wrong.perHold);
  const guessHolds: string[] = [];
  for (let h = 0; h < holds; h++) guessHolds.push((await makeHold()).holdId);
  const codes = Array.from({ length: wrong.codes }, () => wrongCode(secret, random));
  const started = performance.now();
  await mapLimit(wrong.codes, wrong.concurrency, (i) => attack(wrongTotp, guessHolds[Math.floor(i / wrong.perHold)]!, codes[i]!));
  const guessesPerSecond = wrong.codes / ((performance.now() - started) / 1000);

  const afterGuesses = new DrillTally('override-after-wrong-codes', 'overrides', 'control', `Enrolled clinician's correct code on a hold that just had ${wrong.perHold} wrong codes`, 'RELEASED (ALLOW)');
  const lastGuessed = guessHolds.at(-1)!;
  const late = await confirmDose(clinician, lastGuessed, fresh());
  afterGuesses.record(late.label, !late.released);
  afterGuesses.note('Accepted: wrong codes neither lock the hold nor the clinician, nor slow later attempts.');
  const stillHeld = wrongTotp.evidence.holdIds.filter((id) => id !== lastGuessed); // released on purpose by the control
  wrongTotp.evidence.holdIds.splice(0, Infinity, ...stillHeld);

  const expired = new DrillTally('override-expired', 'overrides', 'attack', 'A hold past its lifetime, with a valid code', 'FAILED_PRECONDITION');
  await sleep(Math.max(0, expiring.expiresAtMs - Date.now() + 250));
  for (const holdId of expiring.holdIds) await attack(expired, holdId, fresh());

  return {
    tallies: [control, noTotp, role, unenrolled, decided, reused, wrongTotp, afterGuesses, expired],
    guessing: { wrongCodes: wrong.codes, perHold: wrong.perHold, concurrency: wrong.concurrency, guessesPerSecond, acceptedAfterWrongCodes: late.released },
  };
}
