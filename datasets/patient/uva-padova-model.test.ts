import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { uvaPadovaPath } from '../shared-data.js';
import { loadVirtualPatients } from './params.js';
import { UvaPadovaPatient, basalUPerMin, simulateTrace, type TraceInput } from './uva-padova-model.js';

const patients = loadVirtualPatients();
const REFERENCES = ['adolescent-001', 'adult-001', 'adult-004', 'child-001'] as const;

function readNumbers(file: string): number[][] {
  return readFileSync(uvaPadovaPath(`reference/${file}`), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
}

/** Mean absolute relative difference (%) over minutes where the reference BG is above 40 mg/dL. */
function mardPercent(ours: readonly number[], reference: readonly number[]): number {
  let sum = 0;
  let count = 0;
  reference.forEach((expected, i) => {
    if (expected > 40) {
      sum += Math.abs((ours[i] ?? Number.NaN) - expected) / expected;
      count++;
    }
  });
  return (100 * sum) / count;
}

describe('UVA/Padova model against the peer traces', () => {
  for (const name of REFERENCES) {
    it(`${name}: MARD of plasma and subcutaneous glucose ≤ 1%`, () => {
      // Arrange
      const params = patients.find((p) => p.name === name.replace('-', '#'))!.params;
      const inputs: TraceInput[] = readNumbers(`${name}.input.csv`).map(([minute, choG, insulinUPerMin]) => ({ minute: minute!, choG: choG!, insulinUPerMin: insulinUPerMin! }));
      const expected = readNumbers(`${name}.expected.csv`);
      // Act
      const rows = simulateTrace(params, inputs);
      // Assert
      const bgMard = mardPercent(rows.map((r) => r.bgMgDl), expected.map((r) => r[1]!));
      const scMard = mardPercent(rows.map((r) => r.scGlucoseMgDl), expected.map((r) => r[2]!));
      console.log(`${name}: MARD BG ${bgMard.toExponential(2)} %, SC ${scMard.toExponential(2)} % over ${rows.length} minutes`);
      expect(rows).toHaveLength(expected.length);
      expect(bgMard).toBeLessThanOrEqual(1);
      expect(scMard).toBeLessThanOrEqual(1);
    });
  }
});

describe('UVA/Padova model on held-out patients', () => {
  const heldOut = patients.filter((p) => !REFERENCES.includes(p.name.replace('#', '-') as (typeof REFERENCES)[number]));

  it('stays at basal glucose for 24 h on steady-state basal insulin (all held-out patients)', () => {
    for (const { name, params } of heldOut) {
      const patient = new UvaPadovaPatient(params);
      const start = patient.bloodGlucoseMgDl;
      let worst = 0;
      for (let minute = 0; minute < 1440; minute++) {
        patient.step(0, basalUPerMin(params));
        worst = Math.max(worst, Math.abs(patient.bloodGlucoseMgDl - start));
      }
      expect(Math.abs(start - params.Gb), name).toBeLessThan(0.01);
      expect(worst, name).toBeLessThan(1e-3);
    }
  });

  it('rises after an unbolused meal, falls after insulin without food, and never goes negative', () => {
    for (const { name, params } of heldOut) {
      const basal = basalUPerMin(params);
      const fed = new UvaPadovaPatient(params);
      let peak = 0;
      for (let minute = 0; minute < 300; minute++) {
        fed.step(minute === 0 ? 60 : 0, basal);
        peak = Math.max(peak, fed.bloodGlucoseMgDl);
      }
      expect(peak, name).toBeGreaterThan(params.Gb + 30);
      const dosed = new UvaPadovaPatient(params);
      let nadir = Infinity;
      for (let minute = 0; minute < 600; minute++) {
        dosed.step(0, minute === 0 ? 4 : basal);
        nadir = Math.min(nadir, dosed.bloodGlucoseMgDl);
        for (const value of dosed.state) expect(value, name).toBeGreaterThan(-1e-6);
      }
      expect(nadir, name).toBeLessThan(params.Gb - 20);
    }
  });

  it('gastric emptying depends on the meal size: a larger meal appears more slowly per gram', () => {
    const params = heldOut[0]!.params;
    const gutAfter = (grams: number) => {
      const patient = new UvaPadovaPatient(params);
      let absorbed = 0;
      for (let minute = 0; minute < 90; minute++) {
        patient.step(minute === 0 ? grams : 0, basalUPerMin(params));
        absorbed += patient.state[2]!;
      }
      return absorbed / grams;
    };
    expect(gutAfter(100)).toBeLessThan(gutAfter(20));
  });

  it('rejects negative inputs', () => {
    const patient = new UvaPadovaPatient(heldOut[0]!.params);
    expect(() => patient.step(-1, 0)).toThrow(RangeError);
    expect(() => patient.step(0, Number.NaN)).toThrow(RangeError);
  });
});
