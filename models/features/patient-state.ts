/**
 * The small typed "patient state" every dose-context feature is computed from, and the one tracker the
 * edge node (live, edge-node/dose/patient-states.ts) and training (replaying a stream) both use to
 * maintain it incrementally, with the insulin history its contexts are computed from (insulin-history.ts).
 */
import type { CgmReading, DoseCommand, PatientProfile } from '../../datasets/records.js';
import { InsulinHistory } from './insulin-history.js';
import type { CarbEntry } from './insulin-on-board.js';

const HOUR_MS = 3_600_000;

/** What the features of one dose command may look at. Arrays are in time order. */
export interface PatientState {
  profile: PatientProfile;
  /** Delivered (not blocked) commands of the last ≥ 24 h. */
  commands: readonly DoseCommand[];
  /** CGM readings of the last ≥ 60 min (null glucose = sensor gap). */
  cgm: readonly CgmReading[];
  /** Carb entries of the last ≥ 6 h. */
  carbs: readonly CarbEntry[];
  /** The site's offset from UTC (minutes) for time of day and "today". Default 0. */
  utcOffsetMinutes?: number;
  /**
   * The tracker's incremental insulin history of `commands` (absent: contexts are computed from the
   * arrays alone, with the same result). Used only while it mirrors exactly this state's commands.
   */
  readonly insulinHistory?: InsulinHistory;
}

/** Options of {@link PatientStateTracker}. */
export interface PatientStateTrackerOptions {
  utcOffsetMinutes?: number;
  /** How much command history to keep (default 30 h: 24 h of counts plus the insulin action time). */
  commandRetentionMs?: number;
  /** How much CGM history to keep (default 90 min). */
  cgmRetentionMs?: number;
  /** How much carb history to keep (default 6 h). */
  carbRetentionMs?: number;
}

/**
 * @returns the command as a fresh object of one fixed shape. Commands arrive from the store (zod output),
 * the wire (with authentication fields) and datasets; a mix of shapes in one history makes per-command
 * loops megamorphic (measured at 2.5× slower), and authentication fields have no place in a history.
 */
function stateCommand(c: DoseCommand): DoseCommand {
  const command: DoseCommand = {
    commandId: c.commandId, patientId: c.patientId, deviceId: c.deviceId, issuerId: c.issuerId, counter: c.counter,
    issuedAtMs: c.issuedAtMs, kind: c.kind, units: c.units, durationMinutes: c.durationMinutes,
  };
  if (c.infusion) command.infusion = c.infusion;
  return command;
}

/** Drops items older than `cutoffMs` from the front of a time-ordered array, in place. @returns how many. */
function pruneFront<T>(items: T[], timeOf: (item: T) => number, cutoffMs: number, dropped?: (item: T) => void): number {
  let drop = 0;
  while (drop < items.length && timeOf(items[drop]!) < cutoffMs) {
    dropped?.(items[drop]!);
    drop++;
  }
  if (drop > 0) items.splice(0, drop);
  return drop;
}

/** Inserts after every item of the same or an earlier time. @returns whether it went at the end. */
function insertOrdered<T>(items: T[], item: T, timeOf: (item: T) => number): boolean {
  const t = timeOf(item);
  let i = items.length;
  while (i > 0 && timeOf(items[i - 1]!) > t) i--;
  if (i === items.length) items.push(item);
  else items.splice(i, 0, item);
  return i === items.length - 1;
}

const commandTime = (c: DoseCommand) => c.issuedAtMs;
const readingTime = (r: { timestampMs: number }) => r.timestampMs;

/**
 * Maintains a {@link PatientState} from events arriving in time order; bounded memory. Late events are
 * inserted in order rather than rejected, because gateways may batch. Everything older than its
 * retention before the newest event of any kind is dropped.
 */
export class PatientStateTracker {
  readonly profile: PatientProfile;
  private readonly commands: DoseCommand[] = [];
  private readonly cgm: CgmReading[] = [];
  private readonly carbs: CarbEntry[] = [];
  private readonly utcOffsetMinutes: number;
  private readonly retention: { commands: number; cgm: number; carbs: number };
  private readonly insulin: InsulinHistory;
  private readonly state: PatientState;
  private latestMs = 0;

  constructor(profile: PatientProfile, options: PatientStateTrackerOptions = {}) {
    this.profile = profile;
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
    this.retention = {
      commands: options.commandRetentionMs ?? 24 * HOUR_MS + profile.insulinActionMinutes * 60_000,
      cgm: options.cgmRetentionMs ?? 1.5 * HOUR_MS,
      carbs: options.carbRetentionMs ?? 6 * HOUR_MS,
    };
    this.insulin = new InsulinHistory(profile, this.utcOffsetMinutes, this.commands);
    this.state = { profile, commands: this.commands, cgm: this.cgm, carbs: this.carbs, utcOffsetMinutes: this.utcOffsetMinutes, insulinHistory: this.insulin };
  }

  /** How long commands are kept (ms before the newest event): what a loader should read back. */
  get commandRetentionMs(): number {
    return this.retention.commands;
  }

  /** Records a command that was delivered (call it only for commands the gate allowed). */
  addCommand(command: DoseCommand): void {
    const copy = stateCommand(command);
    if (insertOrdered(this.commands, copy, commandTime)) this.insulin.append(copy);
    else this.insulin.rebuild();
    this.advance(command.issuedAtMs);
  }

  /** Records a CGM reading. */
  addCgm(reading: CgmReading): void {
    insertOrdered(this.cgm, reading, readingTime);
    this.advance(reading.timestampMs);
  }

  /** Records announced carbs. */
  addCarbs(entry: CarbEntry): void {
    insertOrdered(this.carbs, entry, readingTime);
    this.advance(entry.timestampMs);
  }

  /** @returns the current state: one object whose arrays are live views, changed by every add. */
  snapshot(): PatientState {
    return this.state;
  }

  private advance(ms: number): void {
    if (ms <= this.latestMs) return;
    this.latestMs = ms;
    pruneFront(this.commands, commandTime, ms - this.retention.commands, (c) => this.insulin.dropFirst(c));
    pruneFront(this.cgm, readingTime, ms - this.retention.cgm);
    pruneFront(this.carbs, readingTime, ms - this.retention.carbs);
  }
}
