import { parseCheckpoint, verifyCheckpoint, type Checkpoint } from './checkpoint.js';
import { CompactRange } from './compact-range.js';
import { decodeEntry } from './entries.js';
import { LedgerInputError, NotALedgerError } from './errors.js';
import { emptyRoot, equalBytes, leafHash } from './hashing.js';
import { LedgerReader, MissingNodeError } from './ledger-reader.js';
import { parseVerifierKey, type NoteVerifier } from './note-keys.js';
import { verifyConsistency } from './proof-verify.js';

/** What kind of damage a problem is. */
export type ProblemKind =
  | 'entry-missing' | 'entry-modified' | 'entry-unhashed' | 'entry-malformed' | 'node-mismatch' | 'node-extra'
  | 'checkpoint-malformed' | 'checkpoint-bad-signature' | 'checkpoint-mismatch' | 'truncated' | 'fork';

/**
 * One thing wrong with a log. `index` is the exact first entry it implicates, when the log shows
 * it; `range` bounds it when only signed roots do (a consistent rewrite of entries and tree).
 */
export interface LedgerProblem {
  kind: ProblemKind;
  index: number | null;
  range?: { from: number; to: number };
  message: string;
}

/** Outcome of {@link verifyLedger}. */
export interface VerifyReport {
  ok: boolean;
  origin: string;
  size: number;
  root: Uint8Array;
  /** The first problems found (at most `maxProblems`), in discovery order. */
  problems: LedgerProblem[];
  problemCount: number;
  /** Smallest exact entry index any problem names; else the lowest bound of a range; null when ok. */
  firstBadIndex: number | null;
  checkpointsChecked: number;
  witnessCheckpointsChecked: number;
  /** Where the key that checked signatures came from. */
  keySource: 'argument' | 'log' | 'none';
}

/** Options of {@link verifyLedger}. */
export interface VerifyOptions {
  /** A key the auditor trusts; otherwise the key recorded in the log is used (which a forger could replace). */
  verifier?: NoteVerifier;
  /** Checkpoints someone else saw (a witness): the log must be consistent with each. */
  witness?: readonly Checkpoint[];
  maxProblems?: number;
}

/**
 * Recomputes the whole tree of the log in `file` (opened read-only), checks every stored node,
 * every checkpoint the log issued and every witness checkpoint.
 * @returns the report; tampering is reported as problems, never thrown.
 * @throws NotALedgerError when the file is not a Vigil log; LedgerInputError for a wrong key or a
 * witness checkpoint that is for another log or not signed by the log's key.
 */
export function verifyLedger(file: string, options: VerifyOptions = {}): VerifyReport {
  const reader = LedgerReader.open(file);
  try {
    return verifyOpen(reader, file, options);
  } finally {
    reader.close();
  }
}

