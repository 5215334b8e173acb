/**
 * Attacks on the insulin-pump command stream. Every attack command looks like a normal one — right
 * patient, pump, issuer, plausible amounts and counter sequence — except for the property that makes it
 * an attack (its size, its timing against glucose, its replayed counter, its issuer or key, its rate).
 */
import type { AttackType, DoseCommand } from '../records.js';
import type { Random } from '../random.js';
import { BOLUS_RATE_U_PER_MIN } from '../devices/insulin-pump.js';
import type { SequenceRole, WorkCommand, WorkingDay } from './attack-day.js';
import type { PlannedAttack } from './plan.js';

const MINUTE_MS = 60_000;

const roundTo = (value: number, step: number) => Number((Math.round(value / step) * step).toFixed(4));

/** Adds a new pump command to the working day. @returns the command. */
function addCommand(work: WorkingDay, random: Random, atMs: number, kind: DoseCommand['kind'], units: number, durationMinutes: number, sequence: SequenceRole = { role: 'in-sequence' }, issuerId?: string): DoseCommand {
  const { source } = work;
  const command: DoseCommand = {
    commandId: `cmd-${random.hex(8)}`, patientId: source.profile.patientId, deviceId: source.devices.pumpDeviceId,
    issuerId: issuerId ?? source.devices.issuerId, counter: 0, issuedAtMs: atMs, kind, units, durationMinutes,
  };
  work.commands.push({ command, sequence, arrivalMs: atMs });
  return command;
}

function pushLabel(work: WorkingDay, attack: PlannedAttack, type: AttackType, startMs: number, endMs: number, commandIds: string[], detail: string): void {
  const { source } = work;
  work.labels.push({ attackId: attack.attackId, type, patientId: source.profile.patientId, deviceId: source.devices.pumpDeviceId, startMs, endMs: Math.max(startMs, endMs), commandIds, detail });
}

/** Minutes a bolus takes to leave the pump. */
const deliveryMinutes = (units: number) => Math.ceil(units / BOLUS_RATE_U_PER_MIN) + 1;

/** The normal pump bolus nearest to `atMs`, if any. */
function nearestBolus(work: WorkingDay, atMs: number): WorkCommand | undefined {
  let best: WorkCommand | undefined;
  for (const item of work.commands) {
    if (item.sequence.role !== 'normal' || item.command.kind !== 'BOLUS' || item.command.deviceId !== work.source.devices.pumpDeviceId) continue;
    if (best === undefined || Math.abs(item.command.issuedAtMs - atMs) < Math.abs(best.command.issuedAtMs - atMs)) best = item;
  }
  return best;
}

/** Bolus ×k: a legitimate bolus is altered in transit (same id and counter), or a new one is sent. */
export function bolusTamper(work: WorkingDay, attack: PlannedAttack, random: Random, outside: boolean): void {
  const max = work.source.profile.limits.maxBolusU;
  const target = nearestBolus(work, attack.atMs);
  let command: DoseCommand;
  let detail: string;
  const k = outside ? random.int(3, 10) : random.uniform(2, 4);
  if (target !== undefined && (outside || target.command.units * 2 <= max * 0.95)) {
    const original = target.command.units;
    const units = outside ? Math.max(original * k, max * random.uniform(1.2, 2)) : Math.min(original * k, max * 0.95);
    target.command.units = roundTo(units, 0.05);
    command = target.command;
    detail = `bolus ${original} U tampered to ${command.units} U (x${(command.units / original).toFixed(1)}; max ${max} U)`;
  } else {
    const units = roundTo(outside ? max * random.uniform(1.2, 2) : max * random.uniform(0.5, 0.95), 0.05);
    command = addCommand(work, random, attack.atMs, 'BOLUS', units, 0);
    detail = `injected bolus ${units} U (max ${max} U)`;
  }
  pushLabel(work, attack, outside ? 'bolus-tamper-outside-limits' : 'bolus-tamper-inside-limits', command.issuedAtMs, command.issuedAtMs + deliveryMinutes(command.units) * MINUTE_MS, [command.commandId], detail);
}

