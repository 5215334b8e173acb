/**
 * Planning which attacks and faults a patient gets, before the patient is simulated: device faults must
 * be known up front (they change what the pump delivers and the sensor reads), while record-level
 * attacks are injected afterwards by injectAttacks. Types are balanced across a whole cohort (the least
 * used applicable type goes next), so every type appears once a cohort has enough attack slots.
 */
import { ATTACK_TYPES, type AttackLabel, type AttackType } from '../records.js';
import type { Random } from '../random.js';
import type { CgmFault } from '../devices/cgm.js';
import type { PumpFault } from '../devices/insulin-pump.js';
import type { InfusionFault } from '../infusion/telemetry.js';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

/** Device types an attack needs beyond the insulin pump and CGM every patient has. */
export const ATTACK_REQUIRES: Partial<Record<AttackType, 'infusion' | 'pillbox'>> = {
  'infusion-rate-x10': 'infusion',
  'pillbox-weight-spoof': 'pillbox',
};
/** Types that are device faults, planned into the simulation rather than injected into records. */
export const FAULT_TYPES: readonly AttackType[] = ['sensor-fault', 'pump-fault'];

/** One record-level attack planned for a day. */
export interface PlannedAttack {
  attackId: string;
  type: AttackType;
  /** Preferred start; some attacks move it (a bolus during a low goes where the low is). */
  atMs: number;
}

/** The devices an attack plan may touch. */
export interface AttackTargets {
  patientId: string;
  pumpDeviceId: string;
  cgmDeviceId: string;
  infusionDeviceId?: string;
  /** Drugs on the infusion pump (for infusion faults). */
  infusionDrugIds?: readonly string[];
  pillboxDeviceId?: string;
}

/** What {@link planPatientAttacks} decides for one patient. */
export interface PatientAttackPlan {
  /** Record-level attacks per day (index = day). */
  byDay: PlannedAttack[][];
  faults: { cgm: CgmFault[]; pump: PumpFault[]; infusion: InfusionFault[] };
  /** Labels of the planned faults (type sensor-fault or pump-fault). */
  faultLabels: AttackLabel[];
}

/** Counts of types used so far in a cohort; share one instance across all patients of a cohort. */
export type AttackTypeUsage = Map<AttackType, number>;

/** Options of {@link planPatientAttacks}. */
export interface PlanOptions {
  random: Random;
  targets: AttackTargets;
  startMs: number;
  days: number;
  /** Expected attacks and faults per patient-day (Poisson). */
  ratePerDay: number;
  usage: AttackTypeUsage;
  /** Restrict to these types (default: all). */
  types?: readonly AttackType[];
}

function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k++;
  return k;
}

/** @returns the plan; deterministic for the random stream and the usage counts it starts from. */
export function planPatientAttacks(options: PlanOptions): PatientAttackPlan {
  const { random, targets, usage } = options;
  const allowed = (options.types ?? ATTACK_TYPES).filter((type) => {
    const needs = ATTACK_REQUIRES[type];
    return needs === undefined || (needs === 'infusion' ? targets.infusionDeviceId !== undefined : targets.pillboxDeviceId !== undefined);
  });
  const plan: PatientAttackPlan = { byDay: [], faults: { cgm: [], pump: [], infusion: [] }, faultLabels: [] };
  for (let day = 0; day < options.days; day++) {
    const dayStartMs = options.startMs + day * DAY_MINUTES * MINUTE_MS;
    const attacks: PlannedAttack[] = [];
    const count = allowed.length === 0 ? 0 : poisson(random, options.ratePerDay);
    for (let i = 0; i < count; i++) {
      // Least used type first; ties go to the catalogue order, so small cohorts still cover everything.
      const type = [...allowed].sort((a, b) => (usage.get(a) ?? 0) - (usage.get(b) ?? 0))[0]!;
      usage.set(type, (usage.get(type) ?? 0) + 1);
      const attackId = `atk-${random.hex(8)}`;
      // Start between 01:00 and 17:00 so even the longest attack (8 h drift) ends inside the day.
      const atMs = dayStartMs + random.int(60, 17 * 60) * MINUTE_MS;
      if (type === 'sensor-fault') plan.faultLabels.push(planSensorFault(plan, random, targets, attackId, atMs));
      else if (type === 'pump-fault') plan.faultLabels.push(planPumpFault(plan, random, targets, attackId, atMs));
      else attacks.push({ attackId, type, atMs });
    }
    attacks.sort((a, b) => a.atMs - b.atMs);
    plan.byDay.push(attacks);
  }
  return plan;
}

function label(targets: AttackTargets, attackId: string, type: AttackType, deviceId: string, startMs: number, endMs: number, detail: string): AttackLabel {
  return { attackId, type, patientId: targets.patientId, deviceId, startMs, endMs, commandIds: [], detail };
}

function planSensorFault(plan: PatientAttackPlan, random: Random, targets: AttackTargets, attackId: string, startMs: number): AttackLabel {
  const kind = (['dropout', 'drift', 'compression-low', 'stuck'] as const)[random.int(0, 3)]!;
  const endMs = startMs + (kind === 'drift' ? random.int(120, 360) : random.int(30, 120)) * MINUTE_MS;
  let fault: CgmFault;
  let detail: string;
  if (kind === 'drift') {
    const mgDlPerHour = (random.bernoulli(0.5) ? 1 : -1) * random.uniform(15, 40);
    fault = { kind, startMs, endMs, mgDlPerHour };
    detail = `cgm drift ${mgDlPerHour.toFixed(1)} mg/dL/h`;
  } else if (kind === 'compression-low') {
    const depthMgDl = random.uniform(25, 70);
    fault = { kind, startMs, endMs, depthMgDl };
    detail = `cgm compression low ${depthMgDl.toFixed(0)} mg/dL`;
  } else {
    fault = { kind, startMs, endMs };
    detail = `cgm ${kind}`;
  }
  plan.faults.cgm.push(fault);
  return label(targets, attackId, 'sensor-fault', targets.cgmDeviceId, startMs, endMs, detail);
}

function planPumpFault(plan: PatientAttackPlan, random: Random, targets: AttackTargets, attackId: string, startMs: number): AttackLabel {
  const drugs = targets.infusionDrugIds ?? [];
  if (targets.infusionDeviceId !== undefined && drugs.length > 0 && random.bernoulli(0.5)) {
    const kind = random.bernoulli(0.6) ? 'occlusion' : 'free-flow';
    const drugId = drugs[random.int(0, drugs.length - 1)]!;
    const endMs = startMs + (kind === 'occlusion' ? random.int(20, 90) : random.int(5, 20)) * MINUTE_MS;
    plan.faults.infusion.push({ kind, drugId, startMs, endMs });
    return label(targets, attackId, 'pump-fault', targets.infusionDeviceId, startMs, endMs, `infusion ${kind} on ${drugId}`);
  }
  if (random.bernoulli(0.5)) {
    const endMs = startMs + random.int(60, 240) * MINUTE_MS;
    plan.faults.pump.push({ kind: 'occlusion', startMs, endMs });
    return label(targets, attackId, 'pump-fault', targets.pumpDeviceId, startMs, endMs, 'insulin pump occlusion');
  }
  const fraction = random.uniform(0.3, 0.8);
  const endMs = startMs + random.int(120, 480) * MINUTE_MS;
  plan.faults.pump.push({ kind: 'leak', startMs, endMs, fraction });
  return label(targets, attackId, 'pump-fault', targets.pumpDeviceId, startMs, endMs, `insulin pump leak ${(fraction * 100).toFixed(0)}%`);
}
