import sealModule from 'node-seal';
import type { SEALLibrary } from 'node-seal/implementation/seal.js';

/** The node-seal library (Microsoft SEAL 4.1 compiled to wasm, the "throws" build that refuses transparent ciphertexts). */
export type SealLibrary = SEALLibrary;

// node-seal is a UMD bundle whose typings declare an ES default export; at runtime under Node ESM the default
// import is the factory itself. Accept both shapes.
const factory = ((sealModule as unknown as { default?: unknown }).default ?? sealModule) as () => Promise<SEALLibrary>;

let loading: Promise<SEALLibrary> | undefined;

/**
 * Loads the SEAL wasm module once per process (it is a stateless library; every keyset owns its own objects).
 * @returns the node-seal library.
 * @throws whatever the wasm loader throws when the module cannot be instantiated.
 */
export function loadSeal(): Promise<SealLibrary> {
  loading ??= factory();
  return loading;
}