/** A meal-sized bolus while the CGM is low or falling fast (the lowest or steepest point of the day if none is). */
export function bolusDuringLow(work: WorkingDay, attack: PlannedAttack, random: Random): void {
  const readings = work.source.cgm.filter((r) => r.glucoseMgDl !== null) as { timestampMs: number; glucoseMgDl: number }[];
  let chosen: { timestampMs: number; glucoseMgDl: number; trend: number } | undefined;
  let fallback: typeof chosen;
  readings.forEach((reading, i) => {
    const before = readings[Math.max(0, i - 5)]!;
    const minutes = (reading.timestampMs - before.timestampMs) / MINUTE_MS;
    const trend = minutes > 0 ? (reading.glucoseMgDl - before.glucoseMgDl) / minutes : 0;
    const candidate = { ...reading, trend };
    const lowOrFalling = reading.glucoseMgDl < 80 || (reading.glucoseMgDl < 140 && trend < -1.5);
    if (lowOrFalling && (chosen === undefined || Math.abs(reading.timestampMs - attack.atMs) < Math.abs(chosen.timestampMs - attack.atMs))) chosen = candidate;
    if (fallback === undefined || reading.glucoseMgDl + 20 * trend < fallback.glucoseMgDl + 20 * fallback.trend) fallback = candidate;
  });
  const at = chosen ?? fallback;
  const atMs = (at?.timestampMs ?? attack.atMs) + MINUTE_MS;
  const { profile } = work.source;
  const units = roundTo(Math.min(profile.limits.maxBolusU * 0.8, random.uniform(30, 70) / profile.carbRatioGPerU), 0.05);
  const command = addCommand(work, random, atMs, 'BOLUS', units, 0);
  const context = at ? `CGM ${at.glucoseMgDl.toFixed(0)} mg/dL, trend ${at.trend.toFixed(1)} mg/dL/min` : 'no CGM';
  pushLabel(work, attack, 'bolus-during-low', atMs, atMs + deliveryMinutes(units) * MINUTE_MS, [command.commandId], `bolus ${units} U at ${context}`);
}

/** Attack types whose last labelled command restores the schedule (a normal-looking command, not itself an attack). */
export const RESTORING_ATTACK_TYPES: ReadonlySet<AttackType> = new Set(['basal-manipulation-sudden', 'basal-manipulation-drift']);

/** A sudden basal ×3–6 for 2–6 h, then the schedule is restored. */
export function basalSudden(work: WorkingDay, attack: PlannedAttack, random: Random): void {
  const scheduled = work.source.profile.basalSchedule[0]!.rateUPerHour;
  const rate = roundTo(scheduled * random.uniform(3, 6), 0.05);
  const endMs = attack.atMs + random.int(120, 360) * MINUTE_MS;
  const attackCommand = addCommand(work, random, attack.atMs, 'BASAL_RATE', rate, 0);
  const restore = addCommand(work, random, endMs, 'BASAL_RATE', scheduled, 0);
  pushLabel(work, attack, 'basal-manipulation-sudden', attack.atMs, endMs, [attackCommand.commandId, restore.commandId], `basal ${scheduled} -> ${rate} U/h`);
}

/** Basal raised 6–10% every 30 min for 3–8 h (each step small enough to look like a titration), then restored. */
export function basalDrift(work: WorkingDay, attack: PlannedAttack, random: Random): void {
  const scheduled = work.source.profile.basalSchedule[0]!.rateUPerHour;
  const step = random.uniform(1.06, 1.1);
  const steps = random.int(6, 16);
  const ids: string[] = [];
  let rate = scheduled;
  for (let i = 0; i < steps; i++) {
    rate *= step;
    ids.push(addCommand(work, random, attack.atMs + i * 30 * MINUTE_MS, 'BASAL_RATE', roundTo(rate, 0.05), 0).commandId);
  }
  const endMs = attack.atMs + steps * 30 * MINUTE_MS;
  ids.push(addCommand(work, random, endMs, 'BASAL_RATE', scheduled, 0).commandId);
  pushLabel(work, attack, 'basal-manipulation-drift', attack.atMs, endMs, ids, `basal drift x${step.toFixed(2)} per 30 min, ${steps} steps to ${rate.toFixed(2)} U/h`);
}

