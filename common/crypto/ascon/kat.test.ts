import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hash256, openFrame, sealFrame } from './index.js';

// Official ascon-c known-answer tests (NIST SP 800-232 Ascon-AEAD128 and Ascon-Hash256), shipped in ../shared/data/ascon.
const KAT_DIR = fileURLToPath(new URL('../../../../shared/data/ascon/', import.meta.url));

type KatRecord = Record<string, string>;

function parseKat(file: string): KatRecord[] {
  const records: KatRecord[] = [];
  for (const block of readFileSync(KAT_DIR + file, 'utf8').split(/\r?\n\s*\r?\n/)) {
    const record: KatRecord = {};
    for (const line of block.split(/\r?\n/)) {
      const match = /^(\w+) = ?(.*)$/.exec(line.trim());
      if (match) record[match[1]!] = match[2]!.trim();
    }
    if (record.Count !== undefined) records.push(record);
  }
  return records;
}

const hex = (text: string | undefined): Uint8Array => Buffer.from(text ?? '', 'hex');
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

const aeadVectors = parseKat('LWC_AEAD_KAT_128_128.txt');
const hashVectors = parseKat('LWC_HASH_KAT_128_256.txt');

describe('Ascon-AEAD128 official vectors', () => {
  it('parsed all 1089 vectors', () => {
    expect(aeadVectors).toHaveLength(1089);
  });

  it('encrypts every vector to the expected ciphertext ‖ tag', () => {
    const failures = aeadVectors.filter((v) => toHex(sealFrame(hex(v.Key), hex(v.Nonce), hex(v.PT), hex(v.AD))) !== v.CT);
    expect(failures.map((v) => v.Count)).toEqual([]);
  });

  it('decrypts every vector back to its plaintext', () => {
    const failures = aeadVectors.filter((v) => {
      const opened = openFrame(hex(v.Key), hex(v.Nonce), hex(v.CT), hex(v.AD));
      return opened === null || toHex(opened) !== (v.PT ?? '').toUpperCase();
    });
    expect(failures.map((v) => v.Count)).toEqual([]);
  });
});

describe('Ascon-Hash256 official vectors', () => {
  it('parsed all 1025 vectors', () => {
    expect(hashVectors).toHaveLength(1025);
  });

  it('hashes every message to the expected digest', () => {
    const failures = hashVectors.filter((v) => toHex(hash256(hex(v.Msg))) !== v.MD);
    expect(failures.map((v) => v.Count)).toEqual([]);
  });
});
