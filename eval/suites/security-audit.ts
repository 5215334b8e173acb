/**
 * Audit-log tampering on copies of the node's log after it stopped: modify an entry, delete one,
 * reorder two, truncate the tail (entries only, or entries and their tree rows), and truncate while also
 * removing the checkpoints that cover the tail (a rewind that only a witness can catch). Every copy is
 * verified in-process with `verifyLedger` and, for the first copies of each kind (or of the kinds the
 * configuration names), by the real `vigil audit verify` process with the node's public key given out of
 * band; the untouched copy must pass both.
 *
 * Before copying, the log gets the signed tree head the node would publish at its next checkpoint
 * (the node issues them every 60 s, so a short run may not have one), and the coordinator's witness
 * store accepts it; its witness file goes to `--witness` for the rewind drill.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { AuditLog, LedgerReader, WitnessStore, buildWitnessSubmission, decodeEntry, encodeEntry, loadOrCreateSigner, parseCheckpointFile, verifyLedger, type NoteVerifier } from '../../common/ledger/index.js';
import type { Random } from '../../datasets/random.js';
import { mapLimit } from './security-requests.js';
import { DrillTally } from './security-tally.js';

const run = promisify(execFile);
const VIGIL = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));

/** How many tampered copies to make, and which of them the CLI also verifies (it takes seconds to start). */
export interface AuditDrillConfig {
  copiesPerKind: number;
  /** The first this many copies of each kind in `cliKinds` (default: every kind) go through `vigil audit verify`. */
  cliCopiesPerKind: number;
  cliKinds?: readonly string[];
}

/** What the audit drills found besides the tallies. */
export interface AuditFindings {
  /** Entries in the node's log when it stopped. */
  logSize: number;
  witnessAccepted: boolean;
  /** Rewound copies that pass `verifyLedger` when no witness is given (the documented limit). */
  rewindPassesWithoutWitness: number;
  rewindCopies: number;
  /** Drill id → every problem kind verify reported (sorted, joined by '+') → copies; position-dependent, unlike the first kind. */
  problemKinds: Record<string, Record<string, number>>;
}

type Tamper = (db: Database.Database, size: number, random: Random) => void;

/** Tampering kinds, in report order. */
export const AUDIT_TAMPER_KINDS: readonly { id: string; title: string; expected: string; tamper: Tamper; witness?: true }[] = [
  { id: 'audit-modify', title: 'One entry modified (a verdict flipped, or its time moved)', expected: 'entry-modified; exit 1', tamper: modifyEntry },
  { id: 'audit-delete', title: 'One entry deleted (not the last)', expected: 'entry-missing; exit 1', tamper: (db, size, r) => void db.prepare('DELETE FROM ledger_entries WHERE idx = ?').run(r.int(0, size - 2)) },
  { id: 'audit-reorder', title: 'Two entries swapped', expected: 'entry-modified; exit 1', tamper: swapEntries },
  { id: 'audit-truncate', title: 'Tail cut off (entries only, or entries and their tree rows)', expected: 'truncated; exit 1', tamper: (db, size, r) => truncate(db, r.int(Math.floor(size / 2), size - 1), r.bernoulli(0.5)) },
  {
    id: 'audit-rewind', title: 'Tail cut off with its tree rows and every checkpoint covering it, checked against the coordinator\'s witness file', expected: 'truncated; exit 1',
    tamper: (db, size, r) => {
      const keep = r.int(Math.floor(size / 2), size - 1);
      truncate(db, keep, true);
      db.prepare('DELETE FROM ledger_checkpoints WHERE tree_size > ?').run(keep);
    },
    witness: true,
  },
];

function modifyEntry(db: Database.Database, size: number, random: Random): void {
  const idx = random.int(0, size - 1);
  const row = db.prepare('SELECT body FROM ledger_entries WHERE idx = ?').get(idx) as { body: Buffer };
  const decoded = decodeEntry(row.body);
  if (!decoded.ok) throw new Error(`entry ${idx} does not decode: ${decoded.reason}`);
  const { type, atMs, data } = decoded.entry;
  const flipped = typeof data['verdict'] === 'string' ? { data: { ...data, verdict: data['verdict'] === 'ALLOW' ? 'REJECT' : 'ALLOW' }, atMs } : { data, atMs: atMs + 1_000 };
  const entry = encodeEntry({ type, ...flipped }); // canonical, so only the hash can tell
  db.prepare('UPDATE ledger_entries SET body = ?, at_ms = ? WHERE idx = ?').run(entry.bytes, entry.atMs, idx);
}

function swapEntries(db: Database.Database, size: number, random: Random): void {
  const i = random.int(0, size - 2);
  const j = random.int(i + 1, size - 1);
  const get = db.prepare('SELECT type, at_ms, body FROM ledger_entries WHERE idx = ?');
  const a = get.get(i) as { type: string; at_ms: number; body: Buffer };
  const b = get.get(j) as { type: string; at_ms: number; body: Buffer };
  const put = db.prepare('UPDATE ledger_entries SET type = ?, at_ms = ?, body = ? WHERE idx = ?');
  db.transaction(() => {
    put.run(b.type, b.at_ms, b.body, i);
    put.run(a.type, a.at_ms, a.body, j);
  })();
}

/** Keeps entries [0, keep); with `tree`, also the tree rows of complete subtrees inside that range only. */
function truncate(db: Database.Database, keep: number, tree: boolean): void {
  db.prepare('DELETE FROM ledger_entries WHERE idx >= ?').run(keep);
  if (tree) db.prepare('DELETE FROM ledger_nodes WHERE (idx + 1) * (1 << level) > ?').run(keep);
}

