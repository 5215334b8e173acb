import { describe, expect, it } from 'vitest';
import type { PillboxEvent, Regimen } from '../../datasets/records.js';
import { baselineAdherence, riskBand } from './baseline.js';

const DAY = 86_400_000;
const start = 20_000 * DAY;
const regimen: Regimen = { patientId: 'p-0123abcd', deviceId: 'box-1', drug: 'metformin', pillMassMg: 500, doseTimesMinute: [480, 1200], startMs: start - 30 * DAY };
const lid = (t: number): PillboxEvent => ({ patientId: 'p-0123abcd', deviceId: 'box-1', timestampMs: t, kind: 'LID_OPEN', value: 0 });

describe('baselineAdherence', () => {
  it('is low risk for a patient who took every dose, high for one who took none', () => {
    const events = Array.from({ length: 7 }, (_, d) => [lid(start - (d + 1) * DAY + 480 * 60_000 + 600_000), lid(start - (d + 1) * DAY + 1200 * 60_000)]).flat();
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
});
