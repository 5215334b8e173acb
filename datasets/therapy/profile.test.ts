import { describe, expect, it } from 'vitest';
import { loadVirtualPatients } from '../patient/params.js';
import { basalUPerMin } from '../patient/uva-padova-model.js';
import { createRandom } from '../random.js';
import { ANDROIDAPS_HARD_LIMITS, buildPatientProfile } from './profile.js';

describe('patient profiles', () => {
  const patients = loadVirtualPatients();
  it('builds valid pseudonymous profiles with age-group limits that cover the patient’s own therapy', () => {
    const random = createRandom('profiles');
    const ids = new Set<string>();
    for (const patient of patients) {
      const profile = buildPatientProfile(patient, { random });
      ids.add(profile.patientId);
      expect(profile.patientId).toMatch(/^p-[0-9a-f]{16}$/);
      expect(profile.patientId).not.toContain(patient.name.split('#')[0]!);
      expect(profile.ageGroup).toBe(patient.name.split('#')[0]);
      expect(profile.basalSchedule[0]!.rateUPerHour).toBeCloseTo(basalUPerMin(patient.params) * 60, 1);
      const hard = ANDROIDAPS_HARD_LIMITS[profile.ageGroup];
      expect(profile.limits.maxBolusU).toBeGreaterThanOrEqual(hard.maxBolusU);
      expect(profile.limits.maxBolusU).toBeGreaterThanOrEqual(100 / profile.carbRatioGPerU);
      expect(profile.limits.maxDailyTotalU).toBeCloseTo(3 * profile.totalDailyInsulinU, -1);
      expect(profile.insulinActionMinutes).toBe(360);
    }
    expect(ids.size).toBe(patients.length);
    // Where the therapy fits, the limits are exactly AndroidAPS's.
    const adult = buildPatientProfile(patients.find((p) => p.name === 'adult#001')!, { random });
    expect(adult.limits).toMatchObject({ maxBolusU: 17, maxBasalUPerHour: 10, maxInsulinOnBoardU: 22 });
  });

  it('falls back to the 500/1800 rules without Quest answers', () => {
    const [first] = loadVirtualPatients(undefined, null);
    const profile = buildPatientProfile(first!, { random: createRandom(1) });
    expect(profile.carbRatioGPerU).toBe(Math.round(500 / profile.totalDailyInsulinU));
  });
});
