import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../cli/index.js';
import { keysCommands } from './cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-keys-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function vigil(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk) => out.push(String(chunk)));
  stderr.on('data', (chunk) => err.push(String(chunk)));
  const code = await runCli([keysCommands], argv, { stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('vigil keys init', () => {
  it('shows help', async () => {
    const { code, stdout } = await vigil('keys', 'init', '--help');
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/--out DIR/);
    expect(stdout).toMatch(/--force/);
  });

  it('requires --out', async () => {
    expect((await vigil('keys', 'init')).code).toBe(EXIT.USAGE);
  });

  it('writes a keyset, prints its fingerprint, and refuses to overwrite without --force', async () => {
    const first = await vigil('keys', 'init', '--out', dir);
    expect(first.code).toBe(EXIT.OK);
    expect(first.stdout).toMatch(/^keyset sha256:[0-9a-f]{64}\n/);
    expect((await stat(join(dir, 'node', 'secret.seal'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'coordinator', 'context.seal'))).isFile()).toBe(true);

    const again = await vigil('keys', 'init', '--out', dir);
    expect(again.code).toBe(EXIT.USAGE);
    expect(again.stderr).toMatch(/--force/);

    const forced = await vigil('keys', 'init', '--out', dir, '--force');
    expect(forced.code).toBe(EXIT.OK);
    expect(forced.stdout).not.toBe(first.stdout);
  });
});
