import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { VigilError } from '../../common/errors/index.js';
import { buildWitnessSubmission, type AuditLog } from '../../common/ledger/index.js';
import type { FederationClient } from './federation-client.js';
import type { TreeHeadPublisher } from './round-participant.js';

/** Remembers the tree size the coordinator last witnessed, across restarts (a proof must start there). */
export interface AcknowledgedSize {
  load(): number;
  save(size: number): void;
}

/** @returns an AcknowledgedSize kept in a small JSON file, replaced atomically. */
export function acknowledgedSizeFile(path: string): AcknowledgedSize {
  return {
    load: () => (existsSync(path) ? Number((JSON.parse(readFileSync(path, 'utf8')) as { size: number }).size) : 0),
    save: (size) => {
      writeFileSync(`${path}.tmp`, JSON.stringify({ size }));
      renameSync(`${path}.tmp`, path);
    },
  };
}

/**
 * @returns a publisher that issues a fresh signed checkpoint of the node's audit log and sends it with a
 * consistency proof from the size the coordinator last witnessed.
 * The publisher throws VigilError FAILED_PRECONDITION when the witness refuses the head.
 */
export function treeHeadPublisher(audit: AuditLog, client: FederationClient, acknowledged: AcknowledgedSize): TreeHeadPublisher {
  return async () => {
    await audit.issueCheckpoint();
    const submission = buildWitnessSubmission(audit.reader, acknowledged.load());
    if (!submission) return;
    const response = await client.publishTreeHead(submission.note, submission.proof);
    if (!response.accepted) throw new VigilError('FAILED_PRECONDITION', `coordinator refused the tree head: ${response.reason}`);
    acknowledged.save(Number(response.witnessedSize));
  };
}
