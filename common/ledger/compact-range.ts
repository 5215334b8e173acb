import { emptyRoot, nodeHash } from './hashing.js';
import type { NodeSource } from './tree-math.js';
import { perfectSubtrees } from './tree-math.js';

/** A stored tree node: complete subtree (level, index) and its hash. */
export interface TreeNode {
  level: number;
  index: number;
  hash: Uint8Array;
}

/**
 * The right edge of an append-only tree: the hashes of the complete subtrees that make up
 * [0, size), largest first. Appending a leaf merges equal-level neighbours, which yields exactly
 * the new complete-subtree nodes to store — O(log n) memory, amortised two nodes per leaf.
 */
export class CompactRange {
  #size: number;
  readonly #edge: TreeNode[];

  private constructor(size: number, edge: TreeNode[]) {
    this.#size = size;
    this.#edge = edge;
  }

  /** @returns an empty range. */
  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** @returns the range of a tree of `size` leaves, reading its O(log n) edge nodes from `source`. @throws what `source` throws. */
  static load(source: NodeSource, size: number): CompactRange {
    const edge = perfectSubtrees(size).map(({ level, index }) => ({ level, index, hash: source(level, index) }));
    return new CompactRange(size, edge);
  }

  /** Number of leaves covered. */
  get size(): number {
    return this.#size;
  }

  /** @returns an independent copy, so a batch can be computed and dropped if its commit fails. */
  clone(): CompactRange {
    return new CompactRange(this.#size, [...this.#edge]);
  }

  /** Appends one leaf hash. @returns the nodes that became complete: the leaf first, then its new ancestors. */
  append(leaf: Uint8Array): TreeNode[] {
    let node: TreeNode = { level: 0, index: this.#size, hash: leaf };
    const created: TreeNode[] = [node];
    for (let last = this.#edge.at(-1); last !== undefined && last.level === node.level; last = this.#edge.at(-1)) {
      this.#edge.pop();
      node = { level: node.level + 1, index: Math.floor(node.index / 2), hash: nodeHash(last.hash, node.hash) };
      created.push(node);
    }
    this.#edge.push(node);
    this.#size += 1;
    return created;
  }

  /** @returns the root hash MTH(D[0:size]) (the empty-tree hash when size is 0). */
  root(): Uint8Array {
    let root: Uint8Array | undefined;
    for (let i = this.#edge.length - 1; i >= 0; i -= 1) {
      const node = this.#edge[i] as TreeNode;
      root = root === undefined ? node.hash : nodeHash(node.hash, root);
    }
    return root ?? emptyRoot();
  }
}
