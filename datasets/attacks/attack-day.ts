/**
 * The record streams of one patient-day as attacks see them, and the working copy they edit. Each
 * command carries how it relates to the device's counter sequence, so counters can be renumbered once
 * at the end: normal and "in-sequence" attack commands get consecutive counters (a compromised issuer
 * knows the sequence); replays copy their original's counter; forgeries get a counter of their own.
 */
import type { AttackLabel, CgmReading, DoseCommand, DoseOutcome, PatientProfile, PillboxEvent, Regimen } from '../records.js';
import type { InfusionTelemetry } from '../infusion/telemetry.js';

/** A patient-day of records to inject attacks into. */
export interface AttackableDay {
  profile: PatientProfile;
  devices: { pumpDeviceId: string; cgmDeviceId: string; issuerId: string; infusionDeviceId?: string; pillboxDeviceId?: string };
  dayStartMs: number;
  /** Insulin-pump and infusion-pump commands, in issue order. */
  commands: readonly DoseCommand[];
  cgm: readonly CgmReading[];
  infusion?: readonly InfusionTelemetry[];
  pillboxEvents?: readonly PillboxEvent[];
  regimen?: Regimen;
  /** Ground truth of the day's doses (a weight spoof hides missed ones). */
  doseOutcomes?: readonly DoseOutcome[];
}

/** How a command relates to its device's counter sequence. */
export type SequenceRole =
  | { role: 'normal' }
  | { role: 'in-sequence' }
  | { role: 'replay'; of: WorkCommand }
  /** Right issuer, next counter, but sealed with a key that is not the device's. Does not consume a counter. */
  | { role: 'forged-key' }
  /** An issuer the node has never enrolled; counter is the attacker's guess. */
  | { role: 'forged-issuer'; counter: number };

/** A command in the working copy. */
export interface WorkCommand {
  command: DoseCommand;
  sequence: SequenceRole;
  /** Position in the stream (arrival time); equals issuedAtMs except for replays. */
  arrivalMs: number;
}

/** The mutable working copy attacks edit. */
export interface WorkingDay {
  source: AttackableDay;
  commands: WorkCommand[];
  cgm: CgmReading[];
  infusion: InfusionTelemetry[];
  pillboxEvents: PillboxEvent[];
  labels: AttackLabel[];
}

/** @returns a working copy that shares no arrays with `day`. */
export function workingCopy(day: AttackableDay): WorkingDay {
  return {
    source: day,
    commands: day.commands.map((command) => ({ command: { ...command }, sequence: { role: 'normal' }, arrivalMs: command.issuedAtMs })),
    cgm: day.cgm.map((reading) => ({ ...reading })),
    infusion: (day.infusion ?? []).map((t) => ({ ...t })),
    pillboxEvents: [...(day.pillboxEvents ?? [])],
    labels: [],
  };
}