function verifyOpen(reader: LedgerReader, file: string, options: VerifyOptions): VerifyReport {
  const maxProblems = options.maxProblems ?? 50;
  const problems: LedgerProblem[] = [];
  let problemCount = 0;
  const report = (kind: ProblemKind, index: number | null, message: string, range?: { from: number; to: number }): void => {
    problemCount += 1;
    if (problems.length < maxProblems) problems.push(range ? { kind, index, range, message } : { kind, index, message });
  };

  let verifier: NoteVerifier | null = options.verifier ?? null;
  const keySource: VerifyReport['keySource'] = options.verifier ? 'argument' : reader.meta.verifierKey ? 'log' : 'none';
  if (!verifier && reader.meta.verifierKey) {
    try {
      verifier = parseVerifierKey(reader.meta.verifierKey);
    } catch (error) {
      throw new NotALedgerError(file, `its recorded verifier key is malformed (${(error as Error).message}); pass --key`);
    }
  }

  // Checkpoints the log issued: parse and check signatures before the pass, so the pass can record their roots.
  const issued: { id: number; checkpoint: Checkpoint }[] = [];
  let unsignedByKey = 0;
  const stored = reader.checkpoints();
  for (const row of stored) {
    let checkpoint: Checkpoint;
    try {
      checkpoint = parseCheckpoint(row.note);
    } catch (error) {
      report('checkpoint-malformed', null, `checkpoint #${row.id}: ${(error as Error).message}`);
      continue;
    }
    if (checkpoint.origin !== reader.meta.origin || checkpoint.size !== row.size || !equalBytes(checkpoint.root, row.root)) {
      report('checkpoint-malformed', null, `checkpoint #${row.id}: its columns disagree with its signed note`);
    }
    if (verifier) {
      const check = verifyCheckpoint(checkpoint, verifier);
      if (!check.ok && check.reason === 'no-signature-by-key') unsignedByKey += 1;
      if (!check.ok) report('checkpoint-bad-signature', null, `checkpoint #${row.id} (size ${checkpoint.size}): ${check.message}`);
    }
    issued.push({ id: row.id, checkpoint });
  }
  if (verifier && options.verifier && stored.length > 0 && unsignedByKey === stored.length) {
    throw new LedgerInputError('--key', `none of the log's ${stored.length} checkpoints is signed by ${verifier.name}+${verifier.keyId.toString('hex')}: wrong key`);
  }
  if (options.verifier && stored.length === 0 && reader.meta.verifierKey !== null && reader.meta.verifierKey !== options.verifier.text) {
    throw new LedgerInputError('--key', `the log signs with ${reader.meta.verifierKey}, not ${options.verifier.text}: wrong key`);
  }

  const witness = options.witness ?? [];
  witness.forEach((checkpoint, i) => {
    const where = `witness checkpoint ${i + 1} (size ${checkpoint.size})`;
    if (checkpoint.origin !== reader.meta.origin) throw new LedgerInputError('--witness', `${where} is for origin '${checkpoint.origin}', not '${reader.meta.origin}'`);
    if (!verifier) throw new LedgerInputError('--witness', 'the log records no verifier key: pass --key to check witness checkpoints');
    const check = verifyCheckpoint(checkpoint, verifier);
    if (!check.ok) throw new LedgerInputError('--witness', `${where}: ${check.message}`);
  });

  // The pass: recompute every leaf and complete subtree, compare with what is stored.
  const needed = new Set<number>([...issued.map((c) => c.checkpoint.size), ...witness.map((c) => c.size)]);
  const rootsAt = new Map<number, Uint8Array>([[0, emptyRoot()]]);
  const range = CompactRange.empty();
  let lastEntryProblem = -1;
  const entryProblem = (kind: ProblemKind, index: number, message: string): void => {
    lastEntryProblem = index;
    report(kind, index, message);
  };
  let position = 0;
  for (const row of reader.rawRows()) {
    if (row.idx !== position) entryProblem('entry-missing', position, `entry ${position} is missing (next stored index is ${row.idx})`);
    const decoded = decodeEntry(row.body);
    if (!decoded.ok) entryProblem('entry-malformed', position, `entry ${position} is malformed: ${decoded.reason}`);
    else if (decoded.entry.type !== row.type || decoded.entry.atMs !== row.at_ms) entryProblem('entry-malformed', position, `entry ${position}: type/time columns disagree with its hashed body`);
    const leaf = leafHash(row.body);
    const recorded = reader.storedNode(0, position);
    if (!recorded) entryProblem('entry-unhashed', position, `entry ${position} has no recorded leaf hash (inserted outside the log?)`);
    else if (!equalBytes(recorded, leaf)) entryProblem('entry-modified', position, `entry ${position} does not match its recorded leaf hash (modified, inserted or reordered)`);
    for (const node of range.append(leaf).slice(1)) {
      const firstLeaf = node.index * 2 ** node.level;
      const storedHash = reader.storedNode(node.level, node.index);
      // A node over an already-reported entry is expected to differ; report only unexplained ones.
      if ((!storedHash || !equalBytes(storedHash, node.hash)) && lastEntryProblem < firstLeaf) {
        report('node-mismatch', firstLeaf, `tree node (level ${node.level}, index ${node.index}) over entries [${firstLeaf}, ${firstLeaf + 2 ** node.level}) ${storedHash ? 'differs from' : 'is missing from'} the stored tree`);
      }
    }
    position += 1;
    if (needed.has(position)) rootsAt.set(position, range.root());
  }
  const size = position;
  const root = range.root();

  const expectedNodes = 2 * size - popcount(size);
  const storedNodes = reader.countNodes();
  if (storedNodes > expectedNodes) {
    const orphanLeaf = reader.firstLeafFrom(size);
    if (orphanLeaf !== null) report('truncated', size, `leaf hashes are recorded up to index ${reader.lastLeaf()} but the entries stop at ${size - 1}: entries from ${size} on were deleted`);
    else report('node-extra', null, `the tree holds ${storedNodes - expectedNodes} nodes no entry accounts for`);
  }

  // Sizes whose recomputed root a signature vouches for bound where a rewrite can start.
  const trusted = [0];
  const lowerBound = (s: number): number => Math.max(...trusted.filter((t) => t < s));
  const checks = [
    ...issued.map(({ id, checkpoint }) => ({ checkpoint, label: `checkpoint #${id}`, witness: false })),
    ...witness.map((checkpoint, i) => ({ checkpoint, label: `witness checkpoint ${i + 1}`, witness: true })),
  ];
  for (const { checkpoint } of checks) {
    const recomputed = rootsAt.get(checkpoint.size);
    if (recomputed && equalBytes(recomputed, checkpoint.root)) trusted.push(checkpoint.size);
  }
  for (const { checkpoint, label, witness: fromWitness } of checks) {
    const s = checkpoint.size;
    const recomputed = rootsAt.get(s);
    if (s > size) {
      report('truncated', size, `${label} vouches for ${s} entries but the log holds ${size}: entries [${size}, ${s}) are gone`);
    } else if (recomputed && !equalBytes(recomputed, checkpoint.root)) {
      const lo = lowerBound(s);
      report(fromWitness ? 'fork' : 'checkpoint-mismatch', null, `${label} (size ${s}) does not match the entries: history was rewritten; the first bad index is in [${lo}, ${s})`, { from: lo, to: s });
    } else if (fromWitness && s > 0 && problemCount === 0) {
      // Prove it the way a remote auditor would: a consistency proof from the stored tree.
      const proven = proveConsistency(reader, s, size, checkpoint.root, root);
      if (proven !== null) report('fork', s, `${label} (size ${s}): ${proven}`);
    }
  }

  const exact = problems.map((p) => p.index).filter((i): i is number => i !== null);
  const bounds = problems.map((p) => p.range?.from).filter((i): i is number => i !== undefined);
  return {
    ok: problemCount === 0, origin: reader.meta.origin, size, root, problems, problemCount,
    firstBadIndex: exact.length > 0 ? Math.min(...exact) : bounds.length > 0 ? Math.min(...bounds) : null,
    checkpointsChecked: issued.length, witnessCheckpointsChecked: witness.length, keySource,
  };
}

function proveConsistency(reader: LedgerReader, size1: number, size2: number, root1: Uint8Array, root2: Uint8Array): string | null {
  try {
    const result = verifyConsistency(size1, size2, reader.consistencyProof(size1, size2), root1, root2);
    return result.ok ? null : `consistency proof fails: ${result.reason}`;
  } catch (error) {
    if (error instanceof MissingNodeError) return error.message;
    throw error;
  }
}

function popcount(n: number): number {
  let count = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) count += v % 2;
  return count;
}
