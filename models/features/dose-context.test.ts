import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../common/errors/index.js';
import { ADULT, cgmSeries, command, DAY0, MIN, state } from '../testing/fixtures.js';
import { buildDoseContext, doseContextFeatures, doseContextVector, DOSE_CONTEXT_SPEC } from './dose-context.js';
import { featureSpecHash, validateFeatureRow } from './feature-spec.js';
import { insulinOnBoardFraction } from './insulin-on-board.js';
import { PatientStateTracker } from './patient-state.js';

const rising = cgmSeries(600, 720, (m) => 100 + (m - 600)); // +1 mg/dL per minute, 220 at 12:00

describe('dose context', () => {
  it('reads glucose, trends, carbs, boluses and predicts glucose after the dose from the correction factor', () => {
    const history = [command(0, 'BASAL_RATE', 0.8), command(480, 'BOLUS', 5)];
    const context = buildDoseContext(state(history, rising, [{ minute: 715, grams: 60 }]), command(720, 'BOLUS', 6));
    expect(context.glucoseMgDl).toBe(220);
    expect(context.trend15MgDl).toBe(15);
    expect(context.trend30MgDl).toBe(30);
    expect(context.carbsLast30MinG).toBe(60);
    expect(context.bolusesLast24h).toBe(1);
    expect(context.bolusesLast1h).toBe(0);
    expect(context.minutesSinceLastBolus).toBe(240);
    expect(context.insulinOnBoardU).toBeCloseTo(5 * insulinOnBoardFraction(240, 360, 75), 9);
    // 60 g / 10 + (220 − 110) / 45 − IOB
    expect(context.recommendedBolusU).toBeCloseTo(6 + 110 / 45 - context.insulinOnBoardU, 6);
    const cob = context.carbsOnBoardG;
    expect(context.predictedGlucoseMgDl).toBeCloseTo(220 - (context.insulinOnBoardU + 6) * 45 + (cob / 10) * 45, 6);
    expect(context.insulinTodayU).toBeCloseTo(5 + 0.8 * 12, 1);
  });

  it('ignores a stale CGM reading (older than 12 minutes)', () => {
    const context = buildDoseContext(state([], cgmSeries(600, 700, () => 150)), command(720, 'BOLUS', 1));
    expect(context.glucoseMgDl).toBeNull();
    const features = doseContextVector(context, ADULT);
    expect(features[DOSE_CONTEXT_SPEC.features.findIndex((f) => f.name === 'glucose_missing')]).toBe(1);
  });

  it('normalises by the patient: the same relative dose gives the same features for a child', () => {
    const child = { ...ADULT, ageGroup: 'child' as const, totalDailyInsulinU: 10, carbRatioGPerU: 40, correctionFactorMgDlPerU: 180, basalSchedule: [{ startMinute: 0, rateUPerHour: 0.2 }], limits: { ...ADULT.limits, maxBolusU: 17 / 4 } };
    const adult = doseContextFeatures(state([], rising, [{ minute: 715, grams: 60 }]), command(720, 'BOLUS', 6));
    const kid = doseContextFeatures({ ...state([], rising, [{ minute: 715, grams: 60 }]), profile: child }, command(720, 'BOLUS', 1.5));
    for (const name of ['bolus_per_tdi', 'bolus_per_max_bolus', 'carbs_last_30min', 'dose_insulin']) {
      const j = DOSE_CONTEXT_SPEC.features.findIndex((f) => f.name === name);
      expect(kid[j]).toBeCloseTo(adult[j]!, 5);
    }
  });

  it('is the same function live and in replay: the tracker state gives the features of the explicit state', () => {
    const commands = [command(0, 'BASAL_RATE', 0.8), command(300, 'BOLUS', 3), command(400, 'TEMP_BASAL', 0, 30)];
    const tracker = new PatientStateTracker(ADULT);
    for (const c of commands) tracker.addCommand(c);
    for (const r of rising) tracker.addCgm(r);
    tracker.addCarbs({ timestampMs: DAY0 + 715 * MIN, carbsG: 60 });
    const next = command(720, 'BOLUS', 6);
    expect(doseContextFeatures(tracker.snapshot(), next)).toEqual(doseContextFeatures(state(commands, rising, [{ minute: 715, grams: 60 }]), next));
  });

  it('rejects infusion commands and commands of another patient', () => {
    expect(() => buildDoseContext(state([], rising), command(720, 'INFUSION_RATE', 1))).toThrow(InvalidArgumentError);
    expect(() => buildDoseContext(state([], rising), { ...command(720, 'BOLUS', 1), patientId: 'p-ffffffff' })).toThrow(/patient/);
  });

  it('rejects NaN, Infinity and out-of-range feature values by name before any model sees them', () => {
    const row = doseContextFeatures(state([], rising), command(720, 'BOLUS', 2));
    expect(() => validateFeatureRow(DOSE_CONTEXT_SPEC, row)).not.toThrow();
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 99]) {
      const copy = Float32Array.from(row);
      copy[0] = bad;
      expect(() => validateFeatureRow(DOSE_CONTEXT_SPEC, copy)).toThrow(/is_bolus/);
    }
    expect(() => validateFeatureRow(DOSE_CONTEXT_SPEC, row.subarray(1))).toThrow(/expected 26 features/);
  });

  it('has a stable spec hash that changes with the definition', () => {
    expect(featureSpecHash(DOSE_CONTEXT_SPEC)).toMatch(/^[0-9a-f]{64}$/);
    expect(featureSpecHash({ ...DOSE_CONTEXT_SPEC, version: 2 })).not.toBe(featureSpecHash(DOSE_CONTEXT_SPEC));
  });
});
