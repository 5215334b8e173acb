import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactRange } from './compact-range.js';
import { leafHash } from './hashing.js';
import { verifyConsistency, verifyInclusion } from './proof-verify.js';
import { consistencyProof, inclusionProof, rootHash, type NodeSource } from './tree-math.js';

/** An in-memory tree built the way the log builds it: every complete subtree stored by (level, index). */
function buildTree(leaves: readonly Uint8Array[]): { source: NodeSource; roots: Uint8Array[] } {
  const nodes = new Map<string, Uint8Array>();
  const range = CompactRange.empty();
  const roots = [range.root()];
  for (const leaf of leaves) {
    for (const node of range.append(leafHash(leaf))) nodes.set(`${node.level}/${node.index}`, node.hash);
    roots.push(range.root());
  }
  const source: NodeSource = (level, index) => {
    const hash = nodes.get(`${level}/${index}`);
    if (!hash) throw new Error(`no node ${level}/${index}`);
    return hash;
  };
  return { source, roots };
}

function flipBit(bytes: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  const at = bit % (copy.length * 8);
  copy[Math.floor(at / 8)] = (copy[Math.floor(at / 8)] as number) ^ (1 << (at % 8));
  return copy;
}

const leavesArb = fc.array(fc.uint8Array({ maxLength: 16 }), { minLength: 1, maxLength: 200 });

describe('proof properties on random trees', () => {
  it('stored-node roots equal incremental roots for every size', () => {
    fc.assert(
      fc.property(leavesArb, (leaves) => {
        const { source, roots } = buildTree(leaves);
        for (let size = 0; size <= leaves.length; size += 1) expect(rootHash(source, size)).toEqual(roots[size]);
      }),
      { numRuns: 30 },
    );
  });

  it('every inclusion proof verifies; flipping any bit of proof, root or leaf breaks it', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), fc.nat(), fc.nat(), (leaves, a, b, bit) => {
        const { source, roots } = buildTree(leaves);
        const size = 1 + (a % leaves.length);
        const index = b % size;
        const root = roots[size] as Uint8Array;
        const leaf = leafHash(leaves[index] as Uint8Array);
        const proof = inclusionProof(source, index, size);
        expect(verifyInclusion(index, size, leaf, proof, root)).toEqual({ ok: true });
        expect(verifyInclusion(index, size, leaf, proof, flipBit(root, bit)).ok).toBe(false);
        expect(verifyInclusion(index, size, flipBit(leaf, bit), proof, root).ok).toBe(false);
        if (proof.length > 0) {
          const at = bit % proof.length;
          const bad = proof.map((p, i) => (i === at ? flipBit(p, bit) : p));
          expect(verifyInclusion(index, size, leaf, bad, root).ok).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every consistency proof verifies; flipping any bit of proof or either root breaks it', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), fc.nat(), fc.nat(), (leaves, a, b, bit) => {
        const { source, roots } = buildTree(leaves);
        const size2 = 1 + (a % leaves.length);
        const size1 = 1 + (b % size2);
        const root1 = roots[size1] as Uint8Array;
        const root2 = roots[size2] as Uint8Array;
        const proof = consistencyProof(source, size1, size2);
        expect(verifyConsistency(size1, size2, proof, root1, root2)).toEqual({ ok: true });
        expect(verifyConsistency(size1, size2, proof, flipBit(root1, bit), root2).ok).toBe(false);
        expect(verifyConsistency(size1, size2, proof, root1, flipBit(root2, bit)).ok).toBe(false);
        if (proof.length > 0) {
          const at = bit % proof.length;
          const bad = proof.map((p, i) => (i === at ? flipBit(p, bit) : p));
          expect(verifyConsistency(size1, size2, bad, root1, root2).ok).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a proof for one index or size does not verify for another', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), fc.nat(), (leaves, a, b) => {
        fc.pre(leaves.length >= 2);
        // Equal leaves are interchangeable by design; make every leaf distinct for this property.
        const distinct = leaves.map((l, i) => Buffer.concat([Buffer.from(String(i)), l]));
        const { source, roots } = buildTree(distinct);
        const size = 2 + (a % (leaves.length - 1));
        const index = b % size;
        const proof = inclusionProof(source, index, size);
        const other = (index + 1) % size;
        const leaf = leafHash(distinct[index] as Uint8Array);
        expect(verifyInclusion(other, size, leaf, proof, roots[size] as Uint8Array).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
