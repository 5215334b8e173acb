import type Database from 'better-sqlite3';

/** Schema migrations of the coordinator database, applied in order inside one transaction each. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE nodes (
     node_id TEXT PRIMARY KEY,
     status TEXT NOT NULL CHECK (status IN ('enrolled', 'revoked')),
     enrolled_at_ms INTEGER NOT NULL,
     revoked_at_ms INTEGER,
     keyset_fingerprint_hex TEXT,
     audit_public_key_base64 TEXT,
     last_seen_ms INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE models (
     version TEXT PRIMARY KEY,
     model_kind TEXT NOT NULL,
     parent_version TEXT,
     round_id TEXT,
     created_at_ms INTEGER NOT NULL,
     weight_count INTEGER NOT NULL,
     manifest_json TEXT NOT NULL,
     genesis_weights BLOB,
     lineage_json TEXT NOT NULL DEFAULT '{}',
     flagged INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE rounds (
     round_id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL,
     model_kind TEXT NOT NULL,
     state TEXT NOT NULL,
     base_version TEXT NOT NULL,
     config_json TEXT NOT NULL,
     min_nodes INTEGER NOT NULL,
     target_nodes INTEGER NOT NULL,
     deadline_at_ms INTEGER NOT NULL,
     weight_count INTEGER NOT NULL,
     chunk_count INTEGER NOT NULL,
     created_at_ms INTEGER NOT NULL,
     closed_at_ms INTEGER,
     total_weight REAL NOT NULL DEFAULT 0,
     node_count INTEGER NOT NULL DEFAULT 0,
     reason TEXT,
     result_version TEXT
   );
   CREATE TABLE participants (
     round_id TEXT NOT NULL REFERENCES rounds(round_id),
     node_id TEXT NOT NULL,
     token TEXT NOT NULL UNIQUE,
     status TEXT NOT NULL CHECK (status IN ('planned', 'submitted', 'dropped')),
     sample_weight REAL,
     submitted_at_ms INTEGER,
     PRIMARY KEY (round_id, node_id)
   );
   CREATE TABLE staged_chunks (
     round_id TEXT NOT NULL,
     node_id TEXT NOT NULL,
     idx INTEGER NOT NULL,
     bytes BLOB NOT NULL,
     PRIMARY KEY (round_id, node_id, idx)
   );
   CREATE TABLE aggregate_chunks (
     round_id TEXT NOT NULL,
     idx INTEGER NOT NULL,
     bytes BLOB NOT NULL,
     PRIMARY KEY (round_id, idx)
   );
   CREATE TABLE evaluations (
     round_id TEXT NOT NULL,
     node_id TEXT NOT NULL,
     weights_sha256_hex TEXT NOT NULL,
     metrics_json TEXT NOT NULL,
     promoted INTEGER NOT NULL,
     reason TEXT NOT NULL,
     sample_count INTEGER NOT NULL,
     PRIMARY KEY (round_id, node_id)
   );`,
  // Which model kinds each node said at Join it can train (rounds of a kind select only those nodes).
  `ALTER TABLE nodes ADD COLUMN model_kinds_json TEXT NOT NULL DEFAULT '[]';`,
  // The version of each kind the coordinator publishes as deployable (best federated evaluation), and why.
  `CREATE TABLE deployables (
     model_kind TEXT PRIMARY KEY,
     version TEXT NOT NULL,
     round_id TEXT NOT NULL,
     score REAL,
     metric TEXT NOT NULL,
     reason TEXT NOT NULL,
     chosen_at_ms INTEGER NOT NULL
   );`,
  // The tfjs backend each node trained its update on (model lineage and cards).
  `ALTER TABLE evaluations ADD COLUMN training_backend TEXT NOT NULL DEFAULT '';`,
];

/** Opens the schema at the newest version. @returns the version now in force. */
export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  let version = row?.version ?? 0;
  if (!row) db.prepare('INSERT INTO schema_version (version) VALUES (0)').run();
  for (; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.prepare('UPDATE schema_version SET version = ?').run(version + 1);
    })();
  }
  return version;
}
