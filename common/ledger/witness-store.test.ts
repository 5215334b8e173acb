import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from './audit-log.js';
import { parseCheckpointFile } from './checkpoint.js';
import { generateNoteKey, type NoteSigner } from './note-keys.js';
import { tempDir, verdictEntry } from './testing/fixtures.js';
import { buildSignedLog, forgedEntry } from './testing/tamper.js';
import { verifyLedger } from './verify-log.js';
import { WitnessStore, buildWitnessSubmission } from './witness-store.js';

const ORIGIN = 'vigil.test/edge-3';
let dir: string;
let cleanup: () => void;
let signer: NoteSigner;
let witness: WitnessStore;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  signer = generateNoteKey(ORIGIN).signer;
  witness = new WitnessStore(join(dir, 'coordinator.db'));
  witness.registerNode('edge-3', ORIGIN, signer.verifier.text);
});
afterEach(() => {
  witness.close();
  cleanup();
});

/** One federated round: the node appends, issues a checkpoint and publishes it with a proof. */
async function round(log: AuditLog, entries: number[]) {
  for (const n of entries) await log.append(verdictEntry(n));
  await log.issueCheckpoint();
  const submission = buildWitnessSubmission(log.reader, witness.latest('edge-3')?.size ?? 0);
  if (!submission) throw new Error('no checkpoint');
  return witness.submit('edge-3', submission.note, submission.proof);
}

describe('WitnessStore', () => {
  it('accepts an honest node round after round and exports a witness file verify accepts', async () => {
    const log = AuditLog.open({ path: join(dir, 'edge.db'), origin: ORIGIN, signer });
    expect(await round(log, [0, 1, 2])).toMatchObject({ status: 'accepted', previousSize: 0 });
    expect(await round(log, [3, 4, 5, 6, 7])).toMatchObject({ status: 'accepted', previousSize: 3 });
    expect(await round(log, [])).toMatchObject({ status: 'accepted', previousSize: 8 }); // unchanged head
    expect(await round(log, [8])).toMatchObject({ status: 'accepted', previousSize: 8 });
    expect(witness.history('edge-3').map((c) => c.size)).toEqual([3, 8, 9]);
    await log.close();
    const report = verifyLedger(join(dir, 'edge.db'), { verifier: signer.verifier, witness: parseCheckpointFile(witness.witnessFile('edge-3')) });
    expect(report).toMatchObject({ ok: true, witnessCheckpointsChecked: 3 });
  });

  it('rejects a node that rewrote its history, keeping the evidence', async () => {
    const honest = join(dir, 'honest.db');
    const forked = join(dir, 'forked.db');
    const honestNotes = await buildSignedLog(honest, ORIGIN, signer, 20, 10);
    const forkedNotes = await buildSignedLog(forked, ORIGIN, signer, 30, 10, new Map([[4, forgedEntry(4)]]));
    expect(witness.submit('edge-3', honestNotes[0] as string, [])).toMatchObject({ status: 'accepted' });
    // The forked log proves consistency from its own size-10 tree, which the witness never saw.
    const reader = AuditLog.open({ path: forked, origin: ORIGIN, signer });
    const proof = reader.reader.consistencyProof(10, 30);
    await reader.close();
    const result = witness.submit('edge-3', forkedNotes[2] as string, proof);
    expect(result).toMatchObject({ status: 'rejected', reason: 'inconsistent' });
    expect(witness.evidence('edge-3')).toEqual([expect.objectContaining({ reason: 'inconsistent', note: forkedNotes[2], previousNote: honestNotes[0] })]);
    expect(witness.latest('edge-3')?.size).toBe(10);
  });

  it('rejects a rollback, a same-size different root, a bad signature, a foreign origin and an unknown node', async () => {
    const notes = await buildSignedLog(join(dir, 'a.db'), ORIGIN, signer, 20, 10);
    expect(witness.submit('edge-3', notes[1] as string, [])).toMatchObject({ status: 'accepted' });
    expect(witness.submit('edge-3', notes[0] as string, [])).toMatchObject({ status: 'rejected', reason: 'rollback' });
    const sameSize = await buildSignedLog(join(dir, 'c.db'), ORIGIN, signer, 20, 20, new Map([[1, forgedEntry(1)]]));
    expect(witness.submit('edge-3', sameSize[0] as string, [])).toMatchObject({ status: 'rejected', reason: 'inconsistent' });
    const stranger = generateNoteKey(ORIGIN).signer;
    const strangerNotes = await buildSignedLog(join(dir, 'd.db'), ORIGIN, stranger, 30, 30);
    expect(witness.submit('edge-3', strangerNotes[0] as string, [])).toMatchObject({ status: 'rejected', reason: 'bad-signature' });
    const otherOrigin = await buildSignedLog(join(dir, 'e.db'), 'vigil.test/other', generateNoteKey('vigil.test/other').signer, 5, 5);
    expect(witness.submit('edge-3', otherOrigin[0] as string, [])).toMatchObject({ status: 'rejected', reason: 'wrong-origin' });
    expect(witness.submit('edge-9', notes[1] as string, [])).toMatchObject({ status: 'rejected', reason: 'unknown-node' });
    expect(witness.submit('edge-3', 'garbage', [])).toMatchObject({ status: 'rejected', reason: 'malformed' });
    expect(witness.evidence('edge-3').map((e) => e.reason)).toEqual(['rollback', 'inconsistent']);
  });

  it('refuses to re-register a node under another key', () => {
    expect(() => witness.registerNode('edge-3', ORIGIN, generateNoteKey(ORIGIN).verifierText)).toThrow(/already registered/u);
    expect(() => witness.registerNode('edge-4', ORIGIN, 'not a key')).toThrow(/verifier key/u);
    witness.registerNode('edge-3', ORIGIN, signer.verifier.text); // same key: idempotent
  });
});
