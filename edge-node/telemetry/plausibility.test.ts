import { describe, expect, it } from 'vitest';
import { plausibilityFindings, type TelemetryWindowInput } from './plausibility.js';

const normal = (): TelemetryWindowInput => ({
  cgmMgDl: Array.from({ length: 60 }, (_, i) => 120 + Math.sin(i / 5) * 10 + (i % 3)),
  deliveredU: Array(60).fill(0.015), commandedU: Array(60).fill(0.015), linePressureKpa: Array(60).fill(20), heartRateBpm: Array(60).fill(70),
});

describe('plausibilityFindings', () => {
  it('finds nothing in a normal window', () => expect(plausibilityFindings(normal())).toEqual([]));
  it('flags glucose changing faster than 4 mg/dL/min (across gaps per minute)', () => {
    const w = normal();
    (w.cgmMgDl as number[])[30] = 200;
    expect(plausibilityFindings(w)).toContain('TELEMETRY_FINDING_RAPID_GLUCOSE_CHANGE');
  });
  it('flags a frozen CGM', () => expect(plausibilityFindings({ ...normal(), cgmMgDl: Array(60).fill(110) })).toContain('TELEMETRY_FINDING_FROZEN_CGM'));
  it('flags dropout', () => expect(plausibilityFindings({ ...normal(), cgmMgDl: normal().cgmMgDl.map((g, i) => (i % 2 ? 0 : g)) })).toContain('TELEMETRY_FINDING_CGM_DROPOUT'));
  it('flags an occlusion', () => {
    const w = { ...normal(), deliveredU: Array(60).fill(0), linePressureKpa: Array(60).fill(180) };
    expect(plausibilityFindings(w)).toEqual(['TELEMETRY_FINDING_OCCLUSION']);
  });
  it('flags free flow', () => {
    const w = { ...normal(), deliveredU: Array(60).fill(0.2), linePressureKpa: Array(60).fill(0) };
    expect(plausibilityFindings(w)).toEqual(['TELEMETRY_FINDING_FREE_FLOW']);
  });
});
