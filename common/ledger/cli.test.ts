import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../cli/testing.js';
import { auditCommands, KEY_FILES } from './cli.js';
import { parseSignerKey } from './note-keys.js';
import { verifyConsistency, verifyInclusion } from './proof-verify.js';
import { tempDir } from './testing/fixtures.js';
import { buildSignedLog, forgedBody, tamper } from './testing/tamper.js';

const ORIGIN = 'vigil.test/ward-2';
let dir: string;
let cleanup: () => void;
let db: string;
let pub: string;
let notes: string[];

async function vigil(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCliCaptured([auditCommands], ['audit', ...argv]);
  return { code, out: stdout, err: stderr };
}

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  expect((await vigil('keygen', '--out', join(dir, 'keys'), '--name', ORIGIN)).code).toBe(0);
  pub = join(dir, 'keys', KEY_FILES.verifier);
  const signer = parseSignerKey(readFileSync(join(dir, 'keys', KEY_FILES.signer), 'utf8'));
  db = join(dir, 'log.db');
  notes = await buildSignedLog(db, ORIGIN, signer, 25, 5);
});
afterEach(() => cleanup());

describe('vigil audit keygen', () => {
  it('writes the private key with mode 0600 and refuses to overwrite it', async () => {
    expect(statSync(join(dir, 'keys', KEY_FILES.signer)).mode & 0o777).toBe(0o600);
    const again = await vigil('keygen', '--out', join(dir, 'keys'), '--name', ORIGIN);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already exists/u);
  });
});

describe('vigil audit verify', () => {
  it('exits 0 on an intact log checked against the key and a witness file', async () => {
    const witness = join(dir, 'witness.txt');
    writeFileSync(witness, notes.join('\n'));
    const result = await vigil('verify', '--db', db, '--key', pub, '--witness', witness);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^OK: origin vigil\.test\/ward-2, 25 entries/u);
    expect(result.out).toMatch(/5 verified/u);
    expect(result.out).toMatch(/witness: 5 checkpoints consistent/u);
  });

  it('exits 1 and names the first bad index when an entry was modified', async () => {
    tamper(db, (raw) => raw.prepare('UPDATE ledger_entries SET body = ? WHERE idx = 11').run(forgedBody(11)));
    const result = await vigil('verify', '--db', db, '--key', pub);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^TAMPERED: first bad index 11/u);
  });

  it.each([
    ['a file that is not a database', (f: string) => writeFileSync(f, 'x'.repeat(4096)), /is not a Vigil audit log/u],
    ['a missing file', () => undefined, /no such file/u],
  ])('exits 2 on %s', async (_what, make, message) => {
    const file = join(dir, 'not-a-log.db');
    make(file);
    const result = await vigil('verify', '--db', file);
    expect(result.code).toBe(2);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).toMatch(message);
  });

  it('exits 2 on a wrong key, a private key, or a malformed witness file, and changes nothing', async () => {
    const before = readFileSync(db);
    const otherKeys = join(dir, 'other');
    await vigil('keygen', '--out', otherKeys, '--name', ORIGIN);
    const wrong = await vigil('verify', '--db', db, '--key', join(otherKeys, KEY_FILES.verifier));
    expect(wrong).toMatchObject({ code: 2 });
    expect(wrong.err).toMatch(/wrong key/u);
    expect((await vigil('verify', '--db', db, '--key', join(otherKeys, KEY_FILES.signer))).err).toMatch(/private key/u);
    const witness = join(dir, 'bad-witness.txt');
    writeFileSync(witness, 'vigil.test/ward-2\nten\nAAAA\n\n\u2014 k AAAA\n');
    const bad = await vigil('verify', '--db', db, '--witness', witness);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--witness: .*line 1/u);
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('vigil audit prove / consistency / show', () => {
  it('prints an inclusion proof that verifies against the signed checkpoint', async () => {
    const result = await vigil('prove', '--db', db, '--index', '7');
    expect(result.code).toBe(0);
    const p = JSON.parse(result.out) as { leafIndex: number; treeSize: number; leafHash: string; rootHash: string; proof: string[]; checkpoint: string };
    const b = (s: string) => Buffer.from(s, 'base64');
    expect(verifyInclusion(p.leafIndex, p.treeSize, b(p.leafHash), p.proof.map(b), b(p.rootHash))).toEqual({ ok: true });
    expect(p.checkpoint).toBe(notes[4]);
    expect(p.checkpoint).toContain(`\n25\n${p.rootHash}\n`);
  });

  it('prints a consistency proof that verifies', async () => {
    const result = await vigil('consistency', '--db', db, '--from', '7', '--to', '20');
    const p = JSON.parse(result.out) as { size1: number; size2: number; root1: string; root2: string; proof: string[] };
    const b = (s: string) => Buffer.from(s, 'base64');
    expect(verifyConsistency(p.size1, p.size2, p.proof.map(b), b(p.root1), b(p.root2))).toEqual({ ok: true });
  });

  it('exits 1 when the stored tree lacks a node a proof needs', async () => {
    tamper(db, (raw) => raw.prepare('DELETE FROM ledger_nodes WHERE level = 0 AND idx = 6').run());
    const result = await vigil('prove', '--db', db, '--index', '7');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/tree node \(level 0, index 6\) is missing/u);
  });

  it('refuses out-of-range indices and sizes with exit 2', async () => {
    expect((await vigil('prove', '--db', db, '--index', '25')).code).toBe(2);
    expect((await vigil('consistency', '--db', db, '--from', '9', '--to', '8')).code).toBe(2);
    expect((await vigil('consistency', '--db', db, '--from', '1', '--to', '26')).code).toBe(2);
  });

  it('shows origin, size, the latest checkpoint and entries', async () => {
    const result = await vigil('show', '--db', db, '--limit', '3');
    expect(result.out).toMatch(/^origin: vigil\.test\/ward-2\nentries: 25\n/u);
    expect(result.out).toContain('#24 ');
    expect(result.out).not.toContain('#21 ');
  });
});
