import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../eval/demo/run-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigil demo (reduced cohort, real processes)', () => {
  it('runs end to end: rounds publish, the gateway replays a day, every audit log verifies', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk) => (printed += String(chunk)));
    const summary = await runDemo({ outDir: join(dir, 'demo'), seed: 'demo-test', patientsPerSite: 1, days: 16, roundsPerModel: 1, speed: 7200, startDate: '2025-01-06', stdout: out });
    expect(summary.roundTimes.length).toBeGreaterThanOrEqual(1);
    expect(summary.roundTimes.every((r) => r.state === 'PUBLISHED')).toBe(true);
    expect(summary.audits).toHaveLength(5);
    expect(summary.audits.every((a) => a.ok)).toBe(true);
    const normal = summary.replays.reduce((n, r) => n + (r.byClass['normal']?.total ?? 0), 0);
    expect(normal).toBeGreaterThan(0);
    expect(summary.replays.reduce((n, r) => n + r.framesAccepted, 0)).toBeGreaterThan(0);
    expect(printed).toContain('# Vigil demo summary');
    expect(existsSync(join(dir, 'demo', 'summary.md'))).toBe(true);
  }, 300_000);
});
