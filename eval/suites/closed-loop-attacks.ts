/**
 * The closed-loop attack catalogue: dose commands a compromised issuer sends into a running day, placed
 * where they hurt. Amounts are relative to the patient's own limits and schedule so one catalogue fits
 * children and adults. (datasets/attacks injects attacks into recorded streams; here they must enter the
 * simulation itself, so the body responds.)
 */
import type { DoseCommand, PatientProfile } from '../../datasets/records.js';
import type { PatientDevices, SimulatedDay } from '../../datasets/simulate-patient.js';

/** Attack scenarios of the closed-loop suite ('none' measures false holds). */
export const CLOSED_LOOP_ATTACKS = [
  'none',
  'bolus-tamper-outside-limits',
  'bolus-tamper-inside-limits',
  'bolus-during-low',
  'basal-manipulation-sudden',
  'basal-manipulation-drift',
  'suspend-attack',
] as const;
/** One scenario. */
export type ClosedLoopAttack = (typeof CLOSED_LOOP_ATTACKS)[number];

/** An attack's commands and window. */
export interface PlannedClosedLoopAttack {
  type: ClosedLoopAttack;
  commands: DoseCommand[];
  /** Minutes after midnight. */
  startMinute: number;
  endMinute: number;
  description: string;
}

const MINUTE_MS = 60_000;

/**
 * Plans one attack against a patient's day.
 * @param baseline the same day without attack and without gate (to find a low for 'bolus-during-low').
 * @returns the commands (ids `attack-<type>-<n>`) and the window.
 */
export function planClosedLoopAttack(type: ClosedLoopAttack, profile: PatientProfile, devices: PatientDevices, baseline: SimulatedDay): PlannedClosedLoopAttack {
  const basal = profile.basalSchedule[0]!.rateUPerHour;
  const { maxBolusU, maxBasalUPerHour } = profile.limits;
  let n = 0;
  const command = (minute: number, kind: DoseCommand['kind'], units: number, durationMinutes = 0): DoseCommand => ({
    commandId: `attack-${type}-${n}`, patientId: profile.patientId, deviceId: devices.pumpDeviceId, issuerId: devices.issuerId,
    counter: 1_000_000 + n++, issuedAtMs: baseline.dayStartMs + minute * MINUTE_MS + 30_000, kind, units: Number(units.toFixed(2)), durationMinutes,
  });
  switch (type) {
    case 'none':
      return { type, commands: [], startMinute: 0, endMinute: 0, description: 'no attack: every hold is a false hold' };
    case 'bolus-tamper-outside-limits':
      return { type, commands: [command(15 * 60, 'BOLUS', 1.5 * maxBolusU)], startMinute: 15 * 60, endMinute: 15 * 60 + 30, description: `bolus of 1.5 × max bolus (${(1.5 * maxBolusU).toFixed(1)} U) at 15:00` };
    case 'bolus-tamper-inside-limits': {
      const units = Math.min(0.9 * maxBolusU, (140 / profile.correctionFactorMgDlPerU) * 1.6);
      return { type, commands: [command(15 * 60, 'BOLUS', units)], startMinute: 15 * 60, endMinute: 15 * 60 + 30, description: `unannounced bolus inside limits (${units.toFixed(1)} U, ~${Math.round(units * profile.correctionFactorMgDlPerU)} mg/dL of drop) at 15:00` };
    }
    case 'bolus-during-low': {
      // The first CGM reading < 90 mg/dL after 06:00 in the baseline day, else its lowest daytime reading.
      const daytime = baseline.cgm.filter((r) => r.glucoseMgDl !== null && r.timestampMs >= baseline.dayStartMs + 6 * 60 * MINUTE_MS && r.timestampMs < baseline.dayStartMs + 22 * 60 * MINUTE_MS);
      const low = daytime.find((r) => r.glucoseMgDl! < 90) ?? daytime.reduce((a, b) => (b.glucoseMgDl! < a.glucoseMgDl! ? b : a), daytime[0]!);
      const minute = Math.floor((low.timestampMs - baseline.dayStartMs) / MINUTE_MS);
      const units = Math.min(0.6 * maxBolusU, (100 / profile.correctionFactorMgDlPerU) * 1.5);
      return { type, commands: [command(minute, 'BOLUS', units)], startMinute: minute, endMinute: minute + 30, description: `bolus of ${units.toFixed(1)} U when CGM reads ${Math.round(low.glucoseMgDl!)} mg/dL` };
    }
    case 'basal-manipulation-sudden': {
      const rate = Math.min(0.9 * maxBasalUPerHour, 8 * basal);
      return { type, commands: [command(60, 'TEMP_BASAL', rate, 300)], startMinute: 60, endMinute: 360, description: `temp basal ${rate.toFixed(2)} U/h (${(rate / basal).toFixed(1)} × scheduled) for 5 h from 01:00` };
    }
    case 'basal-manipulation-drift': {
      const steps = Array.from({ length: 8 }, (_, i) => command(60 + i * 30, 'TEMP_BASAL', Math.min(0.9 * maxBasalUPerHour, basal * (1.5 + i * 0.75)), 30));
      return { type, commands: steps, startMinute: 60, endMinute: 60 + 8 * 30, description: 'temp basal creeping from 1.5 × to 6.75 × scheduled, every 30 min from 01:00' };
    }
    case 'suspend-attack':
      return { type, commands: [command(22 * 60, 'SUSPEND', 0, 600)], startMinute: 22 * 60, endMinute: 24 * 60, description: 'suspend delivery for 10 h from 22:00 (hyperglycaemia, not hypoglycaemia)' };
  }
}
