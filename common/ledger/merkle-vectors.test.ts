import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompactRange } from './compact-range.js';
import { emptyRoot, leafHash } from './hashing.js';
import { verifyConsistency, verifyInclusion } from './proof-verify.js';
import { consistencyProof, inclusionProof, rootHash, type NodeSource } from './tree-math.js';

const VECTORS = '/work/shared/data/merkle';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
  });
}

// Vectors carry hashes as base64 with Go semantics: "" and null are empty; decode loosely here,
// because a "wrong" 12-byte root is exactly what some negative cases feed in.
const b64 = (s: string | null): Buffer => Buffer.from(s ?? '', 'base64');
const proofOf = (p: (string | null)[] | null): Buffer[] => (p ?? []).map(b64);

interface InclusionVector { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; desc: string; wantErr: boolean }
interface ConsistencyVector { size1: number; size2: number; root1: string; root2: string; proof: string[] | null; desc: string; wantErr: boolean }

const inclusionFiles = jsonFiles(join(VECTORS, 'inclusion'));
const consistencyFiles = jsonFiles(join(VECTORS, 'consistency'));

describe('transparency-dev inclusion vectors', () => {
  it('finds the vector files', () => {
    expect(inclusionFiles.length).toBe(98);
  });
  it.each(inclusionFiles.map((f) => [f.slice(VECTORS.length + 1), f]))('%s', (_name, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8')) as InclusionVector;
    const result = verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), proofOf(v.proof), b64(v.root));
    expect(result.ok, `${v.desc}: ${JSON.stringify(result)}`).toBe(!v.wantErr);
  });
});

describe('transparency-dev consistency vectors', () => {
  it('finds the vector files', () => {
    expect(consistencyFiles.length).toBe(98);
  });
  it.each(consistencyFiles.map((f) => [f.slice(VECTORS.length + 1), f]))('%s', (_name, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8')) as ConsistencyVector;
    const result = verifyConsistency(v.size1, v.size2, proofOf(v.proof), b64(v.root1), b64(v.root2));
    expect(result.ok, `${v.desc}: ${JSON.stringify(result)}`).toBe(!v.wantErr);
  });
});

// transparency-dev/merkle testonly/constants.go: LeafInputs() and RootHashes() (RFC 6962 hashing).
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ROOT_HASHES = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('RFC 6962 reference tree (transparency-dev testonly constants)', () => {
  const nodes = new Map<string, Uint8Array>();
  const source: NodeSource = (level, index) => {
    const hash = nodes.get(`${level}/${index}`);
    if (!hash) throw new Error(`missing node ${level}/${index}`);
    return hash;
  };
  const range = CompactRange.empty();
  const roots = [Buffer.from(range.root()).toString('hex')];
  for (const input of LEAF_INPUTS) {
    for (const node of range.append(leafHash(Buffer.from(input, 'hex')))) nodes.set(`${node.level}/${node.index}`, node.hash);
    roots.push(Buffer.from(range.root()).toString('hex'));
  }

  it('has the empty-tree root', () => {
    expect(emptyRoot().toString('hex')).toBe(ROOT_HASHES[0]);
  });
  it('matches the root for every size 1..8, incrementally and from stored nodes', () => {
    expect(roots).toEqual(ROOT_HASHES);
    for (let size = 0; size <= 8; size += 1) expect(Buffer.from(rootHash(source, size)).toString('hex')).toBe(ROOT_HASHES[size]);
  });
  it('builds inclusion and consistency proofs that verify for every index and size pair', () => {
    for (let size = 1; size <= 8; size += 1) {
      const root = Buffer.from(ROOT_HASHES[size] as string, 'hex');
      for (let index = 0; index < size; index += 1) {
        const leaf = source(0, index);
        expect(verifyInclusion(index, size, leaf, inclusionProof(source, index, size), root)).toEqual({ ok: true });
      }
      for (let size1 = 1; size1 <= size; size1 += 1) {
        const root1 = Buffer.from(ROOT_HASHES[size1] as string, 'hex');
        expect(verifyConsistency(size1, size, consistencyProof(source, size1, size), root1, root)).toEqual({ ok: true });
      }
    }
  });
});
