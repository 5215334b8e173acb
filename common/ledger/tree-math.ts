import { nodeHash, emptyRoot } from './hashing.js';

/**
 * Pure RFC 9162 §2.1 tree arithmetic. A node is addressed by (level, index): it covers the leaves
 * [index·2^level, (index+1)·2^level). Only complete (perfect) subtrees have stored nodes; every
 * range the RFC recursions visit is aligned, so it decomposes into at most log2(n) stored nodes.
 * All sizes are JS numbers (safe integers): bit operators are 32-bit in JS, so we use arithmetic.
 */

/** Reads the stored hash of a complete subtree; throws if the store lacks it. */
export type NodeSource = (level: number, index: number) => Uint8Array;

/** @returns the largest power of two strictly less than `n` (n ≥ 2). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** @returns log2(n) when `n` is a power of two, else -1. */
export function exactLog2(n: number): number {
  if (n < 1) return -1;
  let level = 0;
  let v = n;
  while (v > 1) {
    if (v % 2 !== 0) return -1;
    v /= 2;
    level += 1;
  }
  return level;
}

/** One complete subtree: its level and index (it covers 2^level leaves from index·2^level). */
export interface SubtreeId {
  level: number;
  index: number;
}

/**
 * @returns the complete subtrees that make up the leaves [0, size), largest (leftmost) first —
 * one per set bit of `size`; these are the nodes a tree of that size keeps on its right edge.
 */
export function perfectSubtrees(size: number): SubtreeId[] {
  const result: SubtreeId[] = [];
  let offset = 0;
  let span = 1;
  while (span * 2 <= size) span *= 2;
  for (let level = exactLog2(span); span >= 1 && offset < size; span /= 2, level -= 1) {
    if (offset + span <= size) {
      result.push({ level, index: offset / span });
      offset += span;
    }
  }
  return result;
}

/**
 * @returns the complete subtrees that make up the aligned range [lo, hi), left to right: the
 * largest power of two first, as the RFC's split does. MTH(range) folds them from the right.
 */
export function rangeSubtrees(lo: number, hi: number): SubtreeId[] {
  const parts: SubtreeId[] = [];
  for (let start = lo; start < hi; ) {
    const size = hi - start;
    const span = exactLog2(size) >= 0 ? size : largestPowerOfTwoBelow(size);
    parts.push({ level: exactLog2(span), index: start / span });
    start += span;
  }
  return parts;
}

/** @returns MTH of a range from the hashes of its {@link rangeSubtrees}, folded right to left. */
export function foldRange(hashes: readonly Uint8Array[]): Uint8Array {
  let root = hashes.at(-1);
  if (root === undefined) return emptyRoot();
  for (let i = hashes.length - 2; i >= 0; i -= 1) root = nodeHash(hashes[i] as Uint8Array, root);
  return root;
}

/** A proof before hashing: for each element, the complete subtrees whose fold gives it. */
export type ProofPlan = SubtreeId[][];

/**
 * @returns MTH(D[lo:hi]) for an aligned range, from at most log2(hi - lo) stored nodes.
 * @throws whatever `source` throws for a missing node.
 */
export function rangeHash(source: NodeSource, lo: number, hi: number): Uint8Array {
  return foldRange(rangeSubtrees(lo, hi).map(({ level, index }) => source(level, index)));
}

/** @returns the root hash of the tree of `size` leaves (the empty-tree hash for 0). */
export function rootHash(source: NodeSource, size: number): Uint8Array {
  return rangeHash(source, 0, size);
}

/**
 * @returns the plan of the RFC 9162 §2.1.3.1 inclusion proof PATH(index, D[0:size]), deepest first.
 * @throws RangeError unless 0 ≤ index < size.
 */
export function inclusionPlan(index: number, size: number): ProofPlan {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is outside a tree of size ${size}`);
  }
  const plan: ProofPlan = [];
  const path = (lo: number, hi: number): void => {
    if (hi - lo === 1) return;
    const k = largestPowerOfTwoBelow(hi - lo);
    if (index < lo + k) {
      path(lo, lo + k);
      plan.push(rangeSubtrees(lo + k, hi));
    } else {
      path(lo + k, hi);
      plan.push(rangeSubtrees(lo, lo + k));
    }
  };
  path(0, size);
  return plan;
}

/**
 * @returns the plan of the RFC 9162 §2.1.4.1 consistency proof PROOF(size1, D[0:size2]); empty when
 * size1 is 0 or equals size2 (nothing to prove).
 * @throws RangeError unless 0 ≤ size1 ≤ size2.
 */
export function consistencyPlan(size1: number, size2: number): ProofPlan {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size1 > size2) {
    throw new RangeError(`cannot prove consistency from size ${size1} to size ${size2}`);
  }
  const plan: ProofPlan = [];
  if (size1 === 0 || size1 === size2) return plan;
  const subproof = (m: number, lo: number, hi: number, isWholeOldTree: boolean): void => {
    const n = hi - lo;
    if (m === n) {
      if (!isWholeOldTree) plan.push(rangeSubtrees(lo, hi));
      return;
    }
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, lo, lo + k, isWholeOldTree);
      plan.push(rangeSubtrees(lo + k, hi));
    } else {
      subproof(m - k, lo + k, hi, false);
      plan.push(rangeSubtrees(lo, lo + k));
    }
  };
  subproof(size1, 0, size2, true);
  return plan;
}

/** @returns the proof a plan describes, reading each node from `source`. @throws what `source` throws. */
export function executePlan(plan: ProofPlan, source: NodeSource): Uint8Array[] {
  return plan.map((parts) => foldRange(parts.map(({ level, index }) => source(level, index))));
}

/** @returns PATH(index, D[0:size]) from `source`. @throws RangeError unless 0 ≤ index < size. */
export function inclusionProof(source: NodeSource, index: number, size: number): Uint8Array[] {
  return executePlan(inclusionPlan(index, size), source);
}

/** @returns PROOF(size1, D[0:size2]) from `source`. @throws RangeError unless 0 ≤ size1 ≤ size2. */
export function consistencyProof(source: NodeSource, size1: number, size2: number): Uint8Array[] {
  return executePlan(consistencyPlan(size1, size2), source);
}
