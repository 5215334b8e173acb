import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/index.js';
import { runCliCaptured } from '../../cli/testing.js';
import { keysCommands } from './cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-keys-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const vigil = (...argv: string[]) => runCliCaptured([keysCommands], argv);

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
