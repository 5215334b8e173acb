import { describe, expect, it } from 'vitest';
import { barChart, binValues, glucoseTracePlot, histogram, lineChart, linearScale, linearTicks, logScale, niceDomain, prPlot, reliabilityPlot, rocPlot } from './index.js';
import { checkSvg } from './svg-check.js';

const numbers = (values: string[] | undefined) => (values ?? []).map(Number);

describe('svg-check', () => {
  it('rejects unbalanced tags, bad escapes and stray text', () => {
    expect(() => checkSvg('<svg><g></svg>')).toThrow(/closes/);
    expect(() => checkSvg('<svg><text>a & b</text></svg>')).toThrow(/unescaped/);
    expect(() => checkSvg('<svg></svg><svg></svg>')).toThrow(/root/);
    expect(checkSvg('<svg><text x="1">a &amp; b</text></svg>').texts).toEqual(['a &amp; b']);
  });
});

describe('scales', () => {
  it('linear ticks are increasing, nice and inside the domain', () => {
    const ticks = linearTicks(0.13, 9.7, 5);
    expect(ticks).toEqual([2, 4, 6, 8]);
    expect(niceDomain([0.13, 9.7])).toEqual([0, 10]);
    expect(niceDomain(null)).toEqual([0, 1]);
    expect(niceDomain([5, 5])[0]).toBeLessThan(5);
  });

  it('maps monotonically, including log scales with 1-2-5 ticks', () => {
    const y = linearScale([0, 100], [400, 0]);
    expect(y(0)).toBe(400);
    expect(y(50)).toBe(200);
    const x = logScale([0.1, 100], [0, 300]);
    const ticks = x.ticks();
    expect(ticks[0]).toBe(0.1);
    for (let i = 1; i < ticks.length; i++) expect(x(ticks[i]!)).toBeGreaterThan(x(ticks[i - 1]!));
    expect(Number.isNaN(x(0))).toBe(true);
    expect(() => logScale([0, 1], [0, 1])).toThrow(RangeError);
  });
});

describe('lineChart', () => {
  it('draws one path per series, a legend, monotone axes, and breaks lines at NaN', () => {
    const svg = lineChart({
      title: 'Round time <vs> nodes & "weights"', xLabel: 'Nodes', yLabel: 'Time (ms)',
      series: [{ name: 'a', x: [0, 1, 2, 3], y: [1, Number.NaN, 3, 4] }, { name: 'b', x: [0, 3], y: [2, 2], step: true }],
    });
    const parsed = checkSvg(svg);
    const paths = parsed.attributes.d!.filter((d) => d.startsWith('M'));
    expect(paths.some((d) => (d.match(/M/g) ?? []).length === 2)).toBe(true); // the NaN split series a
    expect(parsed.texts).toContain('Round time &lt;vs&gt; nodes &amp; &quot;weights&quot;');
    expect(parsed.texts).toEqual(expect.arrayContaining(['a', 'b', 'Nodes', 'Time (ms)']));
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('survives empty and all-NaN data', () => {
    for (const y of [[], [Number.NaN, Number.NaN]]) {
      const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', x: y.map((_, i) => i), y }] });
      expect(() => checkSvg(svg)).not.toThrow();
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
  });
});

describe('classifier plots', () => {
  it('ROC has the chance diagonal and both axes on [0, 1] with increasing ticks', () => {
    const svg = rocPlot({ title: 'ROC', curves: [{ name: 'model', falsePositiveRate: [0, 0.2, 1], truePositiveRate: [0, 0.8, 1], auroc: 0.8 }] });
    const parsed = checkSvg(svg);
    expect(parsed.texts).toEqual(expect.arrayContaining(['model (AUROC 0.800)', 'chance']));
    // Tick labels of the x axis (text-anchor middle, numeric) increase left to right.
    const xTicks = parsed.texts.filter((t) => /^[0-9.]+$/.test(t)).map(Number);
    expect(xTicks).toContain(0);
    expect(xTicks).toContain(1);
  });

  it('PR draws the prevalence baseline; reliability draws count bars for non-empty bins only', () => {
    const pr = checkSvg(prPlot({ title: 'PR', prevalence: 0.25, curves: [{ name: 'm', recall: [0, 1], precision: [1, 0.25] }] }));
    expect(pr.texts).toContain('no skill (prevalence 0.25)');
    const bins = Array.from({ length: 10 }, (_, i) => ({ meanPredicted: i / 10 + 0.05, observedRate: i / 10, count: i < 3 ? 0 : 10 + i }));
    const rel = checkSvg(reliabilityPlot({ title: 'R', models: [{ name: 'm', bins, ece: 0.05 }] }));
    expect(rel.texts.filter((t) => /^1[3-9]$/.test(t))).toHaveLength(7);
    expect(rel.elements.circle).toBe(7);
  });
});

describe('histogram and bars', () => {
  it('bins on shared edges; log bins drop non-positive values', () => {
    const binned = binValues([[1, 10, 100, 0, -1, Number.NaN]], 2, true);
    expect(binned.edges[0]).toBeCloseTo(1);
    expect(binned.edges[2]).toBeCloseTo(100);
    expect(binned.counts[0]).toEqual([1, 2]);
    expect(binned.dropped).toBe(3);
    const svg = histogram({ title: 'Latency', xLabel: 'Latency (ms)', series: [{ name: 'unary', values: [0.5, 1, 2, 3, 0] }], logX: true, markers: [{ x: 2, label: 'p99' }] });
    expect(checkSvg(svg).texts.some((t) => t.includes('not shown'))).toBe(true);
  });

  it('grouped bars: one rect per finite value, error bars, rotated long labels', () => {
    const svg = barChart({ title: 'Hypos', yLabel: 'Events (count)', categories: ['bolus-tamper-outside-limits', 'b', 'c', 'd', 'e', 'f'], groups: [{ name: 'no gate', values: [3, 1, 1, 1, 1, 1] }, { name: 'gate', values: [0, Number.NaN, 1, 1, 1, 1], intervals: [[0, 1], null] }] });
    const parsed = checkSvg(svg);
    const heights = numbers(parsed.attributes.height);
    expect(heights.filter((h) => h > 0).length).toBeGreaterThanOrEqual(3 + 8);
    expect(svg).not.toMatch(/\d\.\d{3,}/); // coordinates are rounded
    expect(svg).toContain('rotate(-35)');
  });
});

describe('glucoseTracePlot', () => {
  it('shows thresholds, the attack window, verdict markers and clock ticks', () => {
    const bg = Float32Array.from({ length: 600 }, (_, i) => 120 - i / 10);
    const svg = glucoseTracePlot({ title: 'trace', runs: [{ name: 'no gate', glucoseMgDl: bg }], attackWindow: { startMinute: 100, endMinute: 160 }, verdicts: [{ minute: 100, verdict: 'REJECT' }, { minute: 50, verdict: 'ALLOW' }, { minute: 120, verdict: 'HOLD' }], startMinuteOfDay: 480 });
    const parsed = checkSvg(svg);
    expect(parsed.texts).toEqual(expect.arrayContaining(['54 mg/dL (severe low)', '70 / 180 mg/dL', 'attack window', 'gate: REJECT', 'gate: HOLD', 'gate: ALLOW', '08:00']));
  });
});
