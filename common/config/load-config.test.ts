import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../errors/index.js';
import { loadConfig } from './load-config.js';

const Schema = z.strictObject({
  server: z.strictObject({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(7443) }).default({ host: '127.0.0.1', port: 7443 }),
  dataDir: z.string().default('./data'),
  riskAlertLevel: z.number().min(0).max(1).default(0.5),
});

const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills every default with no file and no environment', () => {
    const config = loadConfig(Schema, { env: {} });
    expect(config).toEqual({ server: { host: '127.0.0.1', port: 7443 }, dataDir: './data', riskAlertLevel: 0.5 });
  });

  it('reads YAML and JSON, then applies environment overrides on top', () => {
    const yaml = file('edge.yaml', 'server:\n  port: 9000\ndataDir: /srv/vigil\n');
    const json = file('edge.json', '{"riskAlertLevel": 0.7}');
    expect(loadConfig(Schema, { file: yaml, env: {} }).server.port).toBe(9000);
    expect(loadConfig(Schema, { file: json, env: {} }).riskAlertLevel).toBe(0.7);
    const overridden = loadConfig(Schema, { file: yaml, env: { VIGIL__SERVER__PORT: '9100', VIGIL__RISK_ALERT_LEVEL: '0.9' } });
    expect(overridden.server.port).toBe(9100);
    expect(overridden.riskAlertLevel).toBe(0.9);
    expect(overridden.dataDir).toBe('/srv/vigil');
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig(Schema, { env: {} });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('names an unknown key in one line', () => {
    const error = errorOf(() => loadConfig(Schema, { file: file('unknown.yaml', 'server:\n  prot: 9000\n'), env: {} }));
    expect(error.message).toMatch(/unknown\.yaml: server: unknown key 'prot'/);
    expect(error.message).not.toContain('\n');
  });

  it('names a field of the wrong type', () => {
    const error = errorOf(() => loadConfig(Schema, { file: file('wrong.yaml', 'server:\n  port: nine\n'), env: {} }));
    expect(error.message).toMatch(/wrong\.yaml: server\.port: .*number/);
  });

  it('says a missing file is missing', () => {
    const error = errorOf(() => loadConfig(Schema, { file: join(dir, 'absent.yaml'), env: {} }));
    expect(error.message).toBe(`${join(dir, 'absent.yaml')}: file not found`);
  });

  it('says a file is not valid YAML', () => {
    const error = errorOf(() => loadConfig(Schema, { file: file('bad.yaml', 'server: [1, 2\n'), env: {} }));
    expect(error.message).toMatch(/bad\.yaml: not valid YAML/);
    expect(error.message).not.toContain('\n');
  });

  it('names an environment variable that matches no field', () => {
    const error = errorOf(() => loadConfig(Schema, { env: { VIGIL__SERVER__PROT: '1' } }));
    expect(error.message).toBe("VIGIL__SERVER__PROT: no config field 'server.prot'");
  });

  it('names the field when an environment override has the wrong type', () => {
    const error = errorOf(() => loadConfig(Schema, { env: { VIGIL__SERVER__PORT: 'abc' } }));
    expect(error.message).toMatch(/server\.port/);
  });
});
