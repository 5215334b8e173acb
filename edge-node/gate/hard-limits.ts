/**
 * Stage 2 — hard limits: the deterministic floor that holds with no model. Patient-profile limits
 * (max bolus, max basal, max insulin on board, max daily total), oref0's max safe temp basal, and the
 * drug library for infusion pumps (soft limit → HOLD, hard limit or unknown drug → REJECT), and a rate
 * order many times the pump's running dose (→ HOLD).
 */
import type { AgeGroup, DoseCommand, PatientProfile } from '../../datasets/records.js';
import type { GateCommand } from './canonical-command.js';
import type { GateDoseContext } from './dose-context.js';
import type { DrugLibraryCheck } from './drug-library.js';
import { fmt, objection, pass, type StageFinding } from './reasons.js';

/** AndroidAPS HardLimits.kt by age group (max IOB: the SMB column); used when a profile has no limits. */
export const AGE_GROUP_LIMITS: Record<AgeGroup, { maxBolusU: number; maxBasalUPerHour: number; maxInsulinOnBoardU: number }> = {
  child: { maxBolusU: 5, maxBasalUPerHour: 2, maxInsulinOnBoardU: 7 },
  adolescent: { maxBolusU: 10, maxBasalUPerHour: 5, maxInsulinOnBoardU: 13 },
  adult: { maxBolusU: 17, maxBasalUPerHour: 10, maxInsulinOnBoardU: 22 },
};

/** oref0 safety multipliers (lib/profile, lib/basal-set-temp). */
export const MAX_DAILY_SAFETY_MULTIPLIER = 3;
export const CURRENT_BASAL_SAFETY_MULTIPLIER = 4;

/** Absolute ceilings no profile can raise (Loop guardrails: max bolus ≤ 30 U). */
export interface AbsoluteCeilings {
  maxBolusU: number;
  maxBasalUPerHour: number;
}

/** Default absolute ceilings. */
export const DEFAULT_CEILINGS: AbsoluteCeilings = { maxBolusU: 30, maxBasalUPerHour: 35 };

/**
 * An INFUSION_RATE order whose dose is more than `holdFactor` times the dose the same pump is running
 * for the same drug (its last delivered order) is held for a clinician. Vigil's own rule, not a published
 * limit: it catches the ×10 decimal-point error that a low starting rate keeps inside the drug library's
 * range, while titration steps (typically ≤ 2×) pass. No previous order in the patient's state (the node
 * keeps 30 h of delivered commands), or a paused one (dose 0): the drug library alone decides.
 */
export interface InfusionStepOptions {
  holdFactor: number;
}

/** Default infusion step rule: hold above 5× the running dose. */
export const DEFAULT_INFUSION_STEP: InfusionStepOptions = { holdFactor: 5 };

/**
 * @returns the dose (in its unit) of the last delivered INFUSION_RATE order for `drugId` on `deviceId`
 * issued at or before `atMs`, or null when there is none in `delivered` (time order, oldest first).
 */
export function runningInfusionDose(delivered: readonly DoseCommand[], deviceId: string, drugId: string, atMs: number): { dose: number; doseUnit: string } | null {
  for (let i = delivered.length - 1; i >= 0; i--) {
    const c = delivered[i]!;
    if (c.kind === 'INFUSION_RATE' && c.deviceId === deviceId && c.infusion?.drugId === drugId && c.issuedAtMs <= atMs) {
      return { dose: c.infusion.dose, doseUnit: c.infusion.doseUnit };
    }
  }
  return null;
}

/** The limits in force for a patient: the profile's, else the age group's, never above the ceilings. */
export function effectiveLimits(profile: PatientProfile, ceilings: AbsoluteCeilings = DEFAULT_CEILINGS): PatientProfile['limits'] {
  const group = AGE_GROUP_LIMITS[profile.ageGroup];
  const limits = profile.limits ?? { ...group, maxDailyTotalU: profile.totalDailyInsulinU * MAX_DAILY_SAFETY_MULTIPLIER };
  return {
    maxBolusU: Math.min(limits.maxBolusU, ceilings.maxBolusU),
    maxBasalUPerHour: Math.min(limits.maxBasalUPerHour, ceilings.maxBasalUPerHour),
    maxInsulinOnBoardU: limits.maxInsulinOnBoardU,
    maxDailyTotalU: limits.maxDailyTotalU,
  };
}

/** @returns the scheduled basal (U/h) at a minute of the day. */
export function scheduledBasalAt(profile: PatientProfile, minuteOfDay: number): number {
  let rate = profile.basalSchedule[0]!.rateUPerHour;
  for (const segment of profile.basalSchedule) if (segment.startMinute <= minuteOfDay) rate = segment.rateUPerHour;
  return rate;
}

/**
 * oref0 maxSafeBasal = min(max basal, 3 × max daily basal, 4 × current basal).
 * @returns the largest temp basal (U/h) allowed now.
 */
