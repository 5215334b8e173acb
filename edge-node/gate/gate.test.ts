import { afterAll, describe, expect, it } from 'vitest';
import { ReasonCode } from '../../proto/gen/vigil/v1/ReasonCode.js';
import type { DoseCommand } from '../../datasets/records.js';
import { DEFAULT_FRESHNESS } from './authenticity.js';
import type { PatientState } from './dose-context.js';
import { modelsDoseContextSource } from './models-context-source.js';
import { libraryDrugCheck } from './drug-library.js';
import { gateDose, type GateDecision, type GatePolicy, type GateRequest } from './gate.js';
import { DEFAULT_CEILINGS, DEFAULT_INFUSION_STEP } from './hard-limits.js';
import type { DoseScorer } from './model-stage.js';
import { DEFAULT_PHYSIOLOGY, hypoThresholdMgDl, isCoveredBolus } from './physiology.js';
import { ADULT_PROFILE, ISSUER_KEY, cgmRamp, signedCommand, steadyState } from './testing-fixtures.js';

const T0 = 1_700_000_000_000;
const seen = new Set<string>();
const withCarbs = (g = 150): PatientState => steadyState(T0, g, { carbs: [{ timestampMs: T0 - 5 * 60_000, carbsG: 30 }] });
const withRow: GatePolicy['contextSource'] = (s, c) => ({ ...modelsDoseContextSource(s, c), featureRow: [1, 2, 3] });
const scorer = (score: number | (() => number)): DoseScorer => ({
  version: 'a'.repeat(64), threshold: 1,
  score: () => ({ score: typeof score === 'number' ? score : score(), attributions: [{ feature: 'units', humanName: 'dose size', contribution: 0.8, value: 9 }] }),
});

function gate(command: Partial<DoseCommand> = {}, request: Partial<GateRequest> = {}, policy: Partial<GatePolicy> = {}): GateDecision {
  const decision = gateDose(
    {
      command: signedCommand(command), nowMs: T0 + 1_000, issuerKey: ISSUER_KEY, device: { patientId: ADULT_PROFILE.patientId, kind: 'insulin-pump' },
      patient: withCarbs(), lastCounter: 0, takeRateToken: () => true, ...request,
    },
    { contextSource: modelsDoseContextSource, drugLibrary: libraryDrugCheck, scorer: null, freshness: DEFAULT_FRESHNESS, ceilings: DEFAULT_CEILINGS, infusionStep: DEFAULT_INFUSION_STEP, physiology: DEFAULT_PHYSIOLOGY, ...policy },
  );
  for (const r of decision.reasons) seen.add(r.code);
  return decision;
}
const codes = (d: GateDecision) => d.reasons.map((r) => r.code);

