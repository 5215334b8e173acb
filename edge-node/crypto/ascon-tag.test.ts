import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealFrame } from '../../common/crypto/ascon/index.js';
import { asconTag, verifyAsconTag } from './ascon-tag.js';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

describe('asconTag', () => {
  it('equals common/crypto/ascon sealFrame with an empty plaintext for any key, nonce and associated data', () => {
    fc.assert(
      fc.property(bytes(16), bytes(16), fc.uint8Array({ maxLength: 200 }), (key, nonce, ad) => {
        expect(Buffer.from(asconTag(key, nonce, ad))).toEqual(Buffer.from(sealFrame(key, nonce, new Uint8Array(0), ad)));
      }),
      { numRuns: 300 },
    );
  });

  it('covers every associated-data length around the block boundaries', () => {
    const key = Uint8Array.from({ length: 16 }, (_, i) => i);
    const nonce = Uint8Array.from({ length: 16 }, (_, i) => 255 - i);
    for (let n = 0; n <= 49; n++) {
      const ad = Uint8Array.from({ length: n }, (_, i) => (i * 37) & 0xff);
      expect(Buffer.from(asconTag(key, nonce, ad))).toEqual(Buffer.from(sealFrame(key, nonce, new Uint8Array(0), ad)));
    }
  });

  it('refuses a tag with any flipped bit, a wrong key or another nonce', () => {
    const key = new Uint8Array(16).fill(7);
    const nonce = new Uint8Array(16).fill(9);
    const ad = new TextEncoder().encode('dose command');
    const tag = asconTag(key, nonce, ad);
    expect(verifyAsconTag(key, nonce, ad, tag)).toBe(true);
    for (let bit = 0; bit < 128; bit++) {
      const bad = Uint8Array.from(tag);
      bad[bit >> 3]! ^= 1 << (bit & 7);
      expect(verifyAsconTag(key, nonce, ad, bad)).toBe(false);
    }
    expect(verifyAsconTag(new Uint8Array(16).fill(8), nonce, ad, tag)).toBe(false);
    expect(verifyAsconTag(key, new Uint8Array(16), ad, tag)).toBe(false);
    expect(verifyAsconTag(key, nonce, ad, tag.subarray(0, 15))).toBe(false);
  });

  it('throws naming the key when it is not 16 bytes', () => {
    expect(() => asconTag(new Uint8Array(15), new Uint8Array(16), new Uint8Array(0))).toThrow(/key/);
  });
});
