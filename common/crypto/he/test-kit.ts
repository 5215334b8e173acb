// Test helpers shared by the he/*.test.ts files (not part of the public surface).
import { CoordinatorHe } from './coordinator-he.js';
import { generateKeyset, type GeneratedKeyset } from './keygen.js';
import { NodeHe } from './node-he.js';
import type { HeParameters } from './parameters.js';

/** A keyset with both sides loaded. */
export interface KeysetPair {
  keyset: GeneratedKeyset;
  coordinator: CoordinatorHe;
  node: NodeHe;
  delete(): void;
}

/** @returns a freshly generated keyset with a coordinator and a node loaded from its bytes. */
export async function makeKeysetPair(parameters?: HeParameters): Promise<KeysetPair> {
  const keyset = await generateKeyset(parameters);
  const coordinator = await CoordinatorHe.fromBytes(keyset.publicContext);
  const node = await NodeHe.fromBytes(keyset.secretKeyset);
  return { keyset, coordinator, node, delete: () => (coordinator.delete(), node.delete()) };
}

/** @returns a deterministic pseudo-random generator in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @returns weights uniform in [-magnitude, magnitude]. */
export function randomUpdate(length: number, random: () => number, magnitude = 1): Float32Array {
  return Float32Array.from({ length }, () => (random() * 2 - 1) * magnitude);
}

/** @returns the plaintext weighted FedAvg, in float64. */
export function plainFedAvg(updates: readonly Float32Array[], weights: readonly number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(updates[0]!.length);
  updates.forEach((update, n) => update.forEach((value, i) => (out[i]! += (value * weights[n]!) / total)));
  return out;
}