describe('gateDose', () => {
  it('allows a normal meal bolus on rules only and says so', () => {
    const d = gate();
    expect(d.verdict).toBe('ALLOW');
    expect(d.modelStatus).toBe('RULES_ONLY_NO_MODEL');
    expect(codes(d)).toEqual(['REASON_MODEL_UNAVAILABLE']);
    expect(d.authentic).toBe(true);
  });

  describe('stage 1: authenticity and freshness (REJECT, model not consulted)', () => {
    const cases: [string, Partial<DoseCommand>, Partial<GateRequest>, string][] = [
      ['unknown issuer', {}, { issuerKey: null }, 'REASON_UNKNOWN_ISSUER'],
      ['unknown device', {}, { device: null }, 'REASON_UNKNOWN_DEVICE'],
      ['a device that is not a pump', {}, { device: { patientId: ADULT_PROFILE.patientId, kind: 'cgm' } }, 'REASON_UNKNOWN_DEVICE'],
      ["another patient's pump", {}, { device: { patientId: 'p-ffff0000', kind: 'insulin-pump' } }, 'REASON_UNKNOWN_DEVICE'],
      ['unknown patient', {}, { patient: null }, 'REASON_UNKNOWN_PATIENT'],
      ['a wrong key', {}, { issuerKey: new Uint8Array(16) }, 'REASON_BAD_AUTH_TAG'],
      ['a replayed counter', { counter: 5 }, { lastCounter: 5 }, 'REASON_REPLAYED_COUNTER'],
      ['an older counter', { counter: 4 }, { lastCounter: 5 }, 'REASON_REPLAYED_COUNTER'],
      ['a stale timestamp', {}, { nowMs: T0 + DEFAULT_FRESHNESS.maxAgeMs + 1 }, 'REASON_STALE_TIMESTAMP'],
      ['a future timestamp', {}, { nowMs: T0 - DEFAULT_FRESHNESS.maxFutureSkewMs - 1 }, 'REASON_FUTURE_TIMESTAMP'],
      ['an exhausted rate limit', {}, { takeRateToken: () => false }, 'REASON_RATE_LIMITED'],
    ];
    it.each(cases)('rejects %s', (_name, command, request, code) => {
      const d = gate(command, request, { scorer: scorer(0) });
      expect(d.verdict).toBe('REJECT');
      expect(codes(d)).toEqual([code]);
      expect(d.modelStatus).toBe('NOT_CONSULTED');
      expect(d.authentic).toBe(false);
    });

    it('rejects a command tampered after signing (units changed)', () => {
      const signed = signedCommand({ units: 2 });
      const d = gateDose({ command: { ...signed, units: 12 }, nowMs: T0, issuerKey: ISSUER_KEY, device: { patientId: ADULT_PROFILE.patientId, kind: 'insulin-pump' }, patient: withCarbs(), lastCounter: null, takeRateToken: () => true },
        { contextSource: modelsDoseContextSource, drugLibrary: libraryDrugCheck, scorer: null, freshness: DEFAULT_FRESHNESS, ceilings: DEFAULT_CEILINGS, infusionStep: DEFAULT_INFUSION_STEP, physiology: DEFAULT_PHYSIOLOGY });
      expect(codes(d)).toEqual(['REASON_BAD_AUTH_TAG']);
    });

    it('does not spend a rate token on a forged command', () => {
      let taken = 0;
      gate({}, { issuerKey: new Uint8Array(16), takeRateToken: () => (taken++, true) });
      expect(taken).toBe(0);
    });
  });

  describe('stage 2: hard limits', () => {
    it('rejects a bolus above the maximum', () => expect(codes(gate({ units: 20 }))).toContain('REASON_BOLUS_ABOVE_MAX'));
    it('rejects a basal rate above the maximum', () => expect(gate({ kind: 'BASAL_RATE', units: 12 }).verdict).toBe('REJECT'));
    it('names the basal limit', () => expect(codes(gate({ kind: 'BASAL_RATE', units: 12 }))).toContain('REASON_BASAL_ABOVE_MAX'));
    it('rejects a temp basal above oref0 max safe basal (min(max, 3×max daily, 4×current))', () => {
      const d = gate({ kind: 'TEMP_BASAL', units: 3.5, durationMinutes: 30 });
      expect(d.verdict).toBe('REJECT');
      expect(codes(d)).toContain('REASON_TEMP_BASAL_ABOVE_MAX_SAFE');
      expect(gate({ kind: 'TEMP_BASAL', units: 2.9, durationMinutes: 30 }).verdict).not.toBe('REJECT');
    });
    it('rejects a bolus that would push insulin on board above the maximum', () => {
      const commands = [10, 10].map((units, i) => ({ ...signedCommand({ units, counter: i + 1 }), issuedAtMs: T0 - (10 - i) * 60_000 }));
      const d = gate({ units: 5 }, { patient: { ...withCarbs(), commands, carbs: [{ timestampMs: T0, carbsG: 300 }] } });
      expect(d.verdict).toBe('REJECT');
      expect(codes(d)).toContain('REASON_INSULIN_ON_BOARD_ABOVE_MAX');
      expect(d.insulinOnBoardU).toBeGreaterThan(17);
    });
    it('rejects a bolus that would exceed the daily total', () => {
      const profile = { ...ADULT_PROFILE, limits: { ...ADULT_PROFILE.limits, maxDailyTotalU: 30 } };
      const d = gate({ units: 10 }, { patient: { ...withCarbs(), profile, carbs: [{ timestampMs: T0, carbsG: 100 }] } });
      expect(codes(d)).toContain('REASON_DAILY_TOTAL_ABOVE_MAX');
    });
    const infusion = (drugId: string, dose: number, doseUnit = 'unit/h') => ({ kind: 'INFUSION_RATE' as const, units: 0, infusion: { drugId, careArea: 'icu', dose, doseUnit, rateMlPerHour: dose } });
    it('holds an infusion above the drug-library soft limit', () => {
      const d = gate(infusion('insulin-regular-iv', 25));
      expect(d.verdict).toBe('HOLD');
      expect(codes(d)[0]).toBe('REASON_DRUG_SOFT_LIMIT');
    });
    it('rejects an infusion above the hard limit (a 10× rate)', () => expect(codes(gate(infusion('insulin-regular-iv', 100)))).toEqual(['REASON_DRUG_HARD_LIMIT']));
    it('rejects an infusion in the wrong unit, naming the field', () => {
      const d = gate(infusion('insulin-regular-iv', 5, 'mg/h'));
      expect(d.verdict).toBe('REJECT');
      expect(d.reasons[0]?.text).toMatch(/infusion\.doseUnit/);
    });
    it('rejects a drug not in the library', () => expect(codes(gate(infusion('propofol-10mg-ml', 5)))).toEqual(['REASON_DRUG_NOT_IN_LIBRARY']));
    it('allows an infusion within limits', () => expect(gate(infusion('insulin-regular-iv', 5)).verdict).toBe('ALLOW'));

    describe('an infusion rate many times the running one (inside the library)', () => {
      /** The patient's state with one delivered INFUSION_RATE order running. */
      const running = (dose: number, overrides: Partial<DoseCommand> = {}): Partial<GateRequest> => ({
        patient: { ...withCarbs(), commands: [{ ...signedCommand({ ...infusion('insulin-regular-iv', dose), commandId: 'c-0', issuedAtMs: T0 - 3_600_000, ...overrides }) }] },
      });
      it('holds ×10 from a low running rate, with the ratio in the text', () => {
        const d = gate(infusion('insulin-regular-iv', 10), running(1));
        expect(d.verdict).toBe('HOLD');
        expect(codes(d)).toEqual(['REASON_INFUSION_RATE_STEP', 'REASON_MODEL_UNAVAILABLE']);
        expect(d.reasons[0]?.text).toMatch(/10× the running 1 unit\/h/);
      });
      it('allows a titration step (2×) and the same ×10 with a higher configured factor', () => {
        expect(gate(infusion('insulin-regular-iv', 4), running(2)).verdict).toBe('ALLOW');
        expect(gate(infusion('insulin-regular-iv', 10), running(1), { infusionStep: { holdFactor: 12 } }).verdict).toBe('ALLOW');
      });
      it("ignores another pump's or another drug's order, a paused order, and one issued later", () => {
        expect(gate(infusion('insulin-regular-iv', 10), running(1, { deviceId: 'pump-2' })).verdict).toBe('ALLOW');
        expect(gate(infusion('insulin-regular-iv', 10), running(1, { infusion: { drugId: 'heparin-25000u-250ml', careArea: 'icu', dose: 1, doseUnit: 'unit/h', rateMlPerHour: 1 } })).verdict).toBe('ALLOW');
        expect(gate(infusion('insulin-regular-iv', 10), running(0)).verdict).toBe('ALLOW');
        expect(gate(infusion('insulin-regular-iv', 10), running(1, { issuedAtMs: T0 + 60_000 })).verdict).toBe('ALLOW');
      });
      it('adds to a soft-limit hold rather than replacing it', () => {
        expect(codes(gate(infusion('insulin-regular-iv', 25), running(2)))).toEqual(['REASON_DRUG_SOFT_LIMIT', 'REASON_INFUSION_RATE_STEP', 'REASON_MODEL_UNAVAILABLE']);
      });
    });
  });

  describe('stage 3: physiological context', () => {
    it('uses the oref0 hypo threshold', () => expect(hypoThresholdMgDl(100)).toBe(70));
    it('rejects insulin when glucose is below the hypo threshold', () => {
      const d = gate({}, { patient: steadyState(T0, 65) });
      expect(d.verdict).toBe('REJECT');
      expect(codes(d)).toContain('REASON_GLUCOSE_BELOW_HYPO_THRESHOLD');
    });
    it('holds a bolus that predicts hypoglycaemia (no carbs on board)', () => {
      const d = gate({ units: 2 }, { patient: steadyState(T0, 150) });
      expect(d.verdict).toBe('HOLD');
      expect(codes(d)).toContain('REASON_PREDICTED_HYPOGLYCAEMIA');
      expect(d.predictedGlucoseMgDl).toBeCloseTo(50, 0);
    });
    describe('a predicted low on a carb-covered bolus (gate.coveredBolusPredictedHypo)', () => {
      // 30 g announced 5 min ago at 150 mg/dL: 4 U is covered (30/10 + (150 − 100)/50); 2 U given 40 min ago is still on board.
      const earlier: DoseCommand = { commandId: 'earlier', patientId: ADULT_PROFILE.patientId, deviceId: 'pump-1', issuerId: 'aid-1', counter: 0, issuedAtMs: T0 - 40 * 60_000, kind: 'BOLUS', units: 2, durationMinutes: 0 };
      const patient = steadyState(T0, 150, { carbs: [{ timestampMs: T0 - 5 * 60_000, carbsG: 30 }], commands: [earlier] });
      const warn = { physiology: { ...DEFAULT_PHYSIOLOGY, coveredBolusPredictedHypo: 'warn' as const } };
      it('holds by default', () => {
        const d = gate({ units: 4 }, { patient });
        expect(d.verdict).toBe('HOLD');
        expect(codes(d)).toEqual(['REASON_PREDICTED_HYPOGLYCAEMIA', 'REASON_MODEL_UNAVAILABLE']);
      });
      it('with warn, allows the covered bolus and attaches the reason', () => {
        const d = gate({ units: 4 }, { patient }, warn);
        expect(d.verdict).toBe('ALLOW');
        expect(codes(d)).toContain('REASON_PREDICTED_HYPOGLYCAEMIA');
        expect(d.reasons.find((r) => r.code === 'REASON_PREDICTED_HYPOGLYCAEMIA')!.text).toMatch(/allowed with this warning/);
      });
      it('with warn, still holds a bolus beyond the carbs and glucose, and a temp basal', () => {
        expect(gate({ units: 5 }, { patient }, warn).verdict).toBe('HOLD');
        const basal = gate({ kind: 'TEMP_BASAL', units: 2, durationMinutes: 120 }, { patient: steadyState(T0, 150, { commands: [earlier] }) }, warn);
        expect(basal.verdict).toBe('HOLD');
        expect(codes(basal)).toContain('REASON_PREDICTED_HYPOGLYCAEMIA');
      });
      it('with warn, holds a second bolus for a meal already bolused for (a duplicated meal bolus)', () => {
        // The 30 g were bolused for 4 min ago; 2 U more predicts a low, but not one that calls for a suspend.
        const mealBolus: DoseCommand = { ...earlier, commandId: 'meal', issuedAtMs: T0 - 4 * 60_000, units: 4 };
        const d = gate({ units: 2 }, { patient: { ...patient, commands: [mealBolus] } }, warn);
        expect(d.verdict).toBe('HOLD');
        expect(codes(d)).toEqual(['REASON_PREDICTED_HYPOGLYCAEMIA', 'REASON_MODEL_UNAVAILABLE']);
      });
    });
    it('holds insulin when glucose falls fast', () => {
      const patient = { ...withCarbs(), cgm: cgmRamp(T0 - 60_000, 300, 170) };
      expect(codes(gate({}, { patient }))).toContain('REASON_GLUCOSE_FALLING_FAST');
    });
    it('holds insulin without a recent CGM reading', () => {
      const d = gate({}, { patient: { ...withCarbs(), cgm: [] } });
      expect(d.verdict).toBe('HOLD');
      expect(codes(d)).toContain('REASON_NO_RECENT_GLUCOSE');
    });
    it('recommends suspending when glucose is severely low, and rejects insulin', () => {
      const d = gate({}, { patient: steadyState(T0, 50) });
      expect(d.suspendRecommended).toBe(true);
      expect(codes(d)).toEqual(expect.arrayContaining(['REASON_SUSPEND_RECOMMENDED', 'REASON_GLUCOSE_BELOW_HYPO_THRESHOLD']));
      expect(d.verdict).toBe('REJECT');
    });
    it('lets a suspend through at low glucose (withholding insulin cannot cause a hypo)', () => {
      const d = gate({ kind: 'SUSPEND', units: 0, durationMinutes: 30 }, { patient: steadyState(T0, 65) });
      expect(d.verdict).toBe('ALLOW');
    });
  });

  describe('stage 4: the model', () => {
    it('holds a command scored above the threshold, with attributions and version', () => {
      const d = gate({}, {}, { scorer: scorer(5), contextSource: withRow });
      expect(d).toMatchObject({ verdict: 'HOLD', modelStatus: 'ACTIVE', anomalyScore: 5, anomalyThreshold: 1, modelVersion: 'a'.repeat(64) });
      expect(codes(d)).toEqual(['REASON_ANOMALY_SCORE_ABOVE_THRESHOLD']);
      expect(d.attributions[0]?.feature).toBe('units');
    });
    it('allows a command scored below the threshold', () => expect(gate({}, {}, { scorer: scorer(0.2), contextSource: withRow })).toMatchObject({ verdict: 'ALLOW', modelStatus: 'ACTIVE', reasons: [] }));
    it('degrades to rules only when the scorer throws', () => {
      const d = gate({}, {}, { scorer: scorer(() => { throw new Error('tensor shape'); }), contextSource: withRow });
      expect(d).toMatchObject({ verdict: 'ALLOW', modelStatus: 'RULES_ONLY_MODEL_FAILED', modelVersion: '' });
      expect(codes(d)).toEqual(['REASON_MODEL_UNAVAILABLE']);
      expect(d.modelFailure).toBeInstanceOf(Error);
    });
    it('degrades when the score is NaN', () => expect(gate({}, {}, { scorer: scorer(Number.NaN), contextSource: withRow }).modelStatus).toBe('RULES_ONLY_MODEL_FAILED'));
    it('a later stage only tightens: a stage-3 HOLD stays HOLD under a low model score', () => {
      const d = gate({ units: 2 }, { patient: steadyState(T0, 150) }, { scorer: scorer(0), contextSource: withRow });
      expect(d.verdict).toBe('HOLD');
    });
    it('a stage-2 REJECT skips the model', () => {
      const d = gate({ units: 25 }, {}, { scorer: scorer(0), contextSource: withRow });
      expect(d).toMatchObject({ verdict: 'REJECT', modelStatus: 'NOT_CONSULTED' });
    });
    it('a throwing context source holds instead of failing open', () => {
      const d = gate({}, {}, { contextSource: () => { throw new Error('bad state'); } });
      expect(d.verdict).toBe('HOLD');
    });
  });

  afterAll(() => {
    // Every code of the gate's stages is reachable here; DUPLICATE_COMMAND is the service's (gate-runner tests).
    const expected = Object.keys(ReasonCode).filter((c) => c !== 'REASON_UNSPECIFIED' && c !== 'REASON_DUPLICATE_COMMAND');
    expect(expected.filter((c) => !seen.has(c))).toEqual([]);
  });

  describe('isCoveredBolus (the anomaly evaluation\'s split of predicted-hypoglycaemia holds)', () => {
    // ADULT_PROFILE: carb ratio 10 g/U, correction factor 50 mg/dL/U, target low 100 mg/dL.
    const context = (doseInsulinU: number, carbsLast30MinG: number, glucoseMgDl: number | null = 150, bolusLast30MinU = 0) => ({
      glucoseMgDl, trend15MgDl: 0, insulinOnBoardU: 3, carbsOnBoardG: carbsLast30MinG, carbsLast30MinG, bolusLast30MinU, insulinLast24hU: 40, doseInsulinU, predictedGlucoseMgDl: 60,
    });
    it('covers the carbs plus a correction from the target range\'s low end, insulin on board aside', () => {
      expect(isCoveredBolus(ADULT_PROFILE, context(3 + 1, 30), 'BOLUS')).toBe(true); // 30 g / 10 + (150 − 100) / 50
      expect(isCoveredBolus(ADULT_PROFILE, context(4.1, 30), 'BOLUS')).toBe(true); // within the 0.1-U rounding tolerance
      expect(isCoveredBolus(ADULT_PROFILE, context(4.2, 30), 'BOLUS')).toBe(false);
      expect(isCoveredBolus(ADULT_PROFILE, context(3, 30, 80), 'BOLUS')).toBe(true); // below target: no negative correction
    });
    it('never covers a bolus without carbs at or below target, a bolus without glucose, or a basal change', () => {
      expect(isCoveredBolus(ADULT_PROFILE, context(2, 0, 95), 'BOLUS')).toBe(false);
      expect(isCoveredBolus(ADULT_PROFILE, context(1, 30, null), 'BOLUS')).toBe(false);
      expect(isCoveredBolus(ADULT_PROFILE, context(0.5, 30), 'TEMP_BASAL')).toBe(false);
    });
    it('counts the boluses of the last 30 min against the cover: a second bolus for the same meal is not covered', () => {
      expect(isCoveredBolus(ADULT_PROFILE, context(4, 30, 150, 4), 'BOLUS')).toBe(false); // the meal was bolused for already
      expect(isCoveredBolus(ADULT_PROFILE, context(2, 30, 150, 2), 'BOLUS')).toBe(true); // a split bolus: 2 + 2 ≤ 4
      expect(isCoveredBolus(ADULT_PROFILE, context(2, 30, 150, 2.2), 'BOLUS')).toBe(false);
    });
  });
});
