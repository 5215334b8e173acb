import { describe, expect, it } from 'vitest';
import type { HeartRateSample, PumpTelemetry } from '../../datasets/records.js';
import { ADULT, cgmSeries, DAY0, MIN } from '../testing/fixtures.js';
import { validateFeatureRow } from './feature-spec.js';
import { telemetryWindowFeatures, TELEMETRY_WINDOW_SPEC } from './telemetry-window.js';

const END = DAY0 + 600 * MIN;
const pump = (reservoir: (m: number) => number, delivered = 0.8 / 60): PumpTelemetry[] =>
  Array.from({ length: 60 }, (_, k) => ({ patientId: ADULT.patientId, deviceId: 'pump-1', timestampMs: END - (60 - k) * MIN, deliveredU: delivered, reservoirU: reservoir(k), occlusionPressureKpa: 8, doseCounter: 0 }));
const heart: HeartRateSample[] = Array.from({ length: 60 }, (_, k) => ({ patientId: ADULT.patientId, deviceId: 'hr', timestampMs: END - (60 - k) * MIN, beatsPerMinute: 70 + (k % 3) }));
const value = (row: Float32Array, name: string) => row[TELEMETRY_WINDOW_SPEC.features.findIndex((f) => f.name === name)]!;

describe('telemetry window', () => {
  it('bins the last hour and exposes frozen CGM, missing readings and unexplained reservoir loss', () => {
    const normal = telemetryWindowFeatures({ profile: ADULT, endMs: END, cgm: cgmSeries(540, 595, (m) => 100 + m / 10), pump: pump((k) => 100 - k * (0.8 / 60)), heartRate: heart });
    validateFeatureRow(TELEMETRY_WINDOW_SPEC, normal);
    expect(value(normal, 'cgm_flat_fraction')).toBe(0);
    expect(value(normal, 'cgm_missing_fraction')).toBe(0);
    expect(Math.abs(value(normal, 'reservoir_unexplained_loss'))).toBeLessThan(1e-6);
    expect(value(normal, 'cgm_5min_ago')).toBeCloseTo((159.5 - 120) / 60, 5);

    const frozen = telemetryWindowFeatures({ profile: ADULT, endMs: END, cgm: cgmSeries(540, 595, () => 123), pump: pump((k) => 100 - k * 0.05), heartRate: heart });
    expect(value(frozen, 'cgm_flat_fraction')).toBe(1);
    expect(value(frozen, 'reservoir_unexplained_loss')).toBeGreaterThan(1); // a leak: the reservoir falls faster than delivery

    const gaps = telemetryWindowFeatures({ profile: ADULT, endMs: END, cgm: cgmSeries(540, 565, () => 150), pump: pump(() => 100), heartRate: [] });
    expect(value(gaps, 'cgm_missing_fraction')).toBeCloseTo(6 / 12, 9);
    expect(value(gaps, 'cgm_5min_ago')).toBeCloseTo(0.5, 9); // forward-filled
  });

  it('treats a reservoir change as explained (stays in range)', () => {
    const row = telemetryWindowFeatures({ profile: ADULT, endMs: END, cgm: cgmSeries(540, 595, () => 120), pump: pump((k) => (k < 30 ? 5 : 200)), heartRate: heart });
    expect(() => validateFeatureRow(TELEMETRY_WINDOW_SPEC, row)).not.toThrow();
    expect(value(row, 'reservoir_unexplained_loss')).toBe(0);
  });
});
