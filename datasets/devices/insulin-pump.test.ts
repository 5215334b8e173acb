import { describe, expect, it } from 'vitest';
import type { DoseCommand } from '../records.js';
import { createRandom } from '../random.js';
import { BOLUS_RATE_U_PER_MIN, InsulinPump, loadPumpParams, roundBasal, roundBolus } from './insulin-pump.js';

const insulet = loadPumpParams().get('Insulet')!;
const command = (kind: DoseCommand['kind'], units: number, issuedAtMs = 0, durationMinutes = 0): DoseCommand => ({
  commandId: 'c', patientId: 'p-00000000', deviceId: 'pump', issuerId: 'app', counter: 0, issuedAtMs, kind, units, durationMinutes,
});

describe('insulin pump', () => {
  it('rounds boluses and basal rates to the increments and clips them to the limits', () => {
    expect(roundBolus(insulet, 3.37)).toBe(3.35);
    expect(roundBolus(insulet, 3.38)).toBe(3.4);
    expect(roundBolus(insulet, 0.3)).toBe(0.3); // no binary-fraction residue
    expect(roundBolus(insulet, 100)).toBe(insulet.maxBolusU);
    expect(roundBasal(insulet, 0.837)).toBe(0.85);
    expect(roundBasal(insulet, 99)).toBe(insulet.maxBasalUPerHour);
  });

  it('delivers basal per minute, a bolus at a finite rate, and counts doses', () => {
    const pump = new InsulinPump(insulet, createRandom('p'));
    pump.execute(command('BASAL_RATE', 1.2));
    pump.execute(command('BOLUS', 4));
    const minutes = Array.from({ length: 5 }, (_, i) => pump.tick(i * 60_000));
    expect(minutes[0]!.toPatientU).toBeCloseTo(0.02 + BOLUS_RATE_U_PER_MIN);
    expect(minutes.reduce((a, m) => a + m.toPatientU, 0)).toBeCloseTo(4 + 5 * 0.02);
    expect(minutes[4]!.doseCounter).toBe(2);
    expect(minutes[0]!.occlusionPressureKpa).toBeGreaterThan(minutes[4]!.occlusionPressureKpa);
    expect(minutes[4]!.reservoirU).toBeCloseTo(200 - 4.1);
  });

  it('runs temp basals and suspends for their duration', () => {
    const pump = new InsulinPump(insulet, createRandom('p'));
    pump.execute(command('BASAL_RATE', 1.2));
    pump.execute(command('TEMP_BASAL', 0, 0, 30));
    expect(pump.tick(29 * 60_000).toPatientU).toBe(0);
    expect(pump.tick(30 * 60_000).toPatientU).toBeCloseTo(0.02);
    pump.execute(command('SUSPEND', 0, 31 * 60_000, 0));
    expect(pump.tick(500 * 60_000).toPatientU).toBe(0);
  });

  it('occlusion stops delivery and raises pressure; a leak delivers less than commanded', () => {
    const pump = new InsulinPump(insulet, createRandom('p'), [
      { kind: 'occlusion', startMs: 0, endMs: 60 * 60_000 },
      { kind: 'leak', startMs: 60 * 60_000, endMs: 120 * 60_000, fraction: 0.4 },
    ]);
    pump.execute(command('BASAL_RATE', 1.2));
    const occluded = Array.from({ length: 60 }, (_, i) => pump.tick(i * 60_000));
    expect(occluded.every((m) => m.toPatientU === 0 && m.deliveredU === 0)).toBe(true);
    expect(occluded[59]!.occlusionPressureKpa).toBeGreaterThan(occluded[0]!.occlusionPressureKpa + 50);
    const leaking = pump.tick(90 * 60_000);
    expect(leaking.pushedU).toBeCloseTo(0.02);
    expect(leaking.deliveredU).toBeCloseTo(0.012);
  });
});
