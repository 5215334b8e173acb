/**
 * Forged and replayed dose commands against GateDose, from the real gateway certificate (the attacker
 * sits behind or inside the gateway). Every attack is built from a command the node allows (a temp
 * basal below the schedule), changed in one respect only, so a refusal can only come from that change.
 * Unknown patient, unknown device and another patient's pump are signed with the real issuer key: the
 * binding must hold even for a command whose tag verifies.
 */
import type { DoseCommand } from '../../proto/gen/vigil/v1/DoseCommand.js';
import type { Random } from '../../datasets/random.js';
import type { SecurityNode } from './security-node.js';
import { allowedCommand, gateDose, type GateOutcome } from './security-requests.js';
import { DrillTally } from './security-tally.js';

/** Attack outcome: refused unless the node allowed or held the command (a HOLD can be released). */
const refused = (o: GateOutcome): boolean => o.error !== null || o.verdict?.verdict === 'VERDICT_REJECT';

const key = (random: Random): Uint8Array => Uint8Array.from(Buffer.from(random.hex(16), 'hex'));

/**
 * Runs the command drills, `attempts` each, plus the control.
 * @returns the tallies, control first.
 */
export async function commandDrills(node: SecurityNode, attempts: number, random: Random): Promise<DrillTally[]> {
  const gw = node.client(node.identities.gateway);
  const ward = node.ward;
  const patient = (i: number) => ward[i % ward.length]!;
  const send = async (tally: DrillTally, command: DoseCommand, isRefused: (o: GateOutcome) => boolean = refused): Promise<GateOutcome> => {
    tally.evidence.commandIds.push(command.commandId!);
    const outcome = await gateDose(gw, command);
    tally.record(outcome.label, tally.kind === 'control' ? outcome.verdict?.verdict !== 'VERDICT_ALLOW' : isRefused(outcome));
    return outcome;
  };

  const control = new DrillTally('commands-control', 'commands', 'control', 'Correctly signed temp basal below the schedule', 'ALLOW');
  const captured: { command: DoseCommand; auditIndex: number | null }[] = [];
  for (let i = 0; i < attempts; i++) {
    const command = allowedCommand(patient(i));
    const outcome = await send(control, command);
    captured.push({ command, auditIndex: outcome.verdict?.audit?.index ?? null });
  }

  const badSignature = new DrillTally('forged-signature', 'commands', 'attack', 'Signed with a key that is not the issuer\'s', 'REJECT BAD_AUTH_TAG');
  for (let i = 0; i < attempts; i++) await send(badSignature, allowedCommand(patient(i), {}, key(random)));

  const tampered = new DrillTally('forged-tampered', 'commands', 'attack', 'Correctly signed, then one field changed in transit (units, duration, counter or time)', 'REJECT BAD_AUTH_TAG');
  const edits: ((c: DoseCommand) => DoseCommand)[] = [
    (c) => ({ ...c, units: 2 }),
    (c) => ({ ...c, durationMinutes: 240 }),
    (c) => ({ ...c, counter: Number(c.counter) + 1_000 }),
    (c) => ({ ...c, issuedAtMs: Number(c.issuedAtMs) + 60_000 }),
  ];
  for (let i = 0; i < attempts; i++) await send(tampered, edits[i % edits.length]!(allowedCommand(patient(i))));

  const unknownIssuer = new DrillTally('forged-unknown-issuer', 'commands', 'attack', 'From an issuer the node does not know, signed with that issuer\'s own key', 'REJECT UNKNOWN_ISSUER');
  for (let i = 0; i < attempts; i++) await send(unknownIssuer, allowedCommand(patient(i), { issuerId: `aid-rogue-${i}` }, key(random)));

  const unknownPatient = new DrillTally('forged-unknown-patient', 'commands', 'attack', 'For a patient the node does not know (issuer key valid)', 'REJECT UNKNOWN_PATIENT');
  for (let i = 0; i < attempts; i++) await send(unknownPatient, allowedCommand(patient(i), { patientId: `p-${random.hex(6)}` }));

  const unknownDevice = new DrillTally('forged-unknown-device', 'commands', 'attack', 'To an unprovisioned device or to a CGM (issuer key valid)', 'REJECT UNKNOWN_DEVICE');
  for (let i = 0; i < attempts; i++) await send(unknownDevice, allowedCommand(patient(i), { deviceId: i % 2 === 0 ? `pump-${random.hex(3)}` : patient(i).cgmId }));

  const foreignPump = new DrillTally('forged-foreign-pump', 'commands', 'attack', 'To another patient\'s pump (issuer key valid)', 'REJECT UNKNOWN_DEVICE');
  for (let i = 0; i < attempts; i++) await send(foreignPump, allowedCommand(patient(i), { deviceId: patient(i + 1).pumpId }));

  const replayNewId = new DrillTally('replay-new-id', 'commands', 'attack', 'A captured allowed command re-sent under a new command id', 'REJECT BAD_AUTH_TAG');
  for (let i = 0; i < attempts; i++) await send(replayNewId, { ...captured[i % captured.length]!.command, commandId: `replayed-${random.hex(6)}` });

  // The same id and content get the stored reply back (idempotency): refused means no new decision.
  const replayExact = new DrillTally('replay-verbatim', 'commands', 'attack', 'A captured allowed command re-sent verbatim (same id)', 'the stored reply, no new decision');
  for (let i = 0; i < attempts; i++) {
    const original = captured[i % captured.length]!;
    const outcome = await gateDose(gw, original.command);
    const sameDecision = outcome.verdict !== null && original.auditIndex !== null && outcome.verdict.audit?.index === original.auditIndex;
    replayExact.record(sameDecision ? 'STORED REPLY (same audit index)' : `NEW DECISION ${outcome.label}`, outcome.error !== null || sameDecision);
  }
  replayExact.note('The gateway gets the original ALLOW again; the node records one decision and one delivery, so a pump must also de-duplicate by command id.');

  const withheld = new DrillTally('replay-withheld', 'commands', 'attack', 'A captured command withheld, then released after a newer one (older counter)', 'REJECT REPLAYED_COUNTER');
  for (let i = 0; i < attempts; i++) {
    const older = allowedCommand(patient(i));
    const newer = allowedCommand(patient(i));
    const setup = await gateDose(gw, newer);
    if (setup.verdict?.verdict !== 'VERDICT_ALLOW') withheld.note(`The newer command was not allowed (${setup.label}); the drill is weaker for it.`);
    await send(withheld, older);
  }

  const freshness = new DrillTally('replay-stale-or-future', 'commands', 'attack', 'Correctly signed but issued more than 5 min ago, or dated more than 30 s ahead', 'REJECT STALE_TIMESTAMP / FUTURE_TIMESTAMP');
  for (let i = 0; i < attempts; i++) {
    const offsetMs = i % 2 === 0 ? -(6 + i) * 60_000 : (2 + i) * 60_000;
    await send(freshness, allowedCommand(patient(i), { issuedAtMs: Date.now() + offsetMs }));
  }
  return [control, badSignature, tampered, unknownIssuer, unknownPatient, unknownDevice, foreignPump, replayNewId, replayExact, withheld, freshness];
}
