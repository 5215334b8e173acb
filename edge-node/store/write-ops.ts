/**
 * The store's writes as data: each typed {@link WriteOp} becomes rows of prepared statements (by index
 * into {@link STORE_WRITE_SQL}), so the same batch can run on the store's own connection or on a write
 * thread, and the batch's synchronous level follows from what it holds.
 */
import type { StatementRow } from '../../common/ledger/index.js';
import type { HoldRecord, StoredCommand, StoredEvent } from './edge-store.js';

/** One write; a batch of them commits atomically. */
export type WriteOp =
  | { op: 'event'; event: StoredEvent; receivedAtMs: number }
  | { op: 'window'; deviceId: string; window: string }
  | { op: 'command'; command: StoredCommand; commandJson: string; decidedAtMs: number; acceptedCounter: number | null }
  | { op: 'hold'; hold: HoldRecord }
  | { op: 'hold-decision'; holdId: string; commandId: string; status: 'confirmed' | 'declined'; clinician: string; decidedAtMs: number; note: string; auditIndex: number }
  | { op: 'totp-step'; clinician: string; step: number }
  | { op: 'totp-lockout'; clinician: string; failures: number; lockouts: number; lockedUntilMs: number }
  | { op: 'alert'; alert: { alertId: string; kind: string; severity: string; patientId: string; deviceId: string; raisedAtMs: number; message: string; auditIndex: number; leafHashHex: string } };

const STATEMENTS = {
  event: 'INSERT OR IGNORE INTO events (device_id, patient_id, kind, counter, at_ms, payload_json, received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
  window: 'UPDATE devices SET replay_window = ? WHERE device_id = ?',
  command: 'INSERT OR IGNORE INTO commands (command_id, digest_hex, patient_id, device_id, command_json, verdict, reply_json, delivered, decided_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  counter: 'UPDATE devices SET last_command_counter = max(coalesce(last_command_counter, -1), ?) WHERE device_id = ?',
  hold: 'INSERT INTO holds (hold_id, command_id, patient_id, device_id, expires_at_ms, status) VALUES (?, ?, ?, ?, ?, ?)',
  holdDecision: "UPDATE holds SET status = ?, decided_by = ?, decided_at_ms = ? WHERE hold_id = ? AND status = 'pending'",
  delivered: 'UPDATE commands SET delivered = 1 WHERE command_id = ?',
  adjudication: 'INSERT INTO adjudications (hold_id, command_id, clinician, outcome, note, decided_at_ms, audit_index) VALUES (?, ?, ?, ?, ?, ?, ?)',
  totpStep: 'UPDATE clinicians SET last_totp_step = ? WHERE name = ?',
  totpLockout: 'UPDATE clinicians SET totp_failures = ?, totp_lockouts = ?, totp_locked_until_ms = ? WHERE name = ?',
  alert: 'INSERT INTO alerts (alert_id, kind, severity, patient_id, device_id, raised_at_ms, message, audit_index, leaf_hash_hex) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
} as const;

/** Every statement a write batch may run; a row names one by its index here. */
export const STORE_WRITE_SQL: readonly string[] = Object.values(STATEMENTS);
const S = Object.fromEntries(Object.keys(STATEMENTS).map((name, i) => [name, i])) as Record<keyof typeof STATEMENTS, number>;

/** @returns the statement rows of `ops`, in order. */
export function writeStatements(ops: readonly WriteOp[]): StatementRow[] {
  const rows: StatementRow[] = [];
  for (const w of ops) {
    switch (w.op) {
      case 'event': {
        const e = w.event;
        rows.push([S.event, e.deviceId, e.patientId, e.kind, e.counter, e.atMs, JSON.stringify(e.payload), w.receivedAtMs]);
        break;
      }
      case 'window': rows.push([S.window, w.window, w.deviceId]); break;
      case 'command': {
        const c = w.command;
        rows.push([S.command, c.commandId, c.digestHex, c.patientId, c.deviceId, w.commandJson, c.verdict, c.replyJson, c.delivered ? 1 : 0, w.decidedAtMs]);
        if (w.acceptedCounter !== null) rows.push([S.counter, w.acceptedCounter, c.deviceId]);
        break;
      }
      case 'hold': {
        const h = w.hold;
        rows.push([S.hold, h.holdId, h.commandId, h.patientId, h.deviceId, h.expiresAtMs, h.status]);
        break;
      }
      case 'hold-decision':
        rows.push([S.holdDecision, w.status, w.clinician, w.decidedAtMs, w.holdId]);
        if (w.status === 'confirmed') rows.push([S.delivered, w.commandId]);
        rows.push([S.adjudication, w.holdId, w.commandId, w.clinician, w.status, w.note, w.decidedAtMs, w.auditIndex]);
        break;
      case 'totp-step': rows.push([S.totpStep, w.step, w.clinician]); break;
      case 'totp-lockout': rows.push([S.totpLockout, w.failures, w.lockouts, w.lockedUntilMs, w.clinician]); break;
      case 'alert': {
        const a = w.alert;
        rows.push([S.alert, a.alertId, a.kind, a.severity, a.patientId, a.deviceId, a.raisedAtMs, a.message, a.auditIndex, a.leafHashHex]);
        break;
      }
    }
  }
  return rows;
}

/**
 * @returns NORMAL for batches of verdict rows only — durable against a process crash; the verdict's
 * power-loss-durable record is its audit entry, fsynced before the reply — and FULL for anything else.
 */
export function synchronousFor(ops: readonly WriteOp[]): 'FULL' | 'NORMAL' {
  return ops.every((w) => w.op === 'command') ? 'NORMAL' : 'FULL';
}
