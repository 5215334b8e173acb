import { describe, expect, it } from 'vitest';
import type { PillboxEvent, Regimen } from '../../datasets/records.js';
import { baselineAdherence, riskBand } from './baseline.js';

const DAY = 86_400_000;
const start = 20_000 * DAY;
const regimen: Regimen = { patientId: 'p-0123abcd', deviceId: 'box-1', drug: 'metformin', pillMassMg: 500, doseTimesMinute: [480, 1200], startMs: start - 30 * DAY };
const event = (t: number, kind: PillboxEvent['kind'], value = 0): PillboxEvent => ({ patientId: 'p-0123abcd', deviceId: 'box-1', timestampMs: t, kind, value });
/** A dose taken at `t`: lid opened, one pill's weight removed, lid closed. */
const taken = (t: number): PillboxEvent[] => [event(t, 'LID_OPEN'), event(t + 20_000, 'WEIGHT_CHANGE', -500), event(t + 40_000, 'LID_CLOSE')];

describe('baselineAdherence', () => {
  it('is low risk for a patient who took every dose, high for one who took none', () => {
    const events = Array.from({ length: 7 }, (_, d) => [...taken(start - (d + 1) * DAY + 480 * 60_000 + 600_000), ...taken(start - (d + 1) * DAY + 1200 * 60_000)]).flat();
    const good = baselineAdherence([regimen], events, start);
    expect(good.dosesConsidered).toBe(14);
    expect(good.pMissNextDose).toBe(0);
    expect(riskBand(good.pMissNextDose)).toBe('RISK_BAND_LOW');
    expect(good.nextDoseAtMs).toBe(start + 480 * 60_000);
    const bad = baselineAdherence([regimen], [], start);
    expect(bad.pMissNextDose).toBe(1);
    expect(bad.pPdcBelow80Next7Days).toBe(1);
    expect(riskBand(bad.pMissNextDose)).toBe('RISK_BAND_HIGH');
  });

  it('does not count a lid opened without a pill removed as a dose taken', () => {
    const opened = Array.from({ length: 7 }, (_, d) => [event(start - (d + 1) * DAY + 480 * 60_000, 'LID_OPEN'), event(start - (d + 1) * DAY + 480 * 60_000 + 30_000, 'LID_CLOSE')]).flat();
    const prediction = baselineAdherence([regimen], opened, start);
    expect(prediction.dosesConsidered).toBe(14);
    expect(prediction.pMissNextDose).toBe(1);
  });
});