export function maxSafeTempBasal(profile: PatientProfile, maxBasalUPerHour: number, minuteOfDay: number): number {
  const maxDaily = Math.max(...profile.basalSchedule.map((s) => s.rateUPerHour));
  return Math.min(maxBasalUPerHour, MAX_DAILY_SAFETY_MULTIPLIER * maxDaily, CURRENT_BASAL_SAFETY_MULTIPLIER * scheduledBasalAt(profile, minuteOfDay));
}

/** What stage 2 reads. */
export interface HardLimitInput {
  command: GateCommand;
  profile: PatientProfile;
  /** Null for infusion commands (no insulin context). */
  context: GateDoseContext | null;
  minuteOfDay: number;
  drugLibrary: DrugLibraryCheck;
  ceilings: AbsoluteCeilings;
  infusionStep: InfusionStepOptions;
  /** The patient's delivered commands, oldest first (the infusion step rule reads the pump's running order). */
  delivered: readonly DoseCommand[];
}

/**
 * Runs stage 2; every breached limit is listed.
 * @returns ALLOW, HOLD (drug soft limit) or REJECT. Never throws.
 */
export function checkHardLimits(input: HardLimitInput): StageFinding {
  const { command, profile, context } = input;
  const limits = effectiveLimits(profile, input.ceilings);
  let finding = pass();
  if (command.kind === 'INFUSION_RATE' || command.kind === 'INFUSION_BOLUS') {
    const infusion = command.infusion!;
    const result = input.drugLibrary({ kind: command.kind, ...infusion, weightKg: profile.weightKg });
    if (result.status === 'not-in-library') return objection(finding, 'REJECT', 'REASON_DRUG_NOT_IN_LIBRARY', result.text);
    if (result.status === 'hard-limit') return objection(finding, 'REJECT', 'REASON_DRUG_HARD_LIMIT', result.text);
    if (result.status === 'soft-limit') finding = objection(finding, 'HOLD', 'REASON_DRUG_SOFT_LIMIT', `${result.text} A clinician must confirm.`);
    if (command.kind === 'INFUSION_RATE') {
      const running = runningInfusionDose(input.delivered, command.deviceId, infusion.drugId, command.issuedAtMs);
      const factor = input.infusionStep.holdFactor;
      if (running && running.dose > 0 && running.doseUnit === infusion.doseUnit && infusion.dose > factor * running.dose) {
        finding = objection(finding, 'HOLD', 'REASON_INFUSION_RATE_STEP',
          `${infusion.drugId} ${fmt(infusion.dose)} ${infusion.doseUnit} is ${fmt(infusion.dose / running.dose)}× the running ${fmt(running.dose)} ${running.doseUnit} (more than ${fmt(factor)}×); a clinician must confirm.`);
      }
    }
    return finding;
  }
  const u = command.units;
  if (command.kind === 'BOLUS' && u > limits.maxBolusU) {
    finding = objection(finding, 'REJECT', 'REASON_BOLUS_ABOVE_MAX', `Bolus ${fmt(u)} U exceeds the maximum bolus ${fmt(limits.maxBolusU)} U.`);
  }
  if (command.kind === 'BASAL_RATE' && u > limits.maxBasalUPerHour) {
    finding = objection(finding, 'REJECT', 'REASON_BASAL_ABOVE_MAX', `Basal ${fmt(u)} U/h exceeds the maximum basal ${fmt(limits.maxBasalUPerHour)} U/h.`);
  }
  if (command.kind === 'TEMP_BASAL') {
    const maxSafe = maxSafeTempBasal(profile, limits.maxBasalUPerHour, input.minuteOfDay);
    if (u > maxSafe) finding = objection(finding, 'REJECT', 'REASON_TEMP_BASAL_ABOVE_MAX_SAFE', `Temp basal ${fmt(u)} U/h exceeds the maximum safe basal ${fmt(maxSafe)} U/h.`);
  }
  if (context && context.doseInsulinU > 0) {
    const iobAfter = context.insulinOnBoardU + context.doseInsulinU;
    if (iobAfter > limits.maxInsulinOnBoardU) {
      finding = objection(finding, 'REJECT', 'REASON_INSULIN_ON_BOARD_ABOVE_MAX', `Insulin on board would reach ${fmt(iobAfter)} U (maximum ${fmt(limits.maxInsulinOnBoardU)} U).`);
    }
    const added = command.kind === 'BASAL_RATE' ? Math.max(0, u * 24 - context.insulinLast24hU) : context.doseInsulinU;
    if (context.insulinLast24hU + added > limits.maxDailyTotalU) {
      finding = objection(finding, 'REJECT', 'REASON_DAILY_TOTAL_ABOVE_MAX', `Insulin over 24 h would reach ${fmt(context.insulinLast24hU + added)} U (maximum ${fmt(limits.maxDailyTotalU)} U).`);
    }
  }
  return finding;
}
