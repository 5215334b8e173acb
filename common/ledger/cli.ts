import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, optionalString, requireInt, requireString, type CommandArgs, type CommandGroup } from '../cli/index.js';
import { InvalidArgumentError } from '../errors/index.js';
import { parseCheckpointFile, type Checkpoint } from './checkpoint.js';
import { LedgerInputError } from './errors.js';
import { leafHash, toBase64 } from './hashing.js';
import { LedgerReader } from './ledger-reader.js';
import { KeyFormatError, generateNoteKey, parseVerifierKey, type NoteVerifier } from './note-keys.js';
import { verifyLedger, type VerifyReport } from './verify-log.js';

/** File names `vigil audit keygen` writes. */
export const KEY_FILES = { signer: 'audit-signing.key', verifier: 'audit-signing.pub' } as const;

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new LedgerInputError(flag, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function loadVerifier(path: string): NoteVerifier {
  const text = readText(path, '--key').trim();
  if (text.startsWith('PRIVATE+KEY+')) throw new LedgerInputError('--key', `${path} is a private key; pass the public (.pub) key`);
  try {
    return parseVerifierKey(text);
  } catch (error) {
    if (error instanceof KeyFormatError) throw new LedgerInputError('--key', `${path}: ${error.message}`);
    throw error;
  }
}

function loadWitness(path: string): Checkpoint[] {
  const text = readText(path, '--witness');
  let checkpoints: Checkpoint[];
  try {
    checkpoints = parseCheckpointFile(text);
  } catch (error) {
    throw new LedgerInputError('--witness', `${path}: ${(error as Error).message}`);
  }
  if (checkpoints.length === 0) throw new LedgerInputError('--witness', `${path} holds no checkpoints`);
  return checkpoints;
}

function withReader<T>(args: CommandArgs, use: (reader: LedgerReader) => T): T {
  const reader = LedgerReader.open(requireString(args, 'db'));
  try {
    return use(reader);
  } finally {
    reader.close();
  }
}

function optionalInt(args: CommandArgs, name: string, fallback: number, min = 0): number {
  return optionalString(args, name) === undefined ? fallback : requireInt(args, name, min);
}

function outOfRange(field: string, description: string): InvalidArgumentError {
  return new InvalidArgumentError([{ field, description }]);
}

function verifyText(report: VerifyReport, verifier: NoteVerifier | undefined): string {
  if (report.ok) {
    const key = report.keySource === 'argument'
      ? `key ${verifier?.name}+${verifier?.keyId.toString('hex')} from --key`
      : report.keySource === 'log' ? 'the key recorded in the log itself (pass --key with a key you trust)' : 'no key: the log is unsigned';
    return [
      `OK: origin ${report.origin}, ${report.size} entries, root ${toBase64(report.root)}`,
      `  checkpoints: ${report.checkpointsChecked} verified against ${key}`,
      `  witness: ${report.witnessCheckpointsChecked} checkpoints consistent with the log`,
    ].join('\n') + '\n';
  }
  const lines = [`TAMPERED: first bad index ${report.firstBadIndex ?? 'unknown'} (${report.problemCount} problems)`];
  for (const p of report.problems) lines.push(`  ${p.kind}${p.index !== null ? ` at ${p.index}` : ''}: ${p.message}`);
  if (report.problemCount > report.problems.length) lines.push(`  ... and ${report.problemCount - report.problems.length} more`);
  return lines.join('\n') + '\n';
}

const db = { type: 'string', description: 'the audit log (SQLite file)', valueName: 'FILE' } as const;

/** `vigil audit`: verify, inspect and prove the tamper-evident audit log. */
export const auditCommands: CommandGroup = {
  name: 'audit',
  summary: 'verify and inspect the tamper-evident audit log (RFC 9162 Merkle tree, signed tree heads)',
  commands: [
    {
      name: 'verify',
      summary: 'recompute the whole tree, check every signed tree head, and prove consistency with a witness',
      details: 'Opens the log read-only. Exit 0: intact; 1: tampering found (first bad index named); 2: bad input.',
      options: {
        db,
        witness: { type: 'string', description: 'checkpoints seen by someone else (signed notes, blank-line separated)', valueName: 'FILE' },
        key: { type: 'string', description: "the log's public key (a C2SP verifier key)", valueName: 'PUBKEYFILE' },
        json: { type: 'boolean', description: 'print the report as JSON' },
      },
      async run(args, context) {
        const file = requireString(args, 'db');
        const keyPath = optionalString(args, 'key');
        const witnessPath = optionalString(args, 'witness');
        const verifier = keyPath === undefined ? undefined : loadVerifier(keyPath);
        const witness = witnessPath === undefined ? undefined : loadWitness(witnessPath);
        const report = verifyLedger(file, { ...(verifier ? { verifier } : {}), ...(witness ? { witness } : {}) });
        context.stdout.write(args.values['json'] === true ? `${JSON.stringify({ ...report, root: toBase64(report.root) }, null, 2)}\n` : verifyText(report, verifier));
        return report.ok ? EXIT.OK : EXIT.CHECK_FAILED;
      },
    },
    {
      name: 'show',
      summary: "print the log's origin, size, root, latest signed tree head and entries",
      options: {
        db,
        from: { type: 'string', description: 'first entry index to list (default: the last --limit entries)', valueName: 'N' },
        limit: { type: 'string', description: 'how many entries to list', default: '20', valueName: 'K' },
      },
      async run(args, context) {
        return withReader(args, (reader) => {
          const size = reader.size();
          const limit = requireInt(args, 'limit', 0, 100_000);
          const from = optionalInt(args, 'from', Math.max(0, size - limit));
          const latest = reader.latestCheckpoint();
          const lines = [
            `origin: ${reader.meta.origin}`,
            `entries: ${size}`,
            `root: ${toBase64(reader.root(size))}`,
            `key: ${reader.meta.verifierKey ?? '(unsigned log)'}`,
            `checkpoints: ${reader.checkpoints().length}`,
          ];
          if (latest) lines.push('latest checkpoint:', ...latest.note.trimEnd().split('\n').map((l) => `  ${l}`));
          lines.push('');
          for (const e of reader.entries(from, limit)) {
            lines.push(`#${e.index} ${new Date(e.atMs).toISOString()} ${e.type} ${e.data ? JSON.stringify(e.data) : '(undecodable)'}`);
          }
          context.stdout.write(lines.join('\n') + '\n');
          return EXIT.OK;
        });
      },
    },
    {
      name: 'prove',
      summary: 'print an inclusion proof (JSON) for one entry',
      options: {
        db,
        index: { type: 'string', description: 'leaf index of the entry', valueName: 'N' },
        size: { type: 'string', description: 'tree size to prove against (default: the whole log)', valueName: 'S' },
      },
      async run(args, context) {
        return withReader(args, (reader) => {
          const index = requireInt(args, 'index', 0);
          const size = optionalInt(args, 'size', reader.size(), 1);
          if (size > reader.size()) throw outOfRange('--size', `the log holds ${reader.size()} entries`);
          if (index >= size) throw outOfRange('--index', `must be below the tree size ${size}`);
          const entry = reader.entry(index);
          if (!entry) throw outOfRange('--index', `entry ${index} is missing from the log`);
          const checkpoint = reader.checkpoints().reverse().find((c) => c.size === size);
          const proof = {
            origin: reader.meta.origin,
            leafIndex: index,
            treeSize: size,
            entry: toBase64(entry.bytes),
            leafHash: toBase64(leafHash(entry.bytes)),
            rootHash: toBase64(reader.root(size)),
            proof: reader.inclusionProof(index, size).map(toBase64),
            checkpoint: checkpoint?.note ?? null,
          };
          context.stdout.write(`${JSON.stringify(proof, null, 2)}\n`);
          return EXIT.OK;
        });
      },
    },
    {
      name: 'consistency',
      summary: 'print a consistency proof (JSON) between two tree sizes',
      options: {
        db,
        from: { type: 'string', description: 'the older tree size', valueName: 'M' },
        to: { type: 'string', description: 'the newer tree size (default: the whole log)', valueName: 'N' },
      },
      async run(args, context) {
        return withReader(args, (reader) => {
          const size1 = requireInt(args, 'from', 1);
          const size2 = optionalInt(args, 'to', reader.size(), 1);
          if (size2 > reader.size()) throw outOfRange('--to', `the log holds ${reader.size()} entries`);
          if (size1 > size2) throw outOfRange('--from', `must not exceed --to (${size2})`);
          const proof = {
            origin: reader.meta.origin,
            size1,
            size2,
            root1: toBase64(reader.root(size1)),
            root2: toBase64(reader.root(size2)),
            proof: reader.consistencyProof(size1, size2).map(toBase64),
          };
          context.stdout.write(`${JSON.stringify(proof, null, 2)}\n`);
          return EXIT.OK;
        });
      },
    },
    {
      name: 'keygen',
      summary: 'make the Ed25519 key pair that signs tree heads (private key file mode 0600)',
      details: `Writes ${KEY_FILES.signer} (secret, 0600) and ${KEY_FILES.verifier} (give this to auditors and the coordinator). Refuses to overwrite.`,
      options: {
        out: { type: 'string', description: 'directory for the key files', valueName: 'DIR' },
        name: { type: 'string', description: "key name, conventionally the log's origin", valueName: 'NAME' },
      },
      async run(args, context) {
        const dir = requireString(args, 'out');
        const name = requireString(args, 'name');
        const signerPath = join(dir, KEY_FILES.signer);
        const verifierPath = join(dir, KEY_FILES.verifier);
        for (const path of [signerPath, verifierPath]) if (existsSync(path)) throw new LedgerInputError('--out', `${path} already exists; refusing to overwrite a key`);
        let key;
        try {
          key = generateNoteKey(name);
        } catch (error) {
          throw new LedgerInputError('--name', (error as Error).message);
        }
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileSync(signerPath, `${key.signerText}\n`, { mode: 0o600, flag: 'wx' });
        writeFileSync(verifierPath, `${key.verifierText}\n`, { mode: 0o644, flag: 'wx' });
        context.stdout.write(`private key: ${signerPath} (mode 0600)\npublic key:  ${verifierPath}\n${key.verifierText}\n`);
        return EXIT.OK;
      },
    },
  ],
};
