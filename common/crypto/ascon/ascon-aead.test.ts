import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/index.js';
import { ASCON_TAG_BYTES, hash256, openFrame, sealFrame } from './index.js';

const key = Uint8Array.from({ length: 16 }, (_, i) => i);
const nonce = Uint8Array.from({ length: 16 }, (_, i) => 0x10 + i);
const plaintext = new TextEncoder().encode('bolus 2.5 U at 12:00');
const ad = new TextEncoder().encode('pump-17');

function flipBit(bytes: Uint8Array, index: number, bit = 0): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index] = copy[index]! ^ (1 << bit);
  return copy;
}

describe('sealFrame / openFrame', () => {
  it('round-trips arbitrary plaintext and associated data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 40 }), (k, n, pt, a) => {
        const sealed = sealFrame(k, n, pt, a);
        expect(sealed).toHaveLength(pt.length + ASCON_TAG_BYTES);
        expect(openFrame(k, n, sealed, a)).toEqual(pt);
      }),
      { numRuns: 50 },
    );
  });

  const sealed = sealFrame(key, nonce, plaintext, ad);

  it('rejects a flipped ciphertext bit', () => {
    expect(openFrame(key, nonce, flipBit(sealed, 3), ad)).toBeNull();
  });

  it('rejects a flipped tag bit', () => {
    expect(openFrame(key, nonce, flipBit(sealed, sealed.length - 1, 7), ad)).toBeNull();
  });

  it('rejects flipped associated data', () => {
    expect(openFrame(key, nonce, sealed, flipBit(ad, 0))).toBeNull();
  });

  it('rejects a flipped nonce bit', () => {
    expect(openFrame(key, flipBit(nonce, 15), sealed, ad)).toBeNull();
  });

  it('rejects the wrong key', () => {
    expect(openFrame(flipBit(key, 0), nonce, sealed, ad)).toBeNull();
  });

  it('rejects input shorter than a tag and a truncated frame', () => {
    expect(openFrame(key, nonce, new Uint8Array(5), ad)).toBeNull();
    expect(openFrame(key, nonce, sealed.subarray(1), ad)).toBeNull();
  });

  it('rejects every single-bit flip of a short frame', () => {
    const short = sealFrame(key, nonce, Uint8Array.of(1, 2, 3), ad);
    for (let i = 0; i < short.length; i++) for (let bit = 0; bit < 8; bit++) expect(openFrame(key, nonce, flipBit(short, i, bit), ad)).toBeNull();
  });

  it('gives the same result for inputs that are views at an offset into a larger buffer (js-ascon ignores byteOffset)', () => {
    const backing = new Uint8Array(200).fill(0xaa);
    const view = (bytes: Uint8Array, at: number) => {
      backing.set(bytes, at);
      return backing.subarray(at, at + bytes.length);
    };
    const viaViews = sealFrame(view(key, 3), view(nonce, 21), view(plaintext, 40), view(ad, 90));
    expect(viaViews).toEqual(sealFrame(key, nonce, plaintext, ad));
    expect(openFrame(Buffer.from(key), Buffer.from(nonce), Buffer.from(viaViews), Buffer.from(ad))).toEqual(plaintext);
    expect(hash256(view(plaintext, 7))).toEqual(hash256(Uint8Array.from(plaintext)));
  });

  it('throws InvalidArgumentError naming a bad key or nonce length', () => {
    expect(() => sealFrame(new Uint8Array(15), nonce, plaintext)).toThrow(InvalidArgumentError);
    expect(() => openFrame(key, new Uint8Array(12), sealed)).toThrow(/nonce: must be 16 bytes, got 12/);
  });
});
