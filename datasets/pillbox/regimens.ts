/**
 * Regimens a smart pillbox may hold: a small formulary by doses per day, with typical tablet masses,
 * and dose times a patient would pick (08:00 / 20:00 for twice daily, ...) shifted by up to ±45 min.
 */
import { Regimen } from '../records.js';
import type { Random } from '../random.js';

/** Drugs by doses per day, with tablet mass (mg): illustrative, common oral maintenance drugs. */
export const FORMULARY: Readonly<Record<1 | 2 | 3 | 4, readonly { drug: string; pillMassMg: number }[]>> = {
  1: [{ drug: 'atorvastatin 20 mg', pillMassMg: 240 }, { drug: 'lisinopril 10 mg', pillMassMg: 200 }, { drug: 'levothyroxine 100 mcg', pillMassMg: 160 }],
  2: [{ drug: 'metformin 500 mg', pillMassMg: 620 }, { drug: 'levetiracetam 500 mg', pillMassMg: 700 }, { drug: 'hydroxychloroquine 200 mg', pillMassMg: 330 }],
  3: [{ drug: 'amoxicillin 500 mg', pillMassMg: 780 }, { drug: 'gabapentin 300 mg', pillMassMg: 450 }],
  4: [{ drug: 'carbidopa-levodopa 25/100 mg', pillMassMg: 280 }, { drug: 'pyridostigmine 60 mg', pillMassMg: 300 }],
};

const DOSE_TIMES: Readonly<Record<1 | 2 | 3 | 4, readonly number[]>> = {
  1: [8 * 60],
  2: [8 * 60, 20 * 60],
  3: [8 * 60, 14 * 60, 20 * 60],
  4: [8 * 60, 12 * 60, 17 * 60, 21 * 60],
};

/** Share of regimens with 1, 2, 3 and 4 daily doses (once and twice daily dominate). */
const DOSES_PER_DAY_WEIGHTS = [0.4, 0.35, 0.15, 0.1] as const;

/** @returns a validated regimen for `patientId` on box `deviceId` starting at local midnight `startMs`. */
export function sampleRegimen(random: Random, patientId: string, deviceId: string, startMs: number, dosesPerDay?: 1 | 2 | 3 | 4): Regimen {
  let count = dosesPerDay;
  if (count === undefined) {
    let u = random.next();
    count = 4;
    for (const [i, weight] of DOSES_PER_DAY_WEIGHTS.entries()) {
      if ((u -= weight) < 0) {
        count = (i + 1) as 1 | 2 | 3 | 4;
        break;
      }
    }
  }
  const options = FORMULARY[count];
  const drug = options[random.int(0, options.length - 1)]!;
  const shift = random.int(-3, 3) * 15;
  return Regimen.parse({
    patientId, deviceId, drug: drug.drug, pillMassMg: drug.pillMassMg,
    doseTimesMinute: DOSE_TIMES[count].map((minute) => minute + shift),
    startMs,
  });
}
