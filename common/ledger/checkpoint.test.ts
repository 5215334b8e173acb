import { describe, expect, it } from 'vitest';
import { CheckpointFormatError, parseCheckpoint, parseCheckpointFile, signCheckpoint, verifyCheckpoint } from './checkpoint.js';
import { leafHash } from './hashing.js';
import { KeyFormatError, generateNoteKey, parseSignerKey, parseVerifierKey } from './note-keys.js';

describe('note keys', () => {
  it('round-trips the signer and verifier key strings', () => {
    const { signerText, verifierText, signer } = generateNoteKey('vigil.test/log');
    expect(signerText).toMatch(/^PRIVATE\+KEY\+vigil\.test\/log\+[0-9a-f]{8}\+/u);
    expect(verifierText).toMatch(/^vigil\.test\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/u);
    expect(parseSignerKey(signerText).verifier.text).toBe(verifierText);
    expect(parseVerifierKey(verifierText).keyId).toEqual(signer.keyId);
  });

  it('generates a fresh Ed25519 key each time whose signatures verify', () => {
    const a = generateNoteKey('k');
    const b = generateNoteKey('k');
    expect(a.verifierText).not.toBe(b.verifierText);
    const message = Buffer.from('checkpoint body\n');
    const signature = a.signer.sign(message);
    expect(signature).toHaveLength(64);
    expect(parseVerifierKey(a.verifierText).verify(message, signature)).toBe(true);
    expect(parseVerifierKey(b.verifierText).verify(message, signature)).toBe(false);
  });

  it.each([
    ['too few fields', 'name+abcd'],
    ['a wrong key id', 'name+00000000+AQ' + 'A'.repeat(42) + '='],
    ['a key of the wrong type', 'name+00000000+Ag' + 'A'.repeat(42) + '='],
  ])('refuses a verifier key with %s', (_what, text) => {
    expect(() => parseVerifierKey(text)).toThrow(KeyFormatError);
  });

  it('refuses a verifier key given as a private key', () => {
    expect(() => parseSignerKey(generateNoteKey('n').verifierText)).toThrow(KeyFormatError);
  });
});

describe('checkpoints (C2SP signed note)', () => {
  const key = generateNoteKey('vigil.test/log');
  const root = leafHash(Buffer.from('x'));

  it('formats origin, size, base64 root, blank line and an em-dash signature line', () => {
    const note = signCheckpoint('vigil.test/log', 42, root, key.signer);
    const lines = note.split('\n');
    expect(lines.slice(0, 4)).toEqual(['vigil.test/log', '42', root.toString('base64'), '']);
    expect(lines[4]).toMatch(/^\u2014 vigil\.test\/log [A-Za-z0-9+/]+=*$/u);
    const sig = Buffer.from((lines[4] as string).split(' ')[2] as string, 'base64');
    expect(sig.length).toBe(4 + 64);
    expect(sig.subarray(0, 4)).toEqual(key.signer.keyId);
  });

  it('verifies with the right key and refuses another key or a changed body', () => {
    const note = signCheckpoint('vigil.test/log', 42, root, key.signer);
    expect(verifyCheckpoint(parseCheckpoint(note), key.signer.verifier)).toEqual({ ok: true });
    const other = generateNoteKey('vigil.test/log');
    expect(verifyCheckpoint(parseCheckpoint(note), other.signer.verifier)).toMatchObject({ ok: false, reason: 'no-signature-by-key' });
    const forged = note.replace('\n42\n', '\n43\n');
    expect(verifyCheckpoint(parseCheckpoint(forged), key.signer.verifier)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['no blank line', 'o\n1\nAAAA\n'],
    ['a non-decimal size', `o\n01\n${root.toString('base64')}\n\n\u2014 k AAAAAAA=\n`],
    ['a short root', 'o\n1\nAAAA\n\n\u2014 k AAAAAAA=\n'],
    ['a signature line without em dash', `o\n1\n${root.toString('base64')}\n\n- k AAAAAAA=\n`],
  ])('refuses a note with %s', (_what, note) => {
    expect(() => parseCheckpoint(note)).toThrow(CheckpointFormatError);
  });

  it('parses a witness file of several notes and names the line of a bad one', () => {
    const a = signCheckpoint('o', 1, root, key.signer);
    const b = signCheckpoint('o', 2, root, key.signer);
    expect(parseCheckpointFile(`${a}\n${b}`).map((c) => c.size)).toEqual([1, 2]);
    expect(() => parseCheckpointFile(`${a}\no\nx\n`)).toThrow(/line 7/u);
  });
});

describe('note keys with "+" in their base64', () => {
  it('parse back for many random keys', () => {
    for (let i = 0; i < 50; i += 1) {
      const { signerText, verifierText } = generateNoteKey('k');
      expect(parseVerifierKey(verifierText).text).toBe(verifierText);
      expect(parseSignerKey(signerText).verifier.text).toBe(verifierText);
    }
  });
});
