import { describe, expect, it } from 'vitest';
import { loadPumpParams } from '../devices/insulin-pump.js';
import { loadVirtualPatients } from '../patient/params.js';
import { createRandom } from '../random.js';
import { DoseCommand } from '../records.js';
import { TherapyController, type ControllerInput } from './controller.js';
import { buildPatientProfile } from './profile.js';

const pump = loadPumpParams().get('Insulet')!;
const patients = loadVirtualPatients();
const adult = patients.find((p) => p.name === 'adult#001')!;
const profile = buildPatientProfile(adult, { random: createRandom('profile') });
const base: ControllerInput = {
  nowMs: 1_000 * 60_000, minuteOfDay: 600, cgm: null, cgmDeltaMgDl: null, insulinOnBoardU: () => 0, mealBolusCarbsG: null, exerciseTempBasalMinutes: null,
};
const make = () => new TherapyController(profile, pump, { patientId: profile.patientId, pumpDeviceId: 'pump-1', issuerId: 'app-1' }, createRandom('c'));

describe('therapy controller', () => {
  it('boluses grams / carb ratio, rounded to the pump increment, as a valid DoseCommand', () => {
    const [bolus] = make().decide({ ...base, mealBolusCarbsG: 47, cgm: { glucoseMgDl: 120, timestampMs: base.nowMs } });
    expect(bolus!.kind).toBe('BOLUS');
    expect(bolus!.units).toBe(Math.round(47 / profile.carbRatioGPerU / 0.05) * 0.05);
    expect(() => DoseCommand.parse(bolus)).not.toThrow();
  });

  it('adds (CGM − 140)/CF above 150 mg/dL, minus insulin on board', () => {
    const cgm = { glucoseMgDl: 240, timestampMs: base.nowMs };
    const [withCorrection] = make().decide({ ...base, mealBolusCarbsG: 50, cgm });
    const expected = 50 / profile.carbRatioGPerU + 100 / profile.correctionFactorMgDlPerU;
    expect(withCorrection!.units).toBeCloseTo(Math.round(expected / 0.05) * 0.05, 5);
    const [withIob] = make().decide({ ...base, mealBolusCarbsG: 50, cgm, insulinOnBoardU: () => 2 });
    expect(withIob!.units).toBeCloseTo(Math.round((expected - 2) / 0.05) * 0.05, 5);
  });

  it('corrects a high without a meal only when insulin on board does not already cover it', () => {
    const cgm = { glucoseMgDl: 260, timestampMs: base.nowMs };
    const [correction] = make().decide({ ...base, cgm });
    expect(correction!.units).toBeCloseTo(Math.round(((260 - profile.targetHighMgDl) / profile.correctionFactorMgDlPerU) / 0.05) * 0.05, 5);
    expect(make().decide({ ...base, cgm, insulinOnBoardU: () => 20 }).filter((c) => c.kind === 'BOLUS')).toHaveLength(0);
  });

  it('never exceeds the profile max bolus; sends a zero temp basal on a falling low; counters are monotonic', () => {
    const controller = make();
    const [big] = controller.decide({ ...base, mealBolusCarbsG: 1000 });
    expect(big!.units).toBe(profile.limits.maxBolusU);
    const low = controller.decide({ ...base, nowMs: base.nowMs + 5 * 60_000, cgm: { glucoseMgDl: 65, timestampMs: base.nowMs + 5 * 60_000 }, cgmDeltaMgDl: -10 });
    expect(low).toMatchObject([{ kind: 'TEMP_BASAL', units: 0, durationMinutes: 30 }]);
    const basal = controller.decide({ ...base, minuteOfDay: 0 });
    expect(basal[0]!.kind).toBe('BASAL_RATE');
    expect([big!.counter, low[0]!.counter, basal[0]!.counter]).toEqual([0, 1, 2]);
  });
});
