/**
 * Turns one evaluation patient's detector outputs into a compact summary: per attack, when each detector
 * first flagged it and how many of its commands it flagged; on the attack-free run, how many normal commands
 * and telemetry alarms each detector raised; and the scored commands the ROC curves are drawn from.
 */
import type { AttackType } from '../../datasets/records.js';
import { COMMAND_ATTACK_TYPES, CONTEXTUAL_TYPES, DETECTORS, type AnomalyConfig, type Detector } from './anomaly-config.js';
import type { EvaluationPatient } from './anomaly-cohort.js';
import type { CommandOutcome } from './anomaly-commands.js';
import type { TelemetryFlags } from './anomaly-telemetry.js';

const MINUTE_MS = 60_000;
const LOW_MG_DL = 70;
const FOLLOW_MINUTES = 240;
const COMMAND_TYPES: ReadonlySet<AttackType> = new Set(COMMAND_ATTACK_TYPES);
const CONTEXTUAL: ReadonlySet<AttackType> = new Set(CONTEXTUAL_TYPES);

/** Per detector. */
export type PerDetector<T> = Record<Detector, T>;
const perDetector = <T>(make: (d: Detector) => T): PerDetector<T> => Object.fromEntries(DETECTORS.map((d) => [d, make(d)])) as PerDetector<T>;

/** One attack and what each detector did about it. */
export interface AttackResult {
  attackId: string;
  type: AttackType;
  stream: 'command' | 'telemetry';
  site: string;
  patientId: string;
  startMs: number;
  endMs: number;
  detail: string;
  /** Scored attack commands (command attacks; 0 for telemetry). */
  commands: number;
  flaggedCommands: PerDetector<number>;
  /** Time of the detector's first flag attributed to the attack, or null. */
  firstFlagMs: PerDetector<number | null>;
  /** Telemetry only: whether the attack-free run flags the same span (detection by coincidence). */
  chance: PerDetector<boolean> | null;
}

/** One insulin command scored for the ROC: a contextual in-limit attack command or a normal command. */
export interface ScoredCommand {
  positive: boolean;
  site: string;
  patientId: string;
  attackId: string | null;
  type: AttackType | null;
  static: boolean;
  rules: boolean;
  gate: boolean;
  /** Stages 1–3 of the full gate objected. */
  gateRulesFlag: boolean;
  /** The reason codes of stages 1–3 when they objected (empty otherwise). */
  ruleReasons: string[];
  /** A carb-covered bolus (edge-node/gate/physiology.ts isCoveredBolus). */
  coveredBolus: boolean;
  /** Normal commands: plasma glucose fell below 70 mg/dL within 4 h of it (delivered, as it was); null for attack commands. */
  followedByLow: boolean | null;
  /** Autoencoder score minus the site's threshold (NaN: unscorable). */
  margin: number;
  /** The same against the pooled calibration. */
  pooledMargin: number;
}

/** One patient's summary. */
export interface PatientSummary {
  site: string;
  patientId: string;
  ageGroup: string;
  days: number;
  normal: {
    insulinCommands: number;
    infusionCommands: number;
    flaggedInsulin: PerDetector<number>;
    flaggedInfusion: PerDetector<number>;
    /** Flagged normal insulin commands after which (delivered, as they were) plasma glucose fell below 70 mg/dL within 4 h. */
    flaggedFollowedByLow: PerDetector<number>;
    /** Normal insulin commands the full gate flags with the pooled threshold instead of the site's. */
    pooledFlaggedInsulin: number;
    /** Normal insulin commands the dose autoencoder could not score (the gate falls back to its rules). */
    unscoredInsulin: number;
    windows: number;
    flaggedWindows: PerDetector<number>;
    /** Alarms: runs of consecutive flagged windows. */
    telemetryAlarms: PerDetector<number>;
    unscoredWindows: number;
    /** Reason codes of the normal commands the full gate held or rejected. */
    falseFlagReasons: Record<string, number>;
  };
  attacks: AttackResult[];
  /** Attacks not scored, with why (e.g. infusion-pump faults: no detector here reads infusion telemetry). */
  excluded: { type: AttackType; reason: string }[];
  scored: ScoredCommand[];
}

