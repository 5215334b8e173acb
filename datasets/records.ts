/**
 * The records Vigil's simulators write and its models, gate and evaluations read.
 * One schema per record; JSONL files in a `datasets generate` output hold one record per line.
 * Times are epoch milliseconds (UTC); units are in the field names.
 */
import { z } from 'zod';

export const AGE_GROUPS = ['child', 'adolescent', 'adult'] as const;
/** Age group of a patient; selects default hard limits. */
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const SITE_KINDS = ['childrens-hospital', 'adult-clinic', 'home-care', 'icu'] as const;
/** The four kinds of site a cohort is split across (non-IID). */
export type SiteKind = (typeof SITE_KINDS)[number];

/** Pseudonymous patient id: never a name, record number or date of birth. */
export const PatientId = z.string().regex(/^p-[0-9a-f]{8,32}$/, 'must be a pseudonymous id like p-1a2b3c4d');

/** One segment of a daily basal schedule, starting at `startMinute` after local midnight. */
export const BasalSegment = z.strictObject({
  startMinute: z.number().int().min(0).max(1439),
  rateUPerHour: z.number().finite().min(0).max(35),
});

/** Limits the gate enforces for one patient (hard floor of the gate). */
export const PatientLimits = z.strictObject({
  maxBolusU: z.number().finite().positive(),
  maxBasalUPerHour: z.number().finite().positive(),
  maxInsulinOnBoardU: z.number().finite().positive(),
  maxDailyTotalU: z.number().finite().positive(),
});

/** A patient's therapy profile as an edge node stores it. */
export const PatientProfile = z.strictObject({
  patientId: PatientId,
  siteId: z.string().min(1).max(64),
  ageGroup: z.enum(AGE_GROUPS),
  ageYears: z.number().finite().min(0).max(120),
  weightKg: z.number().finite().positive().max(400),
  totalDailyInsulinU: z.number().finite().positive(),
  carbRatioGPerU: z.number().finite().min(2).max(150),
  correctionFactorMgDlPerU: z.number().finite().min(2).max(1000),
  basalSchedule: z.array(BasalSegment).min(1),
  targetLowMgDl: z.number().finite().min(70).max(180),
  targetHighMgDl: z.number().finite().min(80).max(250),
  insulinActionMinutes: z.number().int().min(180).max(600),
  insulinPeakMinutes: z.number().int().min(35).max(120),
  limits: PatientLimits,
  /** Which UVA/Padova virtual patient the simulation used (simulation only). */
  virtualPatient: z.string().optional(),
});
export type PatientProfile = z.infer<typeof PatientProfile>;

export const DEVICE_KINDS = ['insulin-pump', 'infusion-pump', 'cgm', 'heart-rate', 'pillbox'] as const;
/** A provisioned device. The Ascon key is per device, random, and never derived from the serial. */
export const Device = z.strictObject({
  deviceId: z.string().min(1).max(64),
  kind: z.enum(DEVICE_KINDS),
  patientId: PatientId,
  siteId: z.string().min(1).max(64),
  /** Hex, 16 bytes (Ascon-AEAD128 key). */
  asconKeyHex: z.string().regex(/^[0-9a-f]{32}$/),
  model: z.string().max(64).optional(),
});
export type Device = z.infer<typeof Device>;

export const DOSE_KINDS = ['BOLUS', 'BASAL_RATE', 'TEMP_BASAL', 'SUSPEND', 'INFUSION_RATE', 'INFUSION_BOLUS'] as const;
/** Kind of dose command. */
export type DoseKind = (typeof DOSE_KINDS)[number];

/**
 * A dose command as a gateway forwards it. Amounts: BOLUS in U; BASAL_RATE and TEMP_BASAL in U/h;
 * SUSPEND has 0; INFUSION_* carry the drug-library dose in `infusion`.
 */
export const DoseCommand = z.strictObject({
  commandId: z.string().min(1).max(64),
  patientId: PatientId,
  deviceId: z.string().min(1).max(64),
  issuerId: z.string().min(1).max(64),
  counter: z.number().int().nonnegative(),
  issuedAtMs: z.number().int().nonnegative(),
  kind: z.enum(DOSE_KINDS),
  units: z.number().finite().nonnegative(),
  durationMinutes: z.number().int().min(0).max(1440).default(0),
  infusion: z
    .strictObject({
      drugId: z.string().min(1).max(64),
      careArea: z.string().min(1).max(64),
      /** Dose in the library's unit for this drug (e.g. units/h, mcg/kg/min, mg/h, mL/h). */
      dose: z.number().finite().nonnegative(),
      doseUnit: z.string().min(1).max(32),
      rateMlPerHour: z.number().finite().nonnegative(),
    })
    .optional(),
});
export type DoseCommand = z.infer<typeof DoseCommand>;

