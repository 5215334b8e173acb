/**
 * Regenerates proto/gen/ from proto/vigil/v1/*.proto with proto-loader-gen-types, or with `--check`
 * verifies that the committed files are up to date (exit 1 when stale).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, cpSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GEN_TYPES_FLAGS, PROTO_FILES, PROTO_ROOT } from '../common/grpc/proto-options.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const target = join(repo, 'proto', 'gen');

function generate(outDir: string): void {
  const bin = join(repo, 'node_modules', '.bin', 'proto-loader-gen-types');
  execFileSync(bin, [...GEN_TYPES_FLAGS, `--includeDirs=${PROTO_ROOT}`, `--outDir=${outDir}`, ...PROTO_FILES], { stdio: 'inherit' });
  // The generator writes the absolute path of each .proto into a comment; keep output independent of the checkout.
  for (const file of listFiles(outDir)) {
    const path = join(outDir, file);
    const text = readFileSync(path, 'utf8');
    const portable = text.split(PROTO_ROOT).join('proto');
    if (portable !== text) writeFileSync(path, portable);
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => relative(dir, f))
    .sort();
}

/** @returns the relative paths that differ between two generated trees. */
export function diffTrees(a: string, b: string): string[] {
  const files = new Set([...listFiles(a), ...listFiles(b)]);
  return [...files].filter((f) => {
    const pa = join(a, f);
    const pb = join(b, f);
    return !existsSync(pa) || !existsSync(pb) || !readFileSync(pa).equals(readFileSync(pb));
  });
}

/** Generates into a temporary directory and compares with proto/gen. */
export function checkGenerated(): string[] {
  const tmp = mkdtempSync(join(tmpdir(), 'vigil-proto-'));
  try {
    generate(tmp);
    return diffTrees(tmp, target);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = checkGenerated();
    if (stale.length > 0) {
      console.error(`proto/gen is stale (${stale.length} files differ, e.g. ${stale[0]}): run npm run proto:gen`);
      process.exit(1);
    }
    console.log('proto/gen is up to date');
  } else {
    const tmp = mkdtempSync(join(tmpdir(), 'vigil-proto-'));
    generate(tmp);
    rmSync(target, { recursive: true, force: true });
    cpSync(tmp, target, { recursive: true });
    rmSync(tmp, { recursive: true, force: true });
    console.log(`wrote ${listFiles(target).length} files to proto/gen`);
  }
}
