import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrpcServer, type VigilServer } from '../common/grpc/index.js';
import { loadTlsIdentity } from '../common/pki/index.js';
import { silentLogger } from '../common/log/index.js';

const run = promisify(execFile);
const vigil = join(import.meta.dirname, '..', 'bin', 'vigil.js');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [vigil, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let server: VigilServer;
let address: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-pki-cli-'));
  const init = await cli('pki', 'init', '--out', join(dir, 'pki'), '--sites', 'icu', '--clinicians', '1');
  expect(init.code).toBe(0);
  server = createGrpcServer({ tls: loadTlsIdentity(join(dir, 'pki', 'edge', 'icu')), logger: silentLogger() });
  address = `127.0.0.1:${await server.listen('127.0.0.1', 0)}`;
}, 120_000);

afterAll(async () => {
  await server?.shutdown(1_000);
  rmSync(dir, { recursive: true, force: true });
});

describe('vigil pki init + vigil health check (real processes)', () => {
  it('creates a CA and identities with private keys only the owner can read', () => {
    expect(existsSync(join(dir, 'pki', 'ca.crt'))).toBe(true);
    expect(statSync(join(dir, 'pki', 'ca.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'pki', 'gateway', 'gw-icu', 'key.pem')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'pki', 'clinician', 'clin-001', 'cert.pem'))).toBe(true);
  });

  it('refuses to overwrite an existing CA without --force (exit 2)', async () => {
    const again = await cli('pki', 'init', '--out', join(dir, 'pki'));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  });

  it('reports SERVING over mTLS and exits 0', async () => {
    const result = await cli('health', 'check', '--address', address, '--identity', join(dir, 'pki', 'gateway', 'gw-icu'));
    expect(result.stdout.trim()).toBe('SERVING');
    expect(result.code).toBe(0);
  });

  it('exits 3 when the server does not have the expected role', async () => {
    const result = await cli('health', 'check', '--address', address, '--identity', join(dir, 'pki', 'gateway', 'gw-icu'), '--role', 'coordinator', '--timeout', '2000');
    expect(result.code).toBe(3);
  });

  it('exits 2 with a clear message when the identity directory is missing', async () => {
    const result = await cli('health', 'check', '--address', address, '--identity', join(dir, 'nowhere'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not found/);
  });
});
