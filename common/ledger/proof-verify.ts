import { HASH_SIZE, equalBytes, nodeHash } from './hashing.js';

/** Outcome of checking a proof: failures are values with a reason a person can read. */
export type ProofCheck = { ok: true } | { ok: false; reason: string };

const OK: ProofCheck = { ok: true };
const fail = (reason: string): ProofCheck => ({ ok: false, reason });

const isSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
const half = (n: number): number => Math.floor(n / 2);
const isOdd = (n: number): boolean => n % 2 === 1;

function badElement(proof: readonly Uint8Array[]): number {
  return proof.findIndex((p) => p.length !== HASH_SIZE);
}

/**
 * Verifies an RFC 9162 §2.1.3.2 inclusion proof that `leafHash` is leaf `index` of the tree of
 * `size` leaves whose root is `root`.
 * @returns `{ ok: true }`, or `{ ok: false, reason }` for any malformed or non-matching input. Never throws.
 */
export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): ProofCheck {
  if (!isSize(index) || !isSize(size)) return fail('leaf index and tree size must be non-negative safe integers');
  if (index >= size) return fail(`leaf index ${index} is not inside a tree of size ${size}`);
  if (leaf.length !== HASH_SIZE) return fail(`leaf hash has ${leaf.length} bytes, expected ${HASH_SIZE}`);
  const bad = badElement(proof);
  if (bad >= 0) return fail(`proof element ${bad} is not a ${HASH_SIZE}-byte hash`);
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return fail('proof is longer than the tree is deep');
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // A left-edge node with no right sibling moves up without hashing until it becomes a right child.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return fail('proof is shorter than the tree is deep');
  return equalBytes(r, root) ? OK : fail('proof does not lead to the given root');
}

/**
 * Verifies an RFC 9162 §2.1.4.2 consistency proof that the tree of `size1` leaves with root `root1`
 * is a prefix of the tree of `size2` leaves with root `root2`. A proof from the empty tree is
 * refused (it proves nothing; callers treat size 0 as trivially consistent before asking).
 * @returns `{ ok: true }`, or `{ ok: false, reason }`. Never throws.
 */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): ProofCheck {
  if (!isSize(size1) || !isSize(size2)) return fail('tree sizes must be non-negative safe integers');
  if (size2 < size1) return fail(`size2 (${size2}) is smaller than size1 (${size1})`);
  if (size1 === 0) return fail('a consistency proof from the empty tree proves nothing');
  if (size1 === size2) {
    if (proof.length > 0) return fail('sizes are equal but the proof is not empty');
    return equalBytes(root1, root2) ? OK : fail('sizes are equal but the roots differ');
  }
  if (proof.length === 0) return fail('proof is empty');
  const bad = badElement(proof);
  if (bad >= 0) return fail(`proof element ${bad} is not a ${HASH_SIZE}-byte hash`);
  // When the old tree is a complete subtree, its root is the first node of the path.
  const path = exactPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = path[0] as Uint8Array;
  let sr: Uint8Array = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return fail('proof is longer than expected');
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return fail('proof is shorter than expected');
  if (!equalBytes(fr, root1)) return fail('proof does not lead to the old root');
  if (!equalBytes(sr, root2)) return fail('proof does not lead to the new root');
  return OK;
}

function exactPowerOfTwo(n: number): boolean {
  let v = n;
  while (v > 1 && v % 2 === 0) v /= 2;
  return v === 1;
}
