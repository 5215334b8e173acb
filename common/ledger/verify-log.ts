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

/** Collects problems, keeping the first `max` and counting all. */
class Problems {
  readonly list: LedgerProblem[] = [];
  count = 0;
  /** Index of the last entry-level problem: tree nodes above it are expected to differ. */
  lastEntryProblem = -1;
  constructor(private readonly max: number) {}

  report(kind: ProblemKind, index: number | null, message: string, range?: { from: number; to: number }): void {
    this.count += 1;
    if (this.list.length < this.max) this.list.push(range ? { kind, index, range, message } : { kind, index, message });
  }

  entry(kind: ProblemKind, index: number, message: string): void {
    this.lastEntryProblem = index;
    this.report(kind, index, message);
  }
}

type IssuedCheckpoint = { id: number; checkpoint: Checkpoint };

function verifyOpen(reader: LedgerReader, file: string, options: VerifyOptions): VerifyReport {
  const problems = new Problems(options.maxProblems ?? 50);
  const { verifier, keySource } = resolveVerifier(reader, file, options);
  const issued = checkIssuedCheckpoints(reader, verifier, options.verifier !== undefined, problems);
  const witness = options.witness ?? [];
  checkWitnessInput(reader, verifier, witness);
  const needed = new Set<number>([...issued.map((c) => c.checkpoint.size), ...witness.map((c) => c.size)]);
  const { size, root, rootsAt } = recomputeTree(reader, needed, problems);
  checkSignedHeads(reader, issued, witness, { size, root, rootsAt }, problems);

  const exact = problems.list.map((p) => p.index).filter((i): i is number => i !== null);
  const bounds = problems.list.map((p) => p.range?.from).filter((i): i is number => i !== undefined);
  return {
    ok: problems.count === 0, origin: reader.meta.origin, size, root, problems: problems.list, problemCount: problems.count,
    firstBadIndex: exact.length > 0 ? Math.min(...exact) : bounds.length > 0 ? Math.min(...bounds) : null,
    checkpointsChecked: issued.length, witnessCheckpointsChecked: witness.length, keySource,
  };
}

function resolveVerifier(reader: LedgerReader, file: string, options: VerifyOptions): { verifier: NoteVerifier | null; keySource: VerifyReport['keySource'] } {
  if (options.verifier) return { verifier: options.verifier, keySource: 'argument' };
  if (!reader.meta.verifierKey) return { verifier: null, keySource: 'none' };
  try {
    return { verifier: parseVerifierKey(reader.meta.verifierKey), keySource: 'log' };
  } catch (error) {
    throw new NotALedgerError(file, `its recorded verifier key is malformed (${(error as Error).message}); pass --key`);
  }
}

/** Parses the log's own checkpoints and checks their signatures. @throws LedgerInputError when an explicit key signed none of them. */
function checkIssuedCheckpoints(reader: LedgerReader, verifier: NoteVerifier | null, explicitKey: boolean, problems: Problems): IssuedCheckpoint[] {
  const issued: IssuedCheckpoint[] = [];
  let unsignedByKey = 0;
  const stored = reader.checkpoints();
  for (const row of stored) {
    let checkpoint: Checkpoint;
    try {
      checkpoint = parseCheckpoint(row.note);
    } catch (error) {
      problems.report('checkpoint-malformed', null, `checkpoint #${row.id}: ${(error as Error).message}`);
      continue;
    }
    if (checkpoint.origin !== reader.meta.origin || checkpoint.size !== row.size || !equalBytes(checkpoint.root, row.root)) {
      problems.report('checkpoint-malformed', null, `checkpoint #${row.id}: its columns disagree with its signed note`);
    }
    if (verifier) {
      const check = verifyCheckpoint(checkpoint, verifier);
      if (!check.ok && check.reason === 'no-signature-by-key') unsignedByKey += 1;
      if (!check.ok) problems.report('checkpoint-bad-signature', null, `checkpoint #${row.id} (size ${checkpoint.size}): ${check.message}`);
    }
    issued.push({ id: row.id, checkpoint });
  }
  if (verifier && explicitKey && stored.length > 0 && unsignedByKey === stored.length) {
    throw new LedgerInputError('--key', `none of the log's ${stored.length} checkpoints is signed by ${verifier.name}+${verifier.keyId.toString('hex')}: wrong key`);
  }
  if (verifier && explicitKey && stored.length === 0 && reader.meta.verifierKey !== null && reader.meta.verifierKey !== verifier.text) {
    throw new LedgerInputError('--key', `the log signs with ${reader.meta.verifierKey}, not ${verifier.text}: wrong key`);
  }
  return issued;
}

/** A witness file is input: a checkpoint for another log, or not signed by the log's key, is refused. */
function checkWitnessInput(reader: LedgerReader, verifier: NoteVerifier | null, witness: readonly Checkpoint[]): void {
  witness.forEach((checkpoint, i) => {
    const where = `witness checkpoint ${i + 1} (size ${checkpoint.size})`;
    if (checkpoint.origin !== reader.meta.origin) throw new LedgerInputError('--witness', `${where} is for origin '${checkpoint.origin}', not '${reader.meta.origin}'`);
    if (!verifier) throw new LedgerInputError('--witness', 'the log records no verifier key: pass --key to check witness checkpoints');
    const check = verifyCheckpoint(checkpoint, verifier);
    if (!check.ok) throw new LedgerInputError('--witness', `${where}: ${check.message}`);
  });
}

