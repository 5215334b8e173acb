/**
 * The anomaly suite's numbers from the patients' summaries: per attack type and detector the detection rate
 * (95% bootstrap CI over attacks), the share of attack commands flagged and the time to detect; per detector
 * the false alarms per patient-day on attack-free traffic and the false-flag rate on normal insulin commands
 * (95% CIs resampling patients); for the contextual in-limit dose attacks the headline rates, ROC/PR of the
 * full gate's score, the pooled-threshold comparison, and the stage-3 policy options.
 */
import { auroc, averagePrecision, bootstrap, detectionAtFalseAlarmRate, percentile, prCurve, rocCurve, type PrCurve, type RocCurve } from '../metrics/index.js';
import type { AttackType } from '../../datasets/records.js';
import { DETECTORS, EVALUATED_ATTACK_TYPES, STAGE3_POLICY_OPTIONS, type AnomalyConfig, type Detector, type Stage3PolicyOption } from './anomaly-config.js';
import type { AttackResult, PatientSummary, PerDetector, ScoredCommand } from './anomaly-outcomes.js';

const MINUTE_MS = 60_000;
/** A score above every calibrated margin: stages 1–3 of the gate flag at any model threshold. */
const RULES_FLAG_SCORE = 1e6;

/** A rate with its 95% percentile-bootstrap interval. */
export interface Rate {
  value: number;
  lower: number;
  upper: number;
}

/** One detector on one attack type. */
export interface DetectorOnType {
  detected: number;
  detectionRate: Rate;
  /** Attack commands flagged (command attacks). */
  commandsFlagged: number;
  commandDetectionRate: number;
  medianTimeToDetectMinutes: number;
  maxTimeToDetectMinutes: number;
  /** Telemetry attacks: share whose span the attack-free run also flags (detection by coincidence). */
  chanceRate: number;
}

/** One attack type. */
export interface AttackTypeStats {
  type: AttackType;
  stream: 'command' | 'telemetry';
  attacks: number;
  commands: number;
  detectors: PerDetector<DetectorOnType>;
}

/** One detector on attack-free traffic. */
export interface FalseAlarmStats {
  /** Flagged normal commands plus telemetry alarms, per patient-day. */
  perPatientDay: Rate;
  commandsPerPatientDay: number;
  telemetryAlarmsPerPatientDay: number;
  /** Share of normal insulin-pump commands held or rejected (or alarmed on). */
  insulinFalseFlagRate: Rate;
  /** Of the flagged normal insulin commands, the share followed (delivered) by plasma glucose < 70 mg/dL within 4 h. */
  flaggedFollowedByLowShare: number;
  infusionFalseFlagRate: number;
  flaggedWindowShare: number;
}

/** Contextual in-limit dose attacks against normal insulin commands. */
export interface ContextualStats {
  commands: number;
  attacks: number;
  normalCommands: number;
  detectors: PerDetector<{ commandDetectionRate: Rate; attackDetectionRate: number }>;
  /** The full gate with one pooled threshold instead of each site's. */
  pooledThreshold: { commandDetectionRate: number; falseFlagRate: number };
  bySite: Record<string, { commands: number; normalCommands: number; detectionRate: number; falseFlagRate: number }>;
  /** Threshold-free: the full gate's score (rules flags on top, then the autoencoder margin), and the autoencoder alone. */
  auroc: { gate: number; autoencoder: number };
  auprc: { gate: number; autoencoder: number };
  /** The dose autoencoder's own share of flags (score above its threshold), site and pooled calibration. */
  autoencoderAlone: { detectionRate: number; falseFlagRate: number; pooledDetectionRate: number; pooledFalseFlagRate: number };
  /**
   * The full gate's detection if its model threshold were set on these very normal commands so that the gate
   * as a whole flags at most the target share (an oracle no node has); NaN when stages 1–3 alone exceed it.
   */
  detectionAtTargetFalseFlagRate: number;
  /** Share of these normal commands stages 1–3 of the full gate flag on their own. */
  rulesStagesFalseFlagRate: number;
  /** The same commands under each of {@link STAGE3_POLICY_OPTIONS}, recomputed from the recorded reasons and scores. */
  stage3Options: Stage3Option[];
  unscored: { positives: number; negatives: number };
}

