import type { AuditEntryInput } from '../common/ledger/index.js';

/** Where the coordinator records rounds, participants and deployments: its audit log (common/ledger AuditLog). */
export interface AuditSink {
  /** Appends an entry; resolves once it is durable. */
  append(input: AuditEntryInput): Promise<unknown>;
}
