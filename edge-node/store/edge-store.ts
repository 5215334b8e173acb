/**
 * The edge node's embedded store (better-sqlite3, WAL, synchronous=FULL): patients, devices and their
 * replay windows, issuers, events, commands and verdicts, holds, clinicians, adjudications and alerts.
 * Writes are batches of typed operations (write-ops.ts), each batch one transaction, so a group commit
 * makes many verdicts and events durable with one fsync; the node commits them on a write thread
 * (durable-writer.ts) and reads here.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DoseCommand, PatientProfile, Regimen, type Device } from '../../datasets/records.js';
import { migrate } from './migrations.js';
import { STORE_WRITE_SQL, synchronousFor, writeStatements, type WriteOp } from './write-ops.js';

/** Pragmas of every connection to the store (synchronous is chosen per batch). */
export const STORE_CONNECTION_PRAGMAS: readonly string[] = ['foreign_keys = ON', 'busy_timeout = 5000'];

/** A provisioned device as the node keeps it. */
export interface DeviceRecord {
  deviceId: string;
  kind: Device['kind'];
  patientId: string;
  asconKey: Uint8Array;
  replayWindow: string;
  lastCommandCounter: number | null;
}

/** A stored event (an opened device frame). */
export interface StoredEvent {
  deviceId: string;
  patientId: string;
  kind: string;
  counter: string;
  atMs: number;
  payload: Record<string, unknown>;
}

/** A stored command and the reply it got. */
export interface StoredCommand {
  commandId: string;
  digestHex: string;
  patientId: string;
  deviceId: string;
  verdict: 'ALLOW' | 'HOLD' | 'REJECT';
  replyJson: string;
  delivered: boolean;
}

/** A clinician enrolled for TOTP, with the state of their wrong-code lockout. */
export interface ClinicianRecord {
  totpSecret: string;
  lastTotpStep: number;
  lockout: { failures: number; lockouts: number; lockedUntilMs: number };
}

/** A hold awaiting (or past) a clinician's decision. */
export interface HoldRecord {
  holdId: string;
  commandId: string;
  patientId: string;
  deviceId: string;
  expiresAtMs: number;
  status: 'pending' | 'confirmed' | 'declined';
}

export type { WriteOp } from './write-ops.js';

/** The edge node's database. */
export class EdgeStore {
  /** The database file (a write thread opens its own connection to it). */
  readonly path: string;
  readonly #db: Database.Database;
  readonly #writes: Database.Statement[];
  readonly #stmts;
  #synchronous: 'FULL' | 'NORMAL' = 'FULL';

