import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../common/errors/index.js';
import { captureEnvironment, formatNumber, headlineMarkers, MetricsFile, percent, renderHeadlineBlock, replaceHeadline, table, toJsonData, updateHeadline, writeSuiteOutputs, type SuiteReport } from './index.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-report-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const report: SuiteReport = {
  title: 'Test suite',
  intro: 'Runs nothing.',
  about: { measures: 'nothing', how: 'by hand', caveats: ['none'] },
  headline: [{ label: 'error | max', value: '1e-7', target: '≤ 1e-5', met: true }],
  sections: [{ heading: 'Plots', markdown: table(['a', 'b'], [['x', 1.23456]]), plots: [{ file: 'p.svg', svg: '<svg xmlns="http://www.w3.org/2000/svg"/>', alt: 'a plot' }] }],
};
const run = { startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:01.000Z', durationMs: 1000, environment: captureEnvironment() };

describe('markdown', () => {
  it('escapes pipes, right-aligns numeric columns, formats numbers', () => {
    const md = table(['name', 'n'], [['a|b', 3], ['c', Number.NaN]]);
    expect(md).toContain('a\\|b');
    expect(md.split('\n')[1]).toBe('| --- | ---: |');
    expect(md).toContain('n/a');
    expect(() => table(['a'], [['x', 'y']])).toThrow(RangeError);
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(0.000012345)).toBe('1.23e-5');
    expect(percent(0.1234)).toBe('12.3%');
  });
});

describe('metrics.json', () => {
  it('writes schema-valid JSON with NaN as null, the report and the plots', () => {
    const dir = tempDir();
    const written = writeSuiteOutputs(dir, { suite: 'test', seed: 1, quick: true, config: { n: 3 }, metrics: { auc: Number.NaN, xs: Float32Array.of(1, 2) }, measurements: {}, run }, report);
    const parsed = MetricsFile.parse(JSON.parse(readFileSync(written.metricsPath, 'utf8')));
    expect(parsed.metrics).toEqual({ auc: null, xs: [1, 2] });
    expect(parsed.plots).toEqual(['p.svg']);
    const md = readFileSync(written.reportPath, 'utf8');
    expect(md).toContain('![a plot](p.svg)');
    expect(md).toContain('error \\| max');
    expect(md).toContain('## About this suite');
    expect(readFileSync(join(dir, 'p.svg'), 'utf8')).toContain('<svg');
  });

  it('rejects a bad suite name and duplicate plot files', () => {
    const dir = tempDir();
    expect(() => writeSuiteOutputs(dir, { suite: 'Bad Name', seed: 1, quick: true, config: {}, metrics: {}, measurements: {}, run }, report)).toThrow(InvalidArgumentError);
    const twice = { ...report, sections: [...report.sections, ...report.sections] };
    expect(() => writeSuiteOutputs(dir, { suite: 'ok', seed: 1, quick: true, config: {}, metrics: {}, measurements: {}, run }, twice)).toThrow(/p\.svg/);
  });

  it('toJsonData refuses functions and cycles', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => toJsonData(cycle)).toThrow(TypeError);
    expect(() => toJsonData({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('README headline', () => {
  it('replaces only the text between the suite markers and is idempotent', () => {
    const { start, end } = headlineMarkers('he');
    const readme = `# Vigil\n\n## Measured results\n\n${start}\nold\n${end}\n\n<!-- vigil:headline:other:start -->\nkeep\n<!-- vigil:headline:other:end -->\n`;
    const path = join(tempDir(), 'README.md');
    writeFileSync(path, readme);
    const block = renderHeadlineBlock('he', report.headline, { seed: 42, finishedAt: run.finishedAt });
    expect(updateHeadline(path, 'he', block)).toBe(true);
    const once = readFileSync(path, 'utf8');
    expect(once).toContain('`vigil eval he --seed 42` (2025-01-01)');
    expect(once).not.toContain('old');
    expect(once).toContain('keep');
    expect(once.startsWith('# Vigil\n\n## Measured results\n\n')).toBe(true);
    expect(updateHeadline(path, 'he', block)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(once);
    expect(updateHeadline(path, 'absent', block)).toBe(false);
  });

  it('refuses malformed markers', () => {
    const { start, end } = headlineMarkers('x');
    expect(() => replaceHeadline(`${start}\n`, 'x', 'b')).toThrow(InvalidArgumentError);
    expect(() => replaceHeadline(`${end}\n${start}`, 'x', 'b')).toThrow(/before/);
    expect(() => replaceHeadline(`${start}${end}${start}${end}`, 'x', 'b')).toThrow(/twice/);
  });
});
