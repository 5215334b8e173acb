/**
 * The small typed "patient state" every dose-context feature is computed from, and a tracker the edge
 * node (live) and training (replaying a stream) both use to maintain it incrementally.
 */
import type { CgmReading, DoseCommand, PatientProfile } from '../../datasets/records.js';
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

/** Drops items older than `cutoffMs` from the front of a time-ordered array, in place. */
function pruneFront<T>(items: T[], timeOf: (item: T) => number, cutoffMs: number): void {
  let drop = 0;
  while (drop < items.length && timeOf(items[drop]!) < cutoffMs) drop++;
  if (drop > 0) items.splice(0, drop);
}

/**
 * Maintains a {@link PatientState} from events arriving in time order; bounded memory.
 * Late events are inserted in order rather than rejected, because gateways may batch.
 */
export class PatientStateTracker {
  readonly profile: PatientProfile;
  private readonly commands: DoseCommand[] = [];
  private readonly cgm: CgmReading[] = [];
  private readonly carbs: CarbEntry[] = [];
  private readonly utcOffsetMinutes: number;
  private readonly retention: { commands: number; cgm: number; carbs: number };
  private latestMs = 0;

  constructor(profile: PatientProfile, options: PatientStateTrackerOptions = {}) {
    this.profile = profile;
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
    this.retention = {
      commands: options.commandRetentionMs ?? 24 * HOUR_MS + profile.insulinActionMinutes * 60_000,
      cgm: options.cgmRetentionMs ?? 1.5 * HOUR_MS,
      carbs: options.carbRetentionMs ?? 6 * HOUR_MS,
    };
  }

  /** Records a command that was delivered (call it only for commands the gate allowed). */
  addCommand(command: DoseCommand): void {
    insertOrdered(this.commands, command, (c) => c.issuedAtMs);
    this.advance(command.issuedAtMs);
  }

  /** Records a CGM reading. */
  addCgm(reading: CgmReading): void {
    insertOrdered(this.cgm, reading, (r) => r.timestampMs);
    this.advance(reading.timestampMs);
  }

  /** Records announced carbs. */
  addCarbs(entry: CarbEntry): void {
    insertOrdered(this.carbs, entry, (e) => e.timestampMs);
    this.advance(entry.timestampMs);
  }

  /** @returns the current state; arrays are live views, valid until the next add. */
  snapshot(): PatientState {
    return { profile: this.profile, commands: this.commands, cgm: this.cgm, carbs: this.carbs, utcOffsetMinutes: this.utcOffsetMinutes };
  }

  private advance(ms: number): void {
    if (ms <= this.latestMs) return;
    this.latestMs = ms;
    pruneFront(this.commands, (c) => c.issuedAtMs, ms - this.retention.commands);
    pruneFront(this.cgm, (r) => r.timestampMs, ms - this.retention.cgm);
    pruneFront(this.carbs, (e) => e.timestampMs, ms - this.retention.carbs);
  }
}

function insertOrdered<T>(items: T[], item: T, timeOf: (item: T) => number): void {
  const t = timeOf(item);
  let i = items.length;
  while (i > 0 && timeOf(items[i - 1]!) > t) i--;
  items.splice(i, 0, item);
}