/** @returns the exit code of `vigil audit verify` on `file` (0 intact, 1 tampering, 2 bad input). */
async function cliVerify(file: string, pubFile: string, witnessFile: string | null): Promise<number> {
  try {
    await run(process.execPath, [VIGIL, 'audit', 'verify', '--db', file, '--key', pubFile, ...(witnessFile ? ['--witness', witnessFile] : []), '--json'], { timeout: 120_000 });
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw error;
  }
}

/** Copies the node's stopped log and gives the copy its next signed tree head. @returns the copy's origin, size and verifier. */
async function prepareBase(auditFile: string, auditKey: string, base: string): Promise<{ origin: string; size: number; verifier: NoteVerifier }> {
  if (existsSync(`${auditFile}-wal`)) throw new Error(`${auditFile} still has a -wal file: the node did not close its log`);
  copyFileSync(auditFile, base);
  const signer = loadOrCreateSigner(auditKey, 'vigil-edge');
  const origin = LedgerReader.open(base);
  const { meta } = origin;
  origin.close();
  const log = AuditLog.open({ path: base, origin: meta.origin, signer, create: false });
  try {
    await log.issueCheckpoint();
    return { origin: meta.origin, size: log.size, verifier: signer.verifier };
  } finally {
    await log.close();
  }
}

/**
 * Runs the tampering drills on copies of the node's stopped log in `dir`.
 * @returns the tallies (the pristine copy first, as the control) and the findings.
 * @throws Error when the log cannot be copied or has too few entries to tamper with.
 */
export async function auditDrills(auditFile: string, auditKey: string, dir: string, config: AuditDrillConfig, random: Random): Promise<{ tallies: DrillTally[]; findings: AuditFindings }> {
  const base = join(dir, 'base.db');
  const { origin, size, verifier } = await prepareBase(auditFile, auditKey, base);
  if (size < 8) throw new Error(`the node's audit log has ${size} entries; the drills need at least 8`);
  const pubFile = join(dir, 'audit.pub');
  writeFileSync(pubFile, `${verifier.text}\n`);
  const witness = new WitnessStore(join(dir, 'witness.db'));
  let witnessAccepted = false;
  const witnessFile = join(dir, 'edge.witness');
  try {
    witness.registerNode('edge-icu', origin, verifier.text);
    const reader = LedgerReader.open(base);
    const submission = buildWitnessSubmission(reader, 0);
    reader.close();
    witnessAccepted = submission !== null && witness.submit('edge-icu', submission.note, submission.proof).status === 'accepted';
    writeFileSync(witnessFile, witness.witnessFile('edge-icu'));
  } finally {
    witness.close();
  }
  const witnessCheckpoints = parseCheckpointFile(readFileSync(witnessFile, 'utf8'));

  type Job = { tally: DrillTally; file: string; witness: boolean; cli: boolean };
  const jobs: Job[] = [];
  const pristine = new DrillTally('audit-pristine', 'audit', 'control', 'The untouched copy', 'ok; exit 0');
  const pristineFile = join(dir, 'pristine.db');
  copyFileSync(base, pristineFile);
  jobs.push({ tally: pristine, file: pristineFile, witness: true, cli: true });
  const tallies = [pristine];
  for (const kind of AUDIT_TAMPER_KINDS) {
    const tally = new DrillTally(kind.id, 'audit', 'attack', kind.title, kind.expected);
    tallies.push(tally);
    for (let c = 0; c < config.copiesPerKind; c++) {
      const file = join(dir, `${kind.id}-${c}.db`);
      copyFileSync(base, file);
      const db = new Database(file);
      try {
        kind.tamper(db, size, random);
      } finally {
        db.close();
      }
      jobs.push({ tally, file, witness: kind.witness === true, cli: c < config.cliCopiesPerKind && (config.cliKinds ?? [kind.id]).includes(kind.id) });
    }
  }

  let rewindPassesWithoutWitness = 0;
  const outcomes = await mapLimit(jobs.length, 2, async (i) => {
    const job = jobs[i]!;
    const report = verifyLedger(job.file, { verifier, ...(job.witness ? { witness: witnessCheckpoints } : {}) });
    if (job.tally.id === 'audit-rewind' && verifyLedger(job.file, { verifier }).ok) rewindPassesWithoutWitness++;
    const exit = job.cli ? await cliVerify(job.file, pubFile, job.witness ? witnessFile : null) : null;
    return { report, exit };
  });
  const problemKinds: Record<string, Record<string, number>> = {};
  jobs.forEach((job, i) => {
    const { report, exit } = outcomes[i]!;
    const all = report.ok ? 'ok' : [...new Set(report.problems.map((p) => p.kind))].sort().join('+');
    const kinds = (problemKinds[job.tally.id] ??= {});
    kinds[all] = (kinds[all] ?? 0) + 1;
    // The first problem found names the tampering (entry-modified, entry-missing, truncated) wherever it is;
    // the others depend on the position (e.g. which signed checkpoint no longer matches).
    const first = report.ok ? 'ok' : report.problems[0]!.kind;
    const label = exit === null ? first : `${first}; exit ${exit}`;
    // An attack is caught only if the verifier fails it (and the CLI, where run, says "tampering", exit 1).
    const caught = !report.ok && (exit === null || exit === 1);
    const passed = report.ok && (exit === null || exit === 0);
    job.tally.record(label, job.tally.kind === 'control' ? !passed : caught);
  });
  const rewind = tallies.find((t) => t.id === 'audit-rewind')!;
  rewind.note(`Without the witness file, ${rewindPassesWithoutWitness} of ${config.copiesPerKind} rewound copies pass verify: only checkpoints someone else kept can show a rewind (documented in common/ledger/README.md).`);
  return { tallies, findings: { logSize: size, witnessAccepted, rewindPassesWithoutWitness, rewindCopies: config.copiesPerKind, problemKinds } };
}
