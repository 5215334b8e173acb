/**
 * Configuration of the anomaly suite: which attack types of the datasets catalogue it scores (everything
 * that concerns dose commands and device telemetry; pillbox spoofing belongs to the adherence suite), the
 * three detectors, the static alarm limits of the conventional baseline with their sources, and the default
 * and quick sizes.
 */
import type { AttackType } from '../../datasets/records.js';
import { TELEMETRY_FAULT_TYPES } from '../../edge-node/telemetry/telemetry-training.js';
import { CONTEXTUAL_ATTACK_TYPES, type SiteCohortOptions } from './site-cohort.js';

/** Attacks on the dose-command stream (insulin pump and infusion pump). */
export const COMMAND_ATTACK_TYPES = [
  'bolus-tamper-outside-limits', 'bolus-tamper-inside-limits', 'bolus-during-low', 'basal-manipulation-sudden', 'basal-manipulation-drift',
  'suspend-attack', 'replayed-command', 'forged-command', 'command-flood', 'infusion-rate-x10',
] as const satisfies readonly AttackType[];
/** Attacks and faults on the telemetry streams (CGM, insulin-pump telemetry): the node's telemetry fault list. */
export const TELEMETRY_ATTACK_TYPES: readonly AttackType[] = [...TELEMETRY_FAULT_TYPES];
/** Every type the suite injects and scores. */
export const EVALUATED_ATTACK_TYPES: readonly AttackType[] = [...COMMAND_ATTACK_TYPES, ...TELEMETRY_ATTACK_TYPES];
/** Dose attacks that stay inside the hard limits (site-cohort's list): only context can catch them. */
export const CONTEXTUAL_TYPES: readonly AttackType[] = CONTEXTUAL_ATTACK_TYPES;

/** The three detectors, compared on the same data. */
export const DETECTORS = ['static', 'rules', 'gate'] as const;
/** One detector. */
export type Detector = (typeof DETECTORS)[number];
/** How the report names a detector. */
export const DETECTOR_NAMES: Record<Detector, string> = {
  static: 'static thresholds',
  rules: 'hard limits + physiology (gate, no model)',
  gate: 'full gate (federated autoencoders)',
};

/**
 * The conventional alarms of detector 1: fixed per device, no patient context. Dose limits are the pump's
 * configured max bolus / max basal (the profile's limits: AndroidAPS HardLimits.kt per age group — max bolus
 * 5/10/17 U, max basal 2/5/10 U/h — raised only as far as the patient's own therapy needs, capped at Loop's
 * 30 U; shared/data/clinical-limits.md), checked against boluses, basal rates and temp basals alike; infusion
 * pumps alarm on drug-library soft and hard limits (DERS: the BD Alaris library of clinical-limits.md).
 */
export interface StaticAlarms {
  /** CGM low alarm: oref0's hypoglycaemia threshold for min_bg 100 (clinical-limits.md). */
  lowMgDl: number;
  /** CGM high alarm: the consensus level-2 hyperglycaemia bound (> 250 mg/dL, datasets/risk.ts time-in-range bands). */
  highMgDl: number;
  /** Signal-loss alarm: no valid reading for longer than oref0's stale-CGM limit (12 min, clinical-limits.md). */
  signalLossMinutes: number;
}

/** Federated training of one autoencoder. */
export interface FederatedSettings {
  rounds: number;
  localEpochs: number;
  learningRate: number;
  batchSize: number;
  /** The edge node's calibration target: the (1 − rate) quantile of scores on the site's hold-out normal rows. */
  targetFalseAlarmRate: number;
}

/**
 * Stage-3 policies the report compares post hoc (a clinical decision, not the suite's): each lists the
 * reason codes that would only warn (ALLOW, reason attached) instead of holding — on every command, or
 * (`coveredOnly`) only on boluses the announced carbs and a correction account for (edge-node/gate/physiology.ts
 * isCoveredBolus), where the predicted low comes from insulin already on board. The first is the gate as deployed.
 */
export interface Stage3PolicyOption {
  name: string;
  advisory: readonly string[];
  coveredOnly: boolean;
  /** The edge-node setting that deploys it, when one does. */
  setting?: string;
}
export const STAGE3_POLICY_OPTIONS: readonly Stage3PolicyOption[] = [
  { name: 'as deployed (every stage-3 finding holds)', advisory: [], coveredOnly: false },
  { name: 'predicted hypoglycaemia only warns', advisory: ['REASON_PREDICTED_HYPOGLYCAEMIA'], coveredOnly: false },
  { name: 'predicted hypoglycaemia and falling glucose only warn', advisory: ['REASON_PREDICTED_HYPOGLYCAEMIA', 'REASON_GLUCOSE_FALLING_FAST'], coveredOnly: false },
  { name: 'predicted hypoglycaemia only warns on carb-covered boluses', advisory: ['REASON_PREDICTED_HYPOGLYCAEMIA'], coveredOnly: true, setting: 'gate.coveredBolusPredictedHypo = warn' },
];

/** Configuration of the anomaly suite. */
export interface AnomalyConfig {
  /** The 4-site cohort the autoencoders are trained (train patients) and calibrated (hold-out patients) on. */
  training: Omit<SiteCohortOptions, 'seed'>;
  dose: FederatedSettings;
  telemetry: FederatedSettings;
  /** Evaluation patients, simulated apart from the training cohort (own seed), twice: with and without attacks. */
  evaluation: { patientsPerSite: number; days: number; attackRatePerPatientDay: number; startDate: string };
  /** A telemetry window (60 min) is scored every this many minutes. */
  telemetryStepMinutes: number;
  /** A telemetry flag counts for an attack from its start to this long after its end (the window length). */
  attributionMinutes: number;
  staticAlarms: StaticAlarms;
  bootstrapResamples: number;
  /** DESIGN.md targets for contextual in-limit dose attacks. */
  targets: { contextualDetection: number; normalFalseFlagRate: number };
}

/** @returns the default (minutes on 2 cores) or quick (tests) configuration. */
export function anomalyConfig(quick: boolean): AnomalyConfig {
  const common = {
    telemetryStepMinutes: 5,
    attributionMinutes: 60,
    staticAlarms: { lowMgDl: 70, highMgDl: 250, signalLossMinutes: 12 },
    targets: { contextualDetection: 0.95, normalFalseFlagRate: 0.01 },
  };
  if (quick) {
    return {
      ...common,
      training: { patientsPerSite: 3, days: 14 },
      dose: { rounds: 3, localEpochs: 4, learningRate: 0.005, batchSize: 32, targetFalseAlarmRate: 0.005 },
      telemetry: { rounds: 2, localEpochs: 2, learningRate: 0.005, batchSize: 64, targetFalseAlarmRate: 0.002 },
      evaluation: { patientsPerSite: 1, days: 7, attackRatePerPatientDay: 2, startDate: '2025-03-03' },
      bootstrapResamples: 50,
    };
  }
  return {
    ...common,
    training: { patientsPerSite: 12, days: 28 },
    dose: { rounds: 20, localEpochs: 8, learningRate: 0.005, batchSize: 64, targetFalseAlarmRate: 0.005 },
    telemetry: { rounds: 10, localEpochs: 3, learningRate: 0.005, batchSize: 64, targetFalseAlarmRate: 0.002 },
    evaluation: { patientsPerSite: 6, days: 21, attackRatePerPatientDay: 1, startDate: '2025-03-03' },
    bootstrapResamples: 200,
  };
}
