/**
 * injectAttacks: applies a day's planned attacks to its record streams and returns the attacked streams
 * with ground-truth labels. Pure: the input day is not modified, and the same inputs and random stream
 * give the same output. Counters stay a plausible sequence per device across days through
 * `counterState`, which the caller threads from one day to the next.
 */
import type { AttackLabel, CgmReading, DoseCommand, PillboxEvent } from '../records.js';
import type { Random } from '../random.js';
import type { InfusionTelemetry } from '../infusion/telemetry.js';
import { workingCopy, type AttackableDay, type WorkCommand, type WorkingDay } from './attack-day.js';
import { basalDrift, basalSudden, bolusDuringLow, bolusTamper, commandFlood, forgeCommand, replayCommand, suspendAttack } from './command-attacks.js';
import type { PlannedAttack } from './plan.js';
import { cgmSpoof, infusionRateTimesTen, pillboxWeightSpoof } from './stream-attacks.js';

/** The next counter per device, carried from day to day (start with `{}`). */
export type CounterState = Readonly<Record<string, number>>;

/** A day's attack plan. */
export interface DayAttackPlan {
  attacks: readonly PlannedAttack[];
  counterState: CounterState;
}

/** The attacked streams of a day. */
export interface InjectedDay {
  /** All commands in arrival order, counters renumbered. */
  commands: DoseCommand[];
  cgm: CgmReading[];
  infusion: InfusionTelemetry[];
  pillboxEvents: PillboxEvent[];
  labels: AttackLabel[];
  /** Pass to the next day's plan. */
  counterState: CounterState;
}

function apply(work: WorkingDay, attack: PlannedAttack, random: Random): void {
  switch (attack.type) {
    case 'bolus-tamper-outside-limits': return bolusTamper(work, attack, random, true);
    case 'bolus-tamper-inside-limits': return bolusTamper(work, attack, random, false);
    case 'bolus-during-low': return bolusDuringLow(work, attack, random);
    case 'basal-manipulation-sudden': return basalSudden(work, attack, random);
    case 'basal-manipulation-drift': return basalDrift(work, attack, random);
    case 'suspend-attack': return suspendAttack(work, attack, random);
    case 'replayed-command': return replayCommand(work, attack, random);
    case 'forged-command': return forgeCommand(work, attack, random);
    case 'command-flood': return commandFlood(work, attack, random);
    case 'cgm-spoof-constant': return cgmSpoof(work, attack, random, 'constant');
    case 'cgm-spoof-replay': return cgmSpoof(work, attack, random, 'replay');
    case 'cgm-spoof-drift': return cgmSpoof(work, attack, random, 'drift');
    case 'cgm-spoof-spikes': return cgmSpoof(work, attack, random, 'spikes');
    case 'infusion-rate-x10': return infusionRateTimesTen(work, attack, random);
    case 'pillbox-weight-spoof': return pillboxWeightSpoof(work, attack, random);
    // Device faults are planned into the simulation (planPatientAttacks), not injected into records.
    case 'sensor-fault':
    case 'pump-fault':
      return;
  }
}

/**
 * Renumbers counters per device in arrival order: normal and in-sequence commands consecutively from the
 * device's state (or its first command's own counter on day one); replays copy their original; a
 * wrong-key forgery takes the next counter without consuming it; a wrong-issuer forgery keeps its guess.
 */
function renumber(commands: WorkCommand[], state: CounterState): Record<string, number> {
  const next: Record<string, number> = { ...state };
  for (const item of commands) {
    const device = item.command.deviceId;
    if (next[device] === undefined) {
      const first = commands.find((c) => c.command.deviceId === device && c.sequence.role === 'normal');
      next[device] = first?.command.counter ?? 0;
    }
    const role = item.sequence.role;
    if (role === 'normal' || role === 'in-sequence') item.command.counter = next[device]++;
    else if (role === 'forged-key') item.command.counter = next[device]!;
    else if (role === 'forged-issuer') item.command.counter = item.sequence.counter;
  }
  for (const item of commands) if (item.sequence.role === 'replay') item.command.counter = item.sequence.of.command.counter;
  return next;
}

/**
 * Injects `plan.attacks` into `day`.
 * @returns the attacked streams, one label per applied attack (an attack whose device the patient lacks
 * is skipped without a label), and the counter state for the next day.
 */
export function injectAttacks(day: AttackableDay, plan: DayAttackPlan, random: Random): InjectedDay {
  const work = workingCopy(day);
  for (const attack of plan.attacks) apply(work, attack, random.fork(attack.attackId));
  // Stable sort: a replay with the same arrival time as a command stays after it.
  work.commands.sort((a, b) => a.arrivalMs - b.arrivalMs);
  const counterState = renumber(work.commands, plan.counterState);
  return {
    commands: work.commands.map((item) => item.command),
    cgm: work.cgm,
    infusion: work.infusion,
    pillboxEvents: work.pillboxEvents,
    labels: work.labels,
    counterState,
  };
}