/** Insulin withheld: a suspend for 2–6 h. */
export function suspendAttack(work: WorkingDay, attack: PlannedAttack, random: Random): void {
  const minutes = random.int(120, 360);
  const command = addCommand(work, random, attack.atMs, 'SUSPEND', 0, minutes);
  pushLabel(work, attack, 'suspend-attack', attack.atMs, attack.atMs + minutes * MINUTE_MS, [command.commandId], `suspend ${minutes} min`);
}

/** A captured pump command re-sent verbatim 1–10 min later (same id, counter and timestamp). */
export function replayCommand(work: WorkingDay, attack: PlannedAttack, random: Random): void {
  const candidates = work.commands.filter((c) => c.sequence.role === 'normal' && c.command.deviceId === work.source.devices.pumpDeviceId);
  const preferred = candidates.filter((c) => c.command.kind === 'BOLUS');
  const pool = preferred.length > 0 ? preferred : candidates;
  let original = pool[0];
  for (const c of pool) if (Math.abs(c.command.issuedAtMs - attack.atMs) < Math.abs((original?.command.issuedAtMs ?? Infinity) - attack.atMs)) original = c;
  if (original === undefined) {
    // Nothing to replay today: the attacker first sees a command (a correction bolus), then replays it.
    const command = addCommand(work, random, attack.atMs, 'BOLUS', roundTo(random.uniform(0.5, 2), 0.05), 0, { role: 'normal' });
    original = work.commands[work.commands.length - 1]!;
    void command;
  }
  const delayMs = random.int(1, 10) * MINUTE_MS;
  work.commands.push({ command: { ...original.command }, sequence: { role: 'replay', of: original }, arrivalMs: original.command.issuedAtMs + delayMs });
  pushLabel(work, attack, 'replayed-command', original.command.issuedAtMs, original.command.issuedAtMs + delayMs, [original.command.commandId],
    `replay of ${original.command.kind} counter reused; the second occurrence is the attack, arrives ${delayMs / MINUTE_MS} min later`);
}

/** A bolus from an unknown issuer (guessed counter) or from the right issuer sealed with the wrong key. */
export function forgeCommand(work: WorkingDay, attack: PlannedAttack, random: Random): void {
  const { profile } = work.source;
  const units = roundTo(Math.min(profile.limits.maxBolusU * 0.9, random.uniform(20, 60) / profile.carbRatioGPerU), 0.05);
  const wrongKey = random.bernoulli(0.5);
  const command = wrongKey
    ? addCommand(work, random, attack.atMs, 'BOLUS', units, 0, { role: 'forged-key' })
    : addCommand(work, random, attack.atMs, 'BOLUS', units, 0, { role: 'forged-issuer', counter: random.int(0, 500) }, `app-${random.hex(6)}`);
  pushLabel(work, attack, 'forged-command', attack.atMs, attack.atMs + deliveryMinutes(units) * MINUTE_MS, [command.commandId],
    wrongKey ? 'forgery=wrong-key (right issuer and counter, frame sealed with a key that is not the device key)' : `forgery=wrong-issuer (${command.issuerId})`);
}

/** 50–200 plausible temp-basal commands within 1–3 minutes from the right issuer. */
export function commandFlood(work: WorkingDay, attack: PlannedAttack, random: Random): void {
  const scheduled = work.source.profile.basalSchedule[0]!.rateUPerHour;
  const count = random.int(50, 200);
  const spanMs = random.int(1, 3) * MINUTE_MS;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const atMs = attack.atMs + Math.floor((i * spanMs) / count);
    ids.push(addCommand(work, random, atMs, 'TEMP_BASAL', roundTo(scheduled * random.uniform(0.8, 1.2), 0.05), 30).commandId);
  }
  pushLabel(work, attack, 'command-flood', attack.atMs, attack.atMs + spanMs, ids, `${count} commands in ${spanMs / MINUTE_MS} min`);
}