type Recomputed = { size: number; root: Uint8Array; rootsAt: Map<number, Uint8Array> };

/** The pass: recompute every leaf and complete subtree from the entries, compare with what is stored. */
function recomputeTree(reader: LedgerReader, needed: ReadonlySet<number>, problems: Problems): Recomputed {
  const rootsAt = new Map<number, Uint8Array>([[0, emptyRoot()]]);
  const range = CompactRange.empty();
  let position = 0;
  for (const row of reader.rawRows()) {
    if (row.idx !== position) problems.entry('entry-missing', position, `entry ${position} is missing (next stored index is ${row.idx})`);
    const decoded = decodeEntry(row.body);
    if (!decoded.ok) problems.entry('entry-malformed', position, `entry ${position} is malformed: ${decoded.reason}`);
    else if (decoded.entry.type !== row.type || decoded.entry.atMs !== row.at_ms) problems.entry('entry-malformed', position, `entry ${position}: type/time columns disagree with its hashed body`);
    const leaf = leafHash(row.body);
    const recorded = reader.storedNode(0, position);
    if (!recorded) problems.entry('entry-unhashed', position, `entry ${position} has no recorded leaf hash (inserted outside the log?)`);
    else if (!equalBytes(recorded, leaf)) problems.entry('entry-modified', position, `entry ${position} does not match its recorded leaf hash (modified, inserted or reordered)`);
    for (const node of range.append(leaf).slice(1)) {
      const firstLeaf = node.index * 2 ** node.level;
      const storedHash = reader.storedNode(node.level, node.index);
      // A node over an already-reported entry is expected to differ; report only unexplained ones.
      if ((!storedHash || !equalBytes(storedHash, node.hash)) && problems.lastEntryProblem < firstLeaf) {
        problems.report('node-mismatch', firstLeaf, `tree node (level ${node.level}, index ${node.index}) over entries [${firstLeaf}, ${firstLeaf + 2 ** node.level}) ${storedHash ? 'differs from' : 'is missing from'} the stored tree`);
      }
    }
    position += 1;
    if (needed.has(position)) rootsAt.set(position, range.root());
  }
  const size = position;
  const storedNodes = reader.countNodes();
  const expectedNodes = 2 * size - popcount(size);
  if (storedNodes > expectedNodes) {
    if (reader.firstLeafFrom(size) !== null) problems.report('truncated', size, `leaf hashes are recorded up to index ${reader.lastLeaf()} but the entries stop at ${size - 1}: entries from ${size} on were deleted`);
    else problems.report('node-extra', null, `the tree holds ${storedNodes - expectedNodes} nodes no entry accounts for`);
  }
  return { size, root: range.root(), rootsAt };
}

/** Compares every signed root (the log's and the witness's) with the recomputed tree. */
function checkSignedHeads(reader: LedgerReader, issued: readonly IssuedCheckpoint[], witness: readonly Checkpoint[], tree: Recomputed, problems: Problems): void {
  const checks = [
    ...issued.map(({ id, checkpoint }) => ({ checkpoint, label: `checkpoint #${id}`, fromWitness: false })),
    ...witness.map((checkpoint, i) => ({ checkpoint, label: `witness checkpoint ${i + 1}`, fromWitness: true })),
  ];
  // Sizes whose recomputed root a signature vouches for bound where a rewrite can start.
  const trusted = [0, ...checks.filter(({ checkpoint: c }) => equalRoot(tree.rootsAt.get(c.size), c.root)).map(({ checkpoint: c }) => c.size)];
  const lowerBound = (s: number): number => Math.max(0, ...trusted.filter((t) => t < s));
  const cleanSoFar = problems.count === 0;
  for (const { checkpoint, label, fromWitness } of checks) {
    const s = checkpoint.size;
    const recomputed = tree.rootsAt.get(s);
    if (s > tree.size) {
      problems.report('truncated', tree.size, `${label} vouches for ${s} entries but the log holds ${tree.size}: entries [${tree.size}, ${s}) are gone`);
    } else if (recomputed && !equalBytes(recomputed, checkpoint.root)) {
      const lo = lowerBound(s);
      problems.report(fromWitness ? 'fork' : 'checkpoint-mismatch', null, `${label} (size ${s}) does not match the entries: history was rewritten; the first bad index is in [${lo}, ${s})`, { from: lo, to: s });
    } else if (fromWitness && s > 0 && cleanSoFar) {
      // Prove it the way a remote auditor would: a consistency proof from the stored tree.
      const proven = proveConsistency(reader, s, tree.size, checkpoint.root, tree.root);
      if (proven !== null) problems.report('fork', s, `${label} (size ${s}): ${proven}`);
    }
  }
}

function equalRoot(recomputed: Uint8Array | undefined, signed: Uint8Array): boolean {
  return recomputed !== undefined && equalBytes(recomputed, signed);
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
