// Minimal typings for the parts of js-ascon 1.3.0 that Vigil uses, matching dist/ascon.js (the runtime entry),
// whose internal `initialize` takes a key-size argument that src/ascon.ts does not. The KAT tests guard drift.
declare module 'js-ascon' {
  type Bytes = Uint8Array;
  const JsAscon: {
    encrypt(key: Bytes, nonce: Bytes, associatedData: Bytes, plaintext: Bytes, variant?: 'Ascon-AEAD128'): Uint8Array;
    decrypt(key: Bytes, nonce: Bytes, associatedData: Bytes, ciphertextAndTag: Bytes, variant?: 'Ascon-AEAD128'): Uint8Array | null;
    hash(message: Bytes, variant?: 'Ascon-Hash256' | 'Ascon-XOF128' | 'Ascon-CXOF128', hashLength?: number): Uint8Array;
    initialize(state: bigint[], keySizeBits: number, rate: number, roundsA: number, roundsB: number, version: number, key: Bytes, nonce: Bytes): void;
    processAssociatedData(state: bigint[], roundsB: number, rate: number, associatedData: Bytes): void;
    processCiphertext(state: bigint[], roundsB: number, rate: number, ciphertext: Bytes): Uint8Array;
    finalize(state: bigint[], roundsA: number, rate: number, key: Bytes): Uint8Array;
  };
  export default JsAscon;
}
