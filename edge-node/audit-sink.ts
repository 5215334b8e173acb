/**
 * What the edge node needs of the audit log (common/ledger's AuditLog satisfies it): an append that
 * resolves only once the entry is durable.
 */
import type { AppendReceipt, AuditEntryInput } from '../common/ledger/index.js';

/** Durable, append-only audit log. */
export interface AuditSink {
  /** @returns the entry's index and leaf hash once durable. @throws (rejects) when it cannot be written. */
  append(entry: AuditEntryInput): Promise<AppendReceipt>;
}