  private constructor(db: Database.Database, path: string) {
    this.#db = db;
    this.path = path;
    this.#writes = STORE_WRITE_SQL.map((sql) => db.prepare(sql));
    this.#stmts = {
      commandById: db.prepare('SELECT command_id, digest_hex, patient_id, device_id, verdict, reply_json, delivered FROM commands WHERE command_id = ?'),
      holdById: db.prepare('SELECT hold_id, command_id, patient_id, device_id, expires_at_ms, status FROM holds WHERE hold_id = ?'),
    };
  }

  /**
   * Opens (creating when missing) and migrates the database.
   * @throws VigilError FAILED_PRECONDITION for a newer schema; the SQLite error when the file is unusable.
   */
  static open(path: string): EdgeStore {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL');
      // FULL: a commit is on disk when it returns, so an acknowledged event or verdict survives a crash.
      db.pragma('synchronous = FULL');
      for (const pragma of STORE_CONNECTION_PRAGMAS) db.pragma(pragma);
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new EdgeStore(db, path);
  }

  /**
   * Commits a batch of writes in one transaction on this connection (the node's hot path commits on a
   * write thread instead: store/durable-writer.ts). Batches of verdict rows only use synchronous=NORMAL,
   * anything else FULL ({@link synchronousFor}).
   * @throws the SQLite error (then nothing was written).
   */
  commit(ops: readonly WriteOp[]): void {
    const synchronous = synchronousFor(ops);
    if (synchronous !== this.#synchronous) {
      this.#db.pragma(`synchronous = ${synchronous}`);
      this.#synchronous = synchronous;
    }
    this.#db.transaction(() => {
      for (const [statement, ...params] of writeStatements(ops)) this.#writes[statement]!.run(...params);
    })();
  }

  /** Adds or replaces a patient profile. @throws ZodError when the profile is invalid. */
  upsertPatient(profile: PatientProfile, nowMs: number): void {
    const valid = PatientProfile.parse(profile);
    this.#db.prepare('INSERT INTO patients (patient_id, profile_json, updated_at_ms) VALUES (?, ?, ?) ON CONFLICT (patient_id) DO UPDATE SET profile_json = excluded.profile_json, updated_at_ms = excluded.updated_at_ms')
      .run(valid.patientId, JSON.stringify(valid), nowMs);
  }

  /** Adds or replaces a device; a re-provisioned key resets its replay window. @throws on an unknown patient. */
  upsertDevice(device: Device, nowMs: number): void {
    this.#db.prepare(`INSERT INTO devices (device_id, kind, patient_id, ascon_key, provisioned_at_ms) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (device_id) DO UPDATE SET kind = excluded.kind, patient_id = excluded.patient_id,
        replay_window = CASE WHEN devices.ascon_key = excluded.ascon_key THEN devices.replay_window ELSE '' END,
        ascon_key = excluded.ascon_key`)
      .run(device.deviceId, device.kind, device.patientId, Buffer.from(device.asconKeyHex, 'hex'), nowMs);
  }

  /** Adds or replaces a pillbox regimen. @throws ZodError when invalid. */
  upsertRegimen(regimen: Regimen): void {
    const valid = Regimen.parse(regimen);
    this.#db.prepare('INSERT INTO regimens (device_id, patient_id, regimen_json) VALUES (?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET patient_id = excluded.patient_id, regimen_json = excluded.regimen_json')
      .run(valid.deviceId, valid.patientId, JSON.stringify(valid));
  }

  /** @returns the patient's regimens. */
  regimens(patientId: string): Regimen[] {
    return (this.#db.prepare('SELECT regimen_json FROM regimens WHERE patient_id = ?').all(patientId) as { regimen_json: string }[]).map((r) => Regimen.parse(JSON.parse(r.regimen_json)));
  }

  /** Adds an issuer of dose commands. @throws the SQLite error when the id exists. */
  addIssuer(issuerId: string, key: Uint8Array, nowMs: number): void {
    this.#db.prepare('INSERT INTO issuers (issuer_id, ascon_key, created_at_ms) VALUES (?, ?, ?)').run(issuerId, Buffer.from(key), nowMs);
  }

  /** Adds a clinician with a TOTP secret (base32). @throws the SQLite error when the name exists. */
  addClinician(name: string, totpSecret: string, nowMs: number): void {
    this.#db.prepare('INSERT INTO clinicians (name, totp_secret, created_at_ms) VALUES (?, ?, ?)').run(name, totpSecret, nowMs);
  }

  /** @returns every patient profile. */
  patients(): PatientProfile[] {
    return (this.#db.prepare('SELECT profile_json FROM patients').all() as { profile_json: string }[]).map((r) => PatientProfile.parse(JSON.parse(r.profile_json)));
  }

  /** @returns every device with its key and replay state. */
  devices(): DeviceRecord[] {
    const rows = this.#db.prepare('SELECT device_id, kind, patient_id, ascon_key, replay_window, last_command_counter FROM devices').all() as
      { device_id: string; kind: Device['kind']; patient_id: string; ascon_key: Buffer; replay_window: string; last_command_counter: number | null }[];
    return rows.map((r) => ({ deviceId: r.device_id, kind: r.kind, patientId: r.patient_id, asconKey: new Uint8Array(r.ascon_key), replayWindow: r.replay_window, lastCommandCounter: r.last_command_counter }));
  }

  /** @returns every issuer's key by id. */
  issuers(): Map<string, Uint8Array> {
    const rows = this.#db.prepare('SELECT issuer_id, ascon_key FROM issuers').all() as { issuer_id: string; ascon_key: Buffer }[];
    return new Map(rows.map((r) => [r.issuer_id, new Uint8Array(r.ascon_key)]));
  }

  /** @returns the clinician's TOTP secret, last used time step and lockout state, or null. */
  clinician(name: string): ClinicianRecord | null {
    const row = this.#db.prepare('SELECT totp_secret, last_totp_step, totp_failures, totp_lockouts, totp_locked_until_ms FROM clinicians WHERE name = ?').get(name) as
      { totp_secret: string; last_totp_step: number; totp_failures: number; totp_lockouts: number; totp_locked_until_ms: number } | undefined;
    return row ? { totpSecret: row.totp_secret, lastTotpStep: row.last_totp_step, lockout: { failures: row.totp_failures, lockouts: row.totp_lockouts, lockedUntilMs: row.totp_locked_until_ms } } : null;
  }

  /** @returns the stored command, or null. */
  command(commandId: string): StoredCommand | null {
    const r = this.#stmts.commandById.get(commandId) as { command_id: string; digest_hex: string; patient_id: string; device_id: string; verdict: StoredCommand['verdict']; reply_json: string; delivered: number } | undefined;
    return r ? { commandId: r.command_id, digestHex: r.digest_hex, patientId: r.patient_id, deviceId: r.device_id, verdict: r.verdict, replyJson: r.reply_json, delivered: r.delivered === 1 } : null;
  }

  /** @returns the stored command itself (without its authentication fields), or null. */
  commandRecord(commandId: string): DoseCommand | null {
    const row = this.#db.prepare('SELECT command_json FROM commands WHERE command_id = ?').get(commandId) as { command_json: string } | undefined;
    return row ? DoseCommand.parse(JSON.parse(row.command_json)) : null;
  }

  /** @returns the hold, or null. */
  hold(holdId: string): HoldRecord | null {
    const r = this.#stmts.holdById.get(holdId) as { hold_id: string; command_id: string; patient_id: string; device_id: string; expires_at_ms: number; status: HoldRecord['status'] } | undefined;
    return r ? { holdId: r.hold_id, commandId: r.command_id, patientId: r.patient_id, deviceId: r.device_id, expiresAtMs: r.expires_at_ms, status: r.status } : null;
  }

  /** @returns delivered commands of a patient decided at or after `sinceMs`, in issue order. */
  deliveredCommands(patientId: string, sinceMs: number): DoseCommand[] {
    const rows = this.#db.prepare('SELECT command_json FROM commands WHERE patient_id = ? AND delivered = 1 AND decided_at_ms >= ?').all(patientId, sinceMs) as { command_json: string }[];
    return rows.map((r) => DoseCommand.parse(JSON.parse(r.command_json))).sort((a, b) => a.issuedAtMs - b.issuedAtMs);
  }

  /** @returns a patient's events of one kind in [sinceMs, beforeMs), in time order. */
  events(patientId: string, kind: string, sinceMs: number, beforeMs = Number.MAX_SAFE_INTEGER): StoredEvent[] {
    const rows = this.#db.prepare('SELECT device_id, patient_id, kind, counter, at_ms, payload_json FROM events WHERE patient_id = ? AND kind = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms').all(patientId, kind, sinceMs, beforeMs) as
      { device_id: string; patient_id: string; kind: string; counter: string; at_ms: number; payload_json: string }[];
    return rows.map((r) => ({ deviceId: r.device_id, patientId: r.patient_id, kind: r.kind, counter: r.counter, atMs: r.at_ms, payload: JSON.parse(r.payload_json) as Record<string, unknown> }));
  }

  /** @returns row counts (for tests, health and the crash test). */
  counts(): { events: number; commands: number; holds: number; alerts: number; adjudications: number } {
    const n = (table: string) => (this.#db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { events: n('events'), commands: n('commands'), holds: n('holds'), alerts: n('alerts'), adjudications: n('adjudications') };
  }

  /** @returns the ids of every stored command (crash test). */
  commandIds(): string[] {
    return (this.#db.prepare('SELECT command_id FROM commands').all() as { command_id: string }[]).map((r) => r.command_id);
  }

  /** Closes the database. */
  close(): void {
    this.#db.close();
  }
}
