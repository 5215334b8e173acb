/**
 * Schema migrations of the edge node's database. Each runs once, in order, in its own transaction,
 * and bumps `schema_version`; a database from a newer Vigil is refused rather than misread.
 */
import type Database from 'better-sqlite3';
import { VigilError } from '../../common/errors/index.js';

/** Migrations in order; index + 1 is the schema version after it. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE patients (
     patient_id TEXT PRIMARY KEY,
     profile_json TEXT NOT NULL,
     updated_at_ms INTEGER NOT NULL
   );
   CREATE TABLE devices (
     device_id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     patient_id TEXT NOT NULL REFERENCES patients(patient_id),
     ascon_key BLOB NOT NULL,
     replay_window TEXT NOT NULL DEFAULT '',
     last_command_counter INTEGER,
     provisioned_at_ms INTEGER NOT NULL
   );
   CREATE TABLE issuers (
     issuer_id TEXT PRIMARY KEY,
     ascon_key BLOB NOT NULL,
     created_at_ms INTEGER NOT NULL
   );
   CREATE TABLE events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     device_id TEXT NOT NULL,
     patient_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     counter TEXT NOT NULL,
     at_ms INTEGER NOT NULL,
     payload_json TEXT NOT NULL,
     received_at_ms INTEGER NOT NULL,
     UNIQUE (device_id, counter)
   );
   CREATE INDEX events_patient_time ON events (patient_id, kind, at_ms);
   CREATE TABLE commands (
     command_id TEXT PRIMARY KEY,
     digest_hex TEXT NOT NULL,
     patient_id TEXT NOT NULL,
     device_id TEXT NOT NULL,
     command_json TEXT NOT NULL,
     verdict TEXT NOT NULL CHECK (verdict IN ('ALLOW', 'HOLD', 'REJECT')),
     reply_json TEXT NOT NULL,
     delivered INTEGER NOT NULL DEFAULT 0,
     decided_at_ms INTEGER NOT NULL
   );
   CREATE INDEX commands_patient_time ON commands (patient_id, decided_at_ms);
   CREATE TABLE holds (
     hold_id TEXT PRIMARY KEY,
     command_id TEXT NOT NULL UNIQUE REFERENCES commands(command_id),
     patient_id TEXT NOT NULL,
     device_id TEXT NOT NULL,
     expires_at_ms INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'declined')),
     decided_by TEXT,
     decided_at_ms INTEGER
   );
   CREATE TABLE clinicians (
     name TEXT PRIMARY KEY,
     totp_secret TEXT NOT NULL,
     last_totp_step INTEGER NOT NULL DEFAULT -1,
     created_at_ms INTEGER NOT NULL
   );
   CREATE TABLE adjudications (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     hold_id TEXT NOT NULL,
     command_id TEXT NOT NULL,
     clinician TEXT NOT NULL,
     outcome TEXT NOT NULL,
     note TEXT NOT NULL DEFAULT '',
     decided_at_ms INTEGER NOT NULL,
     audit_index INTEGER
   );
   CREATE TABLE alerts (
     alert_id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     severity TEXT NOT NULL,
     patient_id TEXT NOT NULL DEFAULT '',
     device_id TEXT NOT NULL DEFAULT '',
     raised_at_ms INTEGER NOT NULL,
     message TEXT NOT NULL,
     audit_index INTEGER NOT NULL,
     leaf_hash_hex TEXT NOT NULL
   );`,
  `CREATE TABLE regimens (
     device_id TEXT PRIMARY KEY,
     patient_id TEXT NOT NULL,
     regimen_json TEXT NOT NULL
   );`,
  // TOTP lockout (holds/totp-lockout.ts): consecutive wrong codes, lockouts so far, locked until.
  `ALTER TABLE clinicians ADD COLUMN totp_failures INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE clinicians ADD COLUMN totp_lockouts INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE clinicians ADD COLUMN totp_locked_until_ms INTEGER NOT NULL DEFAULT 0;`,
];

/**
 * Brings a database up to the latest schema.
 * @returns the schema version after migrating.
 * @throws VigilError FAILED_PRECONDITION when the database is newer than this code.
 */
export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  let version = row?.version ?? 0;
  if (!row) db.prepare('INSERT INTO schema_version (version) VALUES (0)').run();
  if (version > MIGRATIONS.length) throw new VigilError('FAILED_PRECONDITION', `edge database schema ${version} is newer than this Vigil (${MIGRATIONS.length})`);
  for (; version < MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version]!;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('UPDATE schema_version SET version = ?').run(version + 1);
    })();
  }
  return version;
}