/** The detectors' outputs for one patient. */
export interface PatientOutputs {
  normalCommands: readonly CommandOutcome[];
  attackedCommands: readonly CommandOutcome[];
  normalTelemetry: TelemetryFlags;
  attackedTelemetry: TelemetryFlags;
  /** The site's and the pooled calibration's dose thresholds. */
  doseThreshold: number;
  pooledThreshold: number;
}

const isInsulin = (o: CommandOutcome) => o.kind !== 'INFUSION_RATE' && o.kind !== 'INFUSION_BOLUS';
const flagged = (o: CommandOutcome): PerDetector<boolean> => ({ static: o.static, rules: o.rules !== 'ALLOW', gate: o.gate !== 'ALLOW' });

/** @returns the command as the ROC and the stage-3 options see it (margins against the given thresholds). */
export function scoredCommand(o: CommandOutcome, positive: boolean, patient: EvaluationPatient, threshold: number, pooledThreshold: number, followedByLow: boolean | null): ScoredCommand {
  const f = flagged(o);
  return {
    positive, site: patient.site, patientId: patient.profile.patientId, attackId: o.attackId, type: o.type, static: f.static, rules: f.rules, gate: f.gate,
    gateRulesFlag: o.gateRulesFlag, ruleReasons: o.gateRulesFlag ? o.reasons.filter((code) => code !== 'REASON_ANOMALY_SCORE_ABOVE_THRESHOLD') : [], followedByLow, coveredBolus: o.coveredBolus, margin: o.score - threshold, pooledMargin: o.pooledScore - pooledThreshold,
  };
}

function telemetryAttack(flags: TelemetryFlags, normal: TelemetryFlags, startMs: number, endMs: number, attributionMs: number) {
  const firstFlagMs = perDetector<number | null>(() => null);
  const chance = perDetector(() => false);
  for (let k = 0; k < flags.endMs.length; k++) {
    const t = flags.endMs[k]!;
    if (t <= startMs || t > endMs + attributionMs) continue;
    for (const d of DETECTORS) {
      if (flags[d][k] && firstFlagMs[d] === null) firstFlagMs[d] = t;
      if (normal[d][k]) chance[d] = true;
    }
  }
  return { firstFlagMs, chance };
}

