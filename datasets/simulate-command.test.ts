import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../common/cli/index.js';
import { datasetsCommands } from './cli.js';
import { uvaPadovaPath } from './shared-data.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vigil-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PARAMS = uvaPadovaPath('vpatient_params.csv');
const paramsText = readFileSync(PARAMS, 'utf8');

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _encoding, done) { text += String(chunk); done(); } });
  return { stream, text: () => text };
}

async function simulate(args: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const stdout = sink();
  const stderr = sink();
  const argv = ['datasets', 'simulate', ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, v])];
  const code = await runCli([datasetsCommands], argv, { stdout: stdout.stream, stderr: stderr.stream });
  return { code, stderr: stderr.text() };
}

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

describe('vigil datasets simulate (CLI contract)', () => {
  it('reproduces the adult#001 reference trace end to end', async () => {
    const out = path.join(dir, 'adult.csv');
    const { code } = await simulate({ params: PARAMS, patient: 'adult#001', input: uvaPadovaPath('reference/adult-001.input.csv'), out });
    expect(code).toBe(0);
    const ours = readFileSync(out, 'utf8').trim().split('\n');
    const expected = readFileSync(uvaPadovaPath('reference/adult-001.expected.csv'), 'utf8').trim().split('\n');
    expect(ours[0]).toBe('minute,bg_mg_dl,sc_glucose_mg_dl');
    expect(ours).toHaveLength(expected.length);
    for (let i = 1; i < expected.length; i += 97) {
      const [m1, bg1] = ours[i]!.split(',').map(Number);
      const [m2, bg2] = expected[i]!.split(',').map(Number);
      expect(m1).toBe(m2);
      expect(Math.abs(bg1! - bg2!) / bg2!).toBeLessThan(1e-4);
    }
  });

  it('keeps the input minutes (a run may start at any minute)', async () => {
    const out = path.join(dir, 'offset.csv');
    const input = file('offset.in.csv', 'minute,cho_g,insulin_u_per_min\n100,0,0.02\n101,30,0.02\n102,0,0.02\n');
    expect((await simulate({ params: PARAMS, patient: 'child#002', input, out })).code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(',')[0])).toEqual(['minute', '100', '101', '102']);
  });

  const goodInput = 'minute,cho_g,insulin_u_per_min\n0,0,0.02\n1,0,0.02\n';
  const badCases: [string, () => Record<string, string>, RegExp][] = [
    ['a parameter CSV with a missing column', () => ({ params: file('p1.csv', paramsText.replace(',kabs,', ',kabz,')), input: file('i.csv', goodInput) }), /missing column 'kabs'/],
    ['a non-numeric parameter', () => ({ params: file('p2.csv', paramsText.replace(',0.091043,', ',abc,')), input: file('i.csv', goodInput) }), /row 2 column 'kabs'.*'abc'/],
    ['an unknown patient', () => ({ params: PARAMS, input: file('i.csv', goodInput), patient: 'adult#099' }), /--patient.*adult#099/],
    ['a negative meal', () => ({ params: PARAMS, input: file('i.csv', goodInput.replace('1,0,', '1,-5,')) }), /row 3 column 'cho_g'.*non-negative/],
    ['a negative insulin rate', () => ({ params: PARAMS, input: file('i.csv', goodInput.replace('0,0,0.02\n1', '0,0,-0.02\n1')) }), /row 2 column 'insulin_u_per_min'/],
    ['a gap in minutes', () => ({ params: PARAMS, input: file('i.csv', goodInput + '3,0,0.02\n') }), /row 4 column 'minute'.*expected 2/],
    ['a non-numeric input cell', () => ({ params: PARAMS, input: file('i.csv', goodInput.replace('1,0,', '1,x,')) }), /row 3 column 'cho_g'/],
  ];
  for (const [label, makeArgs, message] of badCases) {
    it(`rejects ${label}: one line, exit 2, nothing written`, async () => {
      const out = path.join(dir, `bad-${label.replace(/\W+/g, '-')}.csv`);
      const { code, stderr } = await simulate({ patient: 'adult#001', ...makeArgs(), out });
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir).some((name) => name.endsWith('.tmp'))).toBe(false);
    });
  }
});