/** One stage-3 policy, recomputed post hoc on the recorded reasons and autoencoder margins. */
export interface Stage3Option {
  name: string;
  advisory: readonly string[];
  coveredOnly: boolean;
  setting: string | null;
  /** Normal commands stages 1–3 would still hold or reject. */
  rulesFalseFlagRate: number;
  /** The full gate at the deployed thresholds. */
  detectionRate: number;
  falseFlagRate: number;
  /** Normal commands the gate holds as deployed but not under this policy, and how many of them were followed by glucose < 70 mg/dL within 4 h. */
  released: number;
  releasedFollowedByLow: number;
  /** Oracle: the model threshold set on these normal commands so the gate flags at most the target share; NaN when the rules alone exceed it. */
  detectionAtTargetFalseFlagRate: number;
}

/** Everything the suite reports. */
export interface AnomalyMetrics {
  patients: number;
  patientDays: number;
  attackTypes: AttackTypeStats[];
  falseAlarms: PerDetector<FalseAlarmStats>;
  contextual: ContextualStats;
  excluded: Record<string, number>;
  falseFlagReasons: Record<string, number>;
  /** For the plots (not written to metrics.json). */
  curves: { roc: Record<string, RocCurve & { auroc: number }>; pr: Record<string, PrCurve & { auprc: number }> };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

function rateOver(n: number, metric: (indices: Int32Array) => number, seed: number, resamples: number): Rate {
  if (n === 0) return { value: Number.NaN, lower: Number.NaN, upper: Number.NaN };
  const e = bootstrap(n, metric, { seed, resamples });
  return { value: e.value, lower: e.lower, upper: e.upper };
}

function onType(attacks: readonly AttackResult[], d: Detector, seed: number, resamples: number): DetectorOnType {
  const hit = attacks.map((a) => (a.firstFlagMs[d] !== null ? 1 : 0));
  const delays = attacks.flatMap((a) => (a.firstFlagMs[d] === null ? [] : [(a.firstFlagMs[d]! - a.startMs) / MINUTE_MS]));
  const commands = sum(attacks.map((a) => a.commands));
  const flagged = sum(attacks.map((a) => a.flaggedCommands[d]));
  const chance = attacks.filter((a) => a.chance !== null);
  return {
    detected: sum(hit),
    detectionRate: rateOver(attacks.length, (idx) => sum(Array.from(idx, (i) => hit[i]!)) / idx.length, seed, resamples),
    commandsFlagged: flagged,
    commandDetectionRate: ratio(flagged, commands),
    medianTimeToDetectMinutes: delays.length ? percentile(delays, 50) : Number.NaN,
    maxTimeToDetectMinutes: delays.length ? Math.max(...delays) : Number.NaN,
    chanceRate: chance.length ? chance.filter((a) => a.chance![d]).length / chance.length : Number.NaN,
  };
}

/**
 * The full gate's ROC score of a command: stages 1–3 flags first, then the autoencoder's margin over the site threshold.
 * @param rulesFlag whether stages 1–3 flag it (default: as the gate did).
 */
export function gateScore(c: ScoredCommand, rulesFlag: (c: ScoredCommand) => boolean = (x) => x.gateRulesFlag): number {
  if (rulesFlag(c)) return RULES_FLAG_SCORE;
  return Number.isFinite(c.margin) ? c.margin : -RULES_FLAG_SCORE;
}

/** @returns whether stages 1–3 would hold or reject a command under `option` (its `advisory` reasons only warning). */
export function stage3RulesFlag(option: Stage3PolicyOption): (c: ScoredCommand) => boolean {
  const advisory = new Set(option.advisory);
  return (c) => (option.coveredOnly && !c.coveredBolus ? c.ruleReasons.length > 0 : c.ruleReasons.some((code) => !advisory.has(code)));
}

/** Recomputes the gate's flags with `option.advisory` reasons only warning (on carb-covered boluses only, with `coveredOnly`). */
export function stage3Option(option: Stage3PolicyOption, positives: readonly ScoredCommand[], negatives: readonly ScoredCommand[], target: number): Stage3Option {
  const rulesFlag = stage3RulesFlag(option);
  const flag = (c: ScoredCommand) => rulesFlag(c) || c.margin > 0;
  const share = (list: readonly ScoredCommand[], test: (c: ScoredCommand) => boolean) => ratio(list.filter(test).length, list.length);
  const released = negatives.filter((c) => c.gate && !flag(c));
  const rulesFalseFlagRate = share(negatives, rulesFlag);
  const scores = [...positives, ...negatives].map((c) => gateScore(c, rulesFlag));
  const labels = [...positives.map(() => 1), ...negatives.map(() => 0)];
  return {
    name: option.name, advisory: option.advisory, coveredOnly: option.coveredOnly, setting: option.setting ?? null, rulesFalseFlagRate, detectionRate: share(positives, flag), falseFlagRate: share(negatives, flag),
    released: released.length, releasedFollowedByLow: released.filter((c) => c.followedByLow === true).length,
    detectionAtTargetFalseFlagRate: positives.length && negatives.length && rulesFalseFlagRate <= target ? detectionAtFalseAlarmRate(scores, labels, target).detectionRate : Number.NaN,
  };
}

function contextualStats(patients: readonly PatientSummary[], config: AnomalyConfig, seed: number): { stats: ContextualStats; curves: AnomalyMetrics['curves'] } {
  const resamples = config.bootstrapResamples;
  const all = patients.flatMap((p) => p.scored);
  const positives = all.filter((c) => c.positive);
  const negatives = all.filter((c) => !c.positive);
  const perPatient = patients.map((p) => ({ pos: p.scored.filter((c) => c.positive) }));
  const attackIds = [...new Set(positives.map((c) => c.attackId!))];
  const detectors = Object.fromEntries(DETECTORS.map((d, k) => {
    // An attack counts as detected when any of its in-limit commands is flagged.
    const detected = new Set(positives.filter((c) => c[d]).map((c) => c.attackId!));
    return [d, {
      commandDetectionRate: rateOver(patients.length, (idx) => ratio(sum(Array.from(idx, (i) => perPatient[i]!.pos.filter((c) => c[d]).length)), sum(Array.from(idx, (i) => perPatient[i]!.pos.length))), seed + 300 + k, resamples),
      attackDetectionRate: ratio(detected.size, attackIds.length),
    }];
  })) as ContextualStats['detectors'];
  const labels = [...positives.map(() => 1), ...negatives.map(() => 0)];
  const rows = [...positives, ...negatives];
  const gateScores = rows.map((c) => gateScore(c));
  const aeScores = rows.map((c) => c.margin);
  const binary = (d: 'static' | 'rules') => rows.map((c) => (c[d] ? 1 : 0));
  const curves: AnomalyMetrics['curves'] = { roc: {}, pr: {} };
  const curveOf = (name: string, scores: number[]) => {
    curves.roc[name] = { ...rocCurve(scores, labels), auroc: auroc(scores.filter(Number.isFinite), labels.filter((_, i) => Number.isFinite(scores[i]!))) };
    curves.pr[name] = { ...prCurve(scores, labels), auprc: averagePrecision(scores, labels) };
  };
  if (positives.length && negatives.length) {
    curveOf('gate', gateScores);
    curveOf('autoencoder', aeScores);
    curveOf('rules', binary('rules'));
    curveOf('static', binary('static'));
  }
  const bySite: ContextualStats['bySite'] = {};
  for (const site of [...new Set(all.map((c) => c.site))]) {
    const pos = positives.filter((c) => c.site === site);
    const neg = negatives.filter((c) => c.site === site);
    bySite[site] = { commands: pos.length, normalCommands: neg.length, detectionRate: ratio(pos.filter((c) => c.gate).length, pos.length), falseFlagRate: ratio(neg.filter((c) => c.gate).length, neg.length) };
  }
  const pooledFlag = (c: ScoredCommand) => c.gateRulesFlag || c.pooledMargin > 0;
  const share = (list: readonly ScoredCommand[], test: (c: ScoredCommand) => boolean) => ratio(list.filter(test).length, list.length);
  const rulesStagesFalseFlagRate = share(negatives, (c) => c.gateRulesFlag);
  const reachable = rulesStagesFalseFlagRate <= config.targets.normalFalseFlagRate;
  return {
    curves,
    stats: {
      commands: positives.length,
      attacks: attackIds.length,
      normalCommands: negatives.length,
      detectors,
      pooledThreshold: { commandDetectionRate: ratio(positives.filter(pooledFlag).length, positives.length), falseFlagRate: ratio(negatives.filter(pooledFlag).length, negatives.length) },
      bySite,
      auroc: { gate: curves.roc.gate?.auroc ?? Number.NaN, autoencoder: curves.roc.autoencoder?.auroc ?? Number.NaN },
      auprc: { gate: curves.pr.gate?.auprc ?? Number.NaN, autoencoder: curves.pr.autoencoder?.auprc ?? Number.NaN },
      autoencoderAlone: { detectionRate: share(positives, (c) => c.margin > 0), falseFlagRate: share(negatives, (c) => c.margin > 0), pooledDetectionRate: share(positives, (c) => c.pooledMargin > 0), pooledFalseFlagRate: share(negatives, (c) => c.pooledMargin > 0) },
      detectionAtTargetFalseFlagRate: positives.length && negatives.length && reachable ? detectionAtFalseAlarmRate(gateScores, labels, config.targets.normalFalseFlagRate).detectionRate : Number.NaN,
      rulesStagesFalseFlagRate,
      stage3Options: STAGE3_POLICY_OPTIONS.map((option) => stage3Option(option, positives, negatives, config.targets.normalFalseFlagRate)),
      unscored: { positives: positives.filter((c) => !Number.isFinite(c.margin)).length, negatives: negatives.filter((c) => !Number.isFinite(c.margin)).length },
    },
  };
}

/** @returns the suite's metrics from every patient's summary. */
export function anomalyMetrics(patients: readonly PatientSummary[], config: AnomalyConfig, seed: number): AnomalyMetrics {
  const resamples = config.bootstrapResamples;
  const attacks = patients.flatMap((p) => p.attacks);
  const attackTypes: AttackTypeStats[] = EVALUATED_ATTACK_TYPES.flatMap((type, t) => {
    const ofType = attacks.filter((a) => a.type === type);
    if (ofType.length === 0) return [];
    return [{
      type, stream: ofType[0]!.stream, attacks: ofType.length, commands: sum(ofType.map((a) => a.commands)),
      detectors: Object.fromEntries(DETECTORS.map((d, k) => [d, onType(ofType, d, seed * 1000 + t * 10 + k, resamples)])) as PerDetector<DetectorOnType>,
    }];
  });
  const days = patients.map((p) => p.days);
  const falseAlarms = Object.fromEntries(DETECTORS.map((d, k) => {
    const commandFlags = patients.map((p) => p.normal.flaggedInsulin[d] + p.normal.flaggedInfusion[d]);
    const alarms = patients.map((p) => p.normal.telemetryAlarms[d]);
    const insulin = patients.map((p) => p.normal.insulinCommands);
    const insulinFlags = patients.map((p) => p.normal.flaggedInsulin[d]);
    const over = (values: number[], totals: number[]) => (idx: Int32Array) => ratio(sum(Array.from(idx, (i) => values[i]!)), sum(Array.from(idx, (i) => totals[i]!)));
    return [d, {
      perPatientDay: rateOver(patients.length, over(commandFlags.map((c, i) => c + alarms[i]!), days), seed + 100 + k, resamples),
      commandsPerPatientDay: ratio(sum(commandFlags), sum(days)),
      telemetryAlarmsPerPatientDay: ratio(sum(alarms), sum(days)),
      insulinFalseFlagRate: rateOver(patients.length, over(insulinFlags, insulin), seed + 200 + k, resamples),
      flaggedFollowedByLowShare: ratio(sum(patients.map((p) => p.normal.flaggedFollowedByLow[d])), sum(insulinFlags)),
      infusionFalseFlagRate: ratio(sum(patients.map((p) => p.normal.flaggedInfusion[d])), sum(patients.map((p) => p.normal.infusionCommands))),
      flaggedWindowShare: ratio(sum(patients.map((p) => p.normal.flaggedWindows[d])), sum(patients.map((p) => p.normal.windows))),
    } satisfies FalseAlarmStats];
  })) as PerDetector<FalseAlarmStats>;
  const { stats: contextual, curves } = contextualStats(patients, config, seed);
  const excluded: Record<string, number> = {};
  for (const p of patients) for (const e of p.excluded) excluded[`${e.type}: ${e.reason}`] = (excluded[`${e.type}: ${e.reason}`] ?? 0) + 1;
  const falseFlagReasons: Record<string, number> = {};
  for (const p of patients) for (const [code, n] of Object.entries(p.normal.falseFlagReasons)) falseFlagReasons[code] = (falseFlagReasons[code] ?? 0) + n;
  return { patients: patients.length, patientDays: sum(days), attackTypes, falseAlarms, contextual, excluded, falseFlagReasons, curves };
}