/** @returns the patient's summary. */
export function summarisePatient(patient: EvaluationPatient, outputs: PatientOutputs, config: AnomalyConfig): PatientSummary {
  const { normalCommands, attackedCommands, normalTelemetry, attackedTelemetry, doseThreshold, pooledThreshold } = outputs;
  const normal: PatientSummary['normal'] = {
    insulinCommands: 0, infusionCommands: 0, flaggedInsulin: perDetector(() => 0), flaggedInfusion: perDetector(() => 0), flaggedFollowedByLow: perDetector(() => 0), pooledFlaggedInsulin: 0, unscoredInsulin: 0,
    windows: normalTelemetry.endMs.length, flaggedWindows: perDetector(() => 0), telemetryAlarms: perDetector(() => 0), unscoredWindows: 0, falseFlagReasons: {},
  };
  const scoredCommands: ScoredCommand[] = [];
  for (const o of normalCommands) {
    const f = flagged(o);
    if (!isInsulin(o)) {
      normal.infusionCommands++;
      for (const d of DETECTORS) if (f[d]) normal.flaggedInfusion[d]++;
      continue;
    }
    normal.insulinCommands++;
    const low = followedByLow(patient, o.arrivalMs);
    for (const d of DETECTORS) {
      if (!f[d]) continue;
      normal.flaggedInsulin[d]++;
      if (low) normal.flaggedFollowedByLow[d]++;
    }
    if (o.gateRulesFlag || o.pooledScore > pooledThreshold) normal.pooledFlaggedInsulin++;
    if (!Number.isFinite(o.score)) normal.unscoredInsulin++;
    if (f.gate) for (const code of o.reasons) normal.falseFlagReasons[code] = (normal.falseFlagReasons[code] ?? 0) + 1;
    scoredCommands.push(scoredCommand(o, false, patient, doseThreshold, pooledThreshold, low));
  }
  for (let k = 0; k < normalTelemetry.endMs.length; k++) {
    if (!Number.isFinite(normalTelemetry.score[k]!)) normal.unscoredWindows++;
    for (const d of DETECTORS) {
      if (!normalTelemetry[d][k]) continue;
      normal.flaggedWindows[d]++;
      if (k === 0 || !normalTelemetry[d][k - 1]) normal.telemetryAlarms[d]++;
    }
  }

  const byAttack = new Map<string, CommandOutcome[]>();
  for (const o of attackedCommands) {
    if (o.role !== 'attack' || o.attackId === null) continue;
    byAttack.set(o.attackId, [...(byAttack.get(o.attackId) ?? []), o]);
    if (o.type && CONTEXTUAL.has(o.type) && o.insideLimits) scoredCommands.push(scoredCommand(o, true, patient, doseThreshold, pooledThreshold, null));
  }
  const attacks: AttackResult[] = [];
  const excluded: PatientSummary['excluded'] = [];
  const { pumpDeviceId, cgmDeviceId } = deviceIds(patient);
  for (const label of patient.attacked.labels) {
    const base = { attackId: label.attackId, type: label.type, site: patient.site, patientId: patient.profile.patientId, endMs: label.endMs, detail: label.detail };
    if (COMMAND_TYPES.has(label.type)) {
      const items = byAttack.get(label.attackId) ?? [];
      if (items.length === 0) {
        excluded.push({ type: label.type, reason: 'no scored command' });
        continue;
      }
      const firstFlagMs = perDetector<number | null>(() => null);
      const flaggedCommands = perDetector(() => 0);
      for (const outcome of items) {
        const f = flagged(outcome);
        for (const d of DETECTORS) {
          if (!f[d]) continue;
          flaggedCommands[d]++;
          firstFlagMs[d] ??= outcome.arrivalMs;
        }
      }
      attacks.push({ ...base, stream: 'command', startMs: Math.min(...items.map((i) => i.arrivalMs)), commands: items.length, flaggedCommands, firstFlagMs, chance: null });
      continue;
    }
    if (label.deviceId !== pumpDeviceId && label.deviceId !== cgmDeviceId) {
      excluded.push({ type: label.type, reason: 'infusion-pump fault: no detector here reads infusion telemetry' });
      continue;
    }
    const { firstFlagMs, chance } = telemetryAttack(attackedTelemetry, normalTelemetry, label.startMs, label.endMs, config.attributionMinutes * MINUTE_MS);
    attacks.push({ ...base, stream: 'telemetry', startMs: label.startMs, commands: 0, flaggedCommands: perDetector(() => 0), firstFlagMs, chance });
  }
  return { site: patient.site, patientId: patient.profile.patientId, ageGroup: patient.profile.ageGroup, days: patient.days, normal, attacks, excluded, scored: scoredCommands };
}

/** @returns whether the attack-free run's plasma glucose fell below 70 mg/dL within 4 h of `atMs`. */
function followedByLow(patient: EvaluationPatient, atMs: number): boolean {
  const from = Math.max(0, Math.floor((atMs - patient.startMs) / MINUTE_MS));
  return patient.normal.bgMgDl.subarray(from, from + FOLLOW_MINUTES).some((bg) => bg < LOW_MG_DL);
}

function deviceIds(patient: EvaluationPatient): { pumpDeviceId: string; cgmDeviceId: string } {
  let pumpDeviceId = '';
  let cgmDeviceId = '';
  for (const [id, device] of patient.attacked.commands.devices) {
    if (device.kind === 'insulin-pump') pumpDeviceId = id;
    if (device.kind === 'cgm') cgmDeviceId = id;
  }
  return { pumpDeviceId, cgmDeviceId };
}