/** A CGM reading (what the sensor reports, with noise and faults). */
export const CgmReading = z.strictObject({
  patientId: PatientId,
  deviceId: z.string(),
  timestampMs: z.number().int().nonnegative(),
  glucoseMgDl: z.number().finite().nullable(),
});
export type CgmReading = z.infer<typeof CgmReading>;

/** Insulin-pump telemetry, one per minute of delivery. */
export const PumpTelemetry = z.strictObject({
  patientId: PatientId,
  deviceId: z.string(),
  timestampMs: z.number().int().nonnegative(),
  deliveredU: z.number().finite().nonnegative(),
  reservoirU: z.number().finite(),
  occlusionPressureKpa: z.number().finite(),
  doseCounter: z.number().int().nonnegative(),
});
export type PumpTelemetry = z.infer<typeof PumpTelemetry>;

/** Heart-rate sample. */
export const HeartRateSample = z.strictObject({
  patientId: PatientId,
  deviceId: z.string(),
  timestampMs: z.number().int().nonnegative(),
  beatsPerMinute: z.number().finite().positive(),
});
export type HeartRateSample = z.infer<typeof HeartRateSample>;

export const PILLBOX_EVENT_KINDS = ['LID_OPEN', 'LID_CLOSE', 'IR_DETECT', 'WEIGHT_CHANGE', 'REFILL'] as const;
/** A raw smart-pillbox sensor event: evidence of dosing, not proof. */
export const PillboxEvent = z.strictObject({
  patientId: PatientId,
  deviceId: z.string(),
  timestampMs: z.number().int().nonnegative(),
  kind: z.enum(PILLBOX_EVENT_KINDS),
  /** WEIGHT_CHANGE: signed change in mg (negative = removed); REFILL: pills added. */
  value: z.number().finite().default(0),
});
export type PillboxEvent = z.infer<typeof PillboxEvent>;

export const DOSE_OUTCOMES = ['ON_TIME', 'LATE', 'MISSED', 'EXTRA'] as const;
/** Ground truth per scheduled dose (simulation labels). */
export const DoseOutcome = z.strictObject({
  patientId: PatientId,
  scheduledAtMs: z.number().int().nonnegative(),
  outcome: z.enum(DOSE_OUTCOMES),
  /** Minutes after the scheduled time the dose was taken (LATE/ON_TIME), else null. */
  delayMinutes: z.number().finite().nullable(),
});
export type DoseOutcome = z.infer<typeof DoseOutcome>;

/** A medication regimen on a smart pillbox. */
export const Regimen = z.strictObject({
  patientId: PatientId,
  deviceId: z.string(),
  drug: z.string().min(1).max(64),
  pillMassMg: z.number().positive(),
  /** Scheduled minutes after local midnight, 1–4 per day. */
  doseTimesMinute: z.array(z.number().int().min(0).max(1439)).min(1).max(4),
  startMs: z.number().int().nonnegative(),
});
export type Regimen = z.infer<typeof Regimen>;

export const ATTACK_TYPES = [
  'bolus-tamper-outside-limits',
  'bolus-tamper-inside-limits',
  'bolus-during-low',
  'basal-manipulation-sudden',
  'basal-manipulation-drift',
  'suspend-attack',
  'replayed-command',
  'forged-command',
  'command-flood',
  'cgm-spoof-constant',
  'cgm-spoof-replay',
  'cgm-spoof-drift',
  'cgm-spoof-spikes',
  'infusion-rate-x10',
  'pillbox-weight-spoof',
  'sensor-fault',
  'pump-fault',
] as const;
/** Every attack or fault type the datasets catalog injects. */
export type AttackType = (typeof ATTACK_TYPES)[number];

/** Ground-truth label of one injected attack or fault. */
export const AttackLabel = z.strictObject({
  attackId: z.string(),
  type: z.enum(ATTACK_TYPES),
  patientId: PatientId,
  deviceId: z.string(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  /** Dose commands that belong to the attack (empty for sensor-only attacks). */
  commandIds: z.array(z.string()).default([]),
  detail: z.string().max(200).default(''),
});
export type AttackLabel = z.infer<typeof AttackLabel>;

/** Carbohydrates announced to the insulin pump with a meal bolus (the pump's `carbs` frame carries them). */
export const CarbEntryRecord = z.strictObject({
  patientId: PatientId,
  deviceId: z.string(),
  timestampMs: z.number().int().nonnegative(),
  carbsG: z.number().finite().nonnegative().max(400),
});
export type CarbEntryRecord = z.infer<typeof CarbEntryRecord>;
