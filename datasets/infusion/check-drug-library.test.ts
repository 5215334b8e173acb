import { describe, expect, it } from 'vitest';
import { DoseCommand } from '../records.js';
import { checkDrugLibrary } from './check-drug-library.js';
import { DEFAULT_DRUG_LIBRARY, doseToRateMlPerHour, findDrugEntry, type CareArea } from './drug-library.js';

function infusion(kind: 'INFUSION_RATE' | 'INFUSION_BOLUS', drugId: string, careArea: string, dose: number, rateMlPerHour: number, durationMinutes = 0): DoseCommand {
  return DoseCommand.parse({
    commandId: 'cmd-1', patientId: 'p-00000001', deviceId: 'inf-1', issuerId: 'emr-1', counter: 1, issuedAtMs: 0, kind, units: dose,
    durationMinutes, infusion: { drugId, careArea, dose, doseUnit: 'x', rateMlPerHour },
  });
}

describe('checkDrugLibrary', () => {
  it.each([
    ['icu', 10, 'within'],
    ['icu', 25, 'soft-breach'],
    ['icu', 0.5, 'soft-breach'],
    ['icu', 31, 'hard-breach'],
    ['med-surg', 25, 'soft-breach'],
    ['med-surg', 300, 'hard-breach'],
  ] as const)('IV insulin in %s at %s unit/h is %s (sourced 1–20 soft, 30 hard)', (careArea, dose, status) => {
    const result = checkDrugLibrary(infusion('INFUSION_RATE', 'insulin-regular-iv', careArea, dose, dose), DEFAULT_DRUG_LIBRARY);
    expect(result.status).toBe(status);
  });

  it('names the breached limit: quantity, severity, bound and value', () => {
    const result = checkDrugLibrary(infusion('INFUSION_RATE', 'insulin-regular-iv', 'icu', 31, 31), DEFAULT_DRUG_LIBRARY);
    expect(result.status).toBe('hard-breach');
    if (result.status !== 'hard-breach') return;
    expect(result.breaches).toContainEqual({ quantity: 'dose', severity: 'hard', bound: 'max', limit: 30, value: 31, unit: 'unit/h' });
    expect(result.breaches).toContainEqual(expect.objectContaining({ quantity: 'dose', severity: 'soft', bound: 'max', limit: 20 }));
  });

  it('uses the paediatric weight-based profile: 0.5 unit/kg/h is soft, 1 unit/kg/h is hard', () => {
    expect(checkDrugLibrary(infusion('INFUSION_RATE', 'insulin-regular-iv', 'paediatrics', 0.1, 3), DEFAULT_DRUG_LIBRARY).status).toBe('within');
    expect(checkDrugLibrary(infusion('INFUSION_RATE', 'insulin-regular-iv', 'paediatrics', 0.5, 15), DEFAULT_DRUG_LIBRARY).status).toBe('soft-breach');
    expect(checkDrugLibrary(infusion('INFUSION_RATE', 'insulin-regular-iv', 'paediatrics', 1, 30), DEFAULT_DRUG_LIBRARY).status).toBe('hard-breach');
  });

  it('checks boluses: heparin 70 unit/kg is past the 62 unit/kg hard max; insulin 12 units is a soft breach', () => {
    expect(checkDrugLibrary(infusion('INFUSION_BOLUS', 'heparin', 'icu', 30, 600, 10), DEFAULT_DRUG_LIBRARY).status).toBe('within');
    expect(checkDrugLibrary(infusion('INFUSION_BOLUS', 'heparin', 'icu', 50, 600, 10), DEFAULT_DRUG_LIBRARY).status).toBe('soft-breach');
    expect(checkDrugLibrary(infusion('INFUSION_BOLUS', 'heparin', 'icu', 70, 600, 10), DEFAULT_DRUG_LIBRARY).status).toBe('hard-breach');
    expect(checkDrugLibrary(infusion('INFUSION_BOLUS', 'insulin-regular-iv', 'icu', 12, 144, 5), DEFAULT_DRUG_LIBRARY).status).toBe('soft-breach');
    // 10 units pushed in 0.5 min is 20 unit/min, past the 15 unit/min bolus-rate hard max.
    const fast = checkDrugLibrary(infusion('INFUSION_BOLUS', 'insulin-regular-iv', 'icu', 10, 999, 0), DEFAULT_DRUG_LIBRARY);
    expect(fast.status).toBe('within'); // no duration: the rate limit cannot be computed, the pump ceiling holds
    expect(checkDrugLibrary(infusion('INFUSION_BOLUS', 'norepinephrine', 'icu', 5, 10, 5), DEFAULT_DRUG_LIBRARY).status).toBe('hard-breach');
  });

  it('enforces the care area rate ceiling (999 mL/h adult, 250 mL/h paediatrics)', () => {
    expect(checkDrugLibrary(infusion('INFUSION_RATE', 'sodium-chloride-0.9', 'icu', 100, 1200), DEFAULT_DRUG_LIBRARY).status).toBe('hard-breach');
    expect(checkDrugLibrary(infusion('INFUSION_RATE', 'sodium-chloride-0.9', 'paediatrics', 80, 80), DEFAULT_DRUG_LIBRARY).status).toBe('within');
    expect(checkDrugLibrary(infusion('INFUSION_RATE', 'sodium-chloride-0.9', 'paediatrics', 240, 240), DEFAULT_DRUG_LIBRARY).status).toBe('soft-breach');
  });

  it('reports drugs outside the care area profile and non-infusion commands', () => {
    expect(checkDrugLibrary(infusion('INFUSION_RATE', 'norepinephrine', 'med-surg', 0.1, 30), DEFAULT_DRUG_LIBRARY).status).toBe('not-in-library');
    const bolus = DoseCommand.parse({ commandId: 'c', patientId: 'p-00000001', deviceId: 'd', issuerId: 'i', counter: 0, issuedAtMs: 0, kind: 'BOLUS', units: 3 });
    expect(checkDrugLibrary(bolus, DEFAULT_DRUG_LIBRARY).status).toBe('not-applicable');
  });

  it('treats stopping an infusion (dose 0) as within', () => {
    expect(checkDrugLibrary(infusion('INFUSION_RATE', 'heparin', 'icu', 0, 0), DEFAULT_DRUG_LIBRARY).status).toBe('within');
  });

  it('converts doses to pump rates for every dose unit', () => {
    const rate = (drug: string, area: CareArea, dose: number, kg?: number) => doseToRateMlPerHour(findDrugEntry(DEFAULT_DRUG_LIBRARY, drug, area)!, dose, kg);
    expect(rate('insulin-regular-iv', 'icu', 5)).toBe(5);
    expect(rate('heparin', 'icu', 18, 80)).toBeCloseTo(28.8);
    expect(rate('norepinephrine', 'icu', 0.1, 80)).toBeCloseTo(30);
    expect(rate('morphine', 'paediatrics', 20, 30)).toBeCloseTo(0.6);
    expect(() => rate('heparin', 'icu', 18)).toThrow(RangeError);
  });
});
