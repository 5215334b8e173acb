/**
 * `vigil eval anomaly`: per attack type of the datasets catalogue that concerns dose commands and telemetry,
 * the detection rate, the time to detect and the false alarms per patient-day of three detectors on the same
 * data — static thresholds (conventional pump and CGM alarms), the edge-node gate's rules path (no model), and
 * the full gate with the federated dose-context and telemetry autoencoders calibrated per site — with ROC and
 * precision–recall curves of the full gate on the contextual in-limit dose attacks (DESIGN.md target).
 */
import { selectBackend } from '../../models/training.js';
import { glucoseTracePlot, type VerdictMarker } from '../plots/index.js';
import type { PlotFile } from '../report/index.js';
import { anomalyConfig, type AnomalyConfig } from './anomaly-config.js';
import { evaluationPatientCount, evaluationPatients, type EvaluationPatient } from './anomaly-cohort.js';
import { judgeCommands, type CommandOutcome } from './anomaly-commands.js';
import { anomalyMetrics, type AnomalyMetrics } from './anomaly-metrics.js';
import { deployedModels, type DeployedModels } from './anomaly-models.js';
import { summarisePatient, type PatientSummary } from './anomaly-outcomes.js';
import { anomalyReport } from './anomaly-report.js';
import { judgeTelemetry, minuteSeries } from './anomaly-telemetry.js';
import type { Suite } from './suite.js';

const DAY_MINUTES = 1440;
const SHORT_NAMES = { static: 'static', rules: 'rules', gate: 'full gate' } as const;
/** Attack types a trace is drawn for, in order of preference (contextual: the gate's reason to exist). */
const TRACE_TYPES = ['bolus-during-low', 'bolus-tamper-inside-limits', 'basal-manipulation-sudden'];

/**
 * A glucose trace of the first preferred contextual attack the full gate flagged and the static thresholds
 * did not.
 * @returns the plot, or null when the patient has no such attack.
 */
function traceOf(patient: EvaluationPatient, summary: PatientSummary, commands: readonly CommandOutcome[]): PlotFile | null {
  const attack = TRACE_TYPES.flatMap((type) => summary.attacks.filter((a) => a.type === type && a.firstFlagMs.gate !== null && a.firstFlagMs.static === null))[0];
  if (!attack) return null;
  const day = Math.floor((attack.startMs - patient.startMs) / (DAY_MINUTES * 60_000));
  const from = day * DAY_MINUTES;
  const dayStartMs = patient.startMs + from * 60_000;
  const cgm = Array.from(minuteSeries(patient.attacked.telemetry).cgm.subarray(from, from + DAY_MINUTES), (g) => (g > 0 ? g : Number.NaN));
  const verdicts: VerdictMarker[] = commands
    .filter((c) => c.arrivalMs >= dayStartMs && c.arrivalMs < dayStartMs + DAY_MINUTES * 60_000 && c.kind !== 'INFUSION_RATE' && c.kind !== 'INFUSION_BOLUS')
    .map((c) => ({ minute: (c.arrivalMs - dayStartMs) / 60_000, verdict: c.gate }));
  const startMinute = (attack.startMs - dayStartMs) / 60_000;
  const outcome = (['static', 'rules', 'gate'] as const).map((d) => `${SHORT_NAMES[d]} ${attack.firstFlagMs[d] === null ? 'missed' : 'flagged'}`).join(', ');
  return {
    file: `trace-${attack.type}.svg`,
    alt: `Glucose trace of a ${attack.type} attack with the full gate's verdicts`,
    svg: glucoseTracePlot({
      title: `${patient.site}, ${patient.profile.ageGroup}: ${attack.type}`,
      subtitle: `${attack.detail} — ${outcome}`,
      runs: [
        { name: 'plasma glucose (true)', glucoseMgDl: patient.attacked.bgMgDl.subarray(from, from + DAY_MINUTES), color: '#0072B2' },
        { name: 'CGM as the gate saw it', glucoseMgDl: cgm, color: '#999999', dashed: true },
      ],
      attackWindow: { startMinute, endMinute: Math.max(startMinute + 15, (attack.endMs - dayStartMs) / 60_000), label: 'attack' },
      verdicts,
    }),
  };
}

/** What one run of the suite produced before reporting. */
interface Evaluated {
  summaries: PatientSummary[];
  trace: PlotFile | null;
  seconds: { simulation: number; commands: number; telemetry: number };
  commandsJudged: number;
  windowsJudged: number;
}

function evaluate(config: AnomalyConfig, seed: number, models: DeployedModels, progress: (index: number, note: string) => void): Evaluated {
  const out: Evaluated = { summaries: [], trace: null, seconds: { simulation: 0, commands: 0, telemetry: 0 }, commandsJudged: 0, windowsJudged: 0 };
  let clock = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = (now - clock) / 1000;
    clock = now;
    return elapsed;
  };
  let index = 0;
  for (const patient of evaluationPatients(config, seed)) {
    out.seconds.simulation += lap();
    progress(index++, `${patient.site} patient ${patient.index + 1}`);
    // A site that could not train uses the pooled calibration (never the case at the default sizes).
    const dose = { site: models.dose.bySite.get(patient.site) ?? models.dose.pooled, pooled: models.dose.pooled };
    const telemetry = models.telemetry.bySite.get(patient.site) ?? models.telemetry.pooled;
    const normalCommands = judgeCommands(patient.normal.commands, dose);
    const attackedCommands = judgeCommands(patient.attacked.commands, dose);
    out.seconds.commands += lap();
    const normalTelemetry = judgeTelemetry(patient.normal.telemetry, config.telemetryStepMinutes, config.staticAlarms, telemetry);
    const attackedTelemetry = judgeTelemetry(patient.attacked.telemetry, config.telemetryStepMinutes, config.staticAlarms, telemetry);
    out.seconds.telemetry += lap();
    out.commandsJudged += normalCommands.length + attackedCommands.length;
    out.windowsJudged += normalTelemetry.endMs.length + attackedTelemetry.endMs.length;
    const summary = summarisePatient(patient, { normalCommands, attackedCommands, normalTelemetry, attackedTelemetry, doseThreshold: dose.site.scoring.threshold, pooledThreshold: dose.pooled.scoring.threshold }, config);
    out.summaries.push(summary);
    out.trace ??= traceOf(patient, summary, attackedCommands);
    lap();
  }
  return out;
}

const round = (value: number, digits = 6) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** @returns metrics.json's `metrics`: everything but the curves' points, numbers rounded to 6 decimals. */
function metricsJson(m: AnomalyMetrics, models: DeployedModels): Record<string, unknown> {
  const { curves: _curves, ...rest } = m;
  const model = (d: DeployedModels['dose']) => ({
    thresholds: { bySite: Object.fromEntries([...d.bySite.entries()].map(([site, s]) => [site, s.scoring.threshold])), pooled: d.pooled.scoring.threshold },
    rows: d.rows,
    rounds: d.rounds.map((r) => ({ round: r.round, sites: r.sites, totalSamples: r.totalSamples, updateNormMean: r.updateNormMean })),
  });
  const all = { ...rest, models: { dose: model(models.dose), telemetry: model(models.telemetry), trainingPatients: models.cohort.patients } };
  return JSON.parse(JSON.stringify(all, (_key, value: unknown) => (typeof value === 'number' ? round(value) : value))) as Record<string, unknown>;
}

/** The anomaly suite. */
export const anomalySuite: Suite = {
  name: 'anomaly',
  summary: 'attack detection per type: static thresholds vs the gate\'s rules vs the full gate with federated autoencoders (detection, time to detect, false alarms per patient-day, ROC/PR)',
  details: 'Default: autoencoders federated over 4 sites × 8 patients × 28 days (per-site thresholds on hold-out patients); 24 evaluation patients × 21 days, each run with ~1 attack per patient-day and without attacks. Quick: 4 × 3 patients × 14 days for training, 4 evaluation patients × 7 days.',
  async run(context) {
    const config = anomalyConfig(context.quick);
    const backend = await selectBackend();
    const patients = evaluationPatientCount(config);
    const progress = context.progress('train, calibrate, replay', patients + 1);
    const started = performance.now();
    const models = await deployedModels({ cohort: config.training, dose: config.dose, telemetry: config.telemetry, seed: context.seed, progress: (note) => progress.update(0, note) });
    const trainingSeconds = (performance.now() - started) / 1000;
    const evaluated = evaluate(config, context.seed, models, (index, note) => progress.update(index + 1, note));
    progress.finish();
    const metrics = anomalyMetrics(evaluated.summaries, config, context.seed);
    return {
      config: { ...config },
      tfjsBackend: backend,
      metrics: metricsJson(metrics, models),
      measurements: {
        seconds: { training: round(trainingSeconds, 2), trainingCohortGeneration: round(models.cohort.generationSeconds, 2), doseFederated: round(models.dose.seconds, 2), telemetryFederated: round(models.telemetry.seconds, 2), ...Object.fromEntries(Object.entries(evaluated.seconds).map(([k, v]) => [k, round(v, 2)])) },
        commandsJudged: evaluated.commandsJudged,
        windowsJudged: evaluated.windowsJudged,
        microsecondsPerCommand: round((evaluated.seconds.commands / Math.max(1, evaluated.commandsJudged)) * 1e6, 1),
        microsecondsPerWindow: round((evaluated.seconds.telemetry / Math.max(1, evaluated.windowsJudged)) * 1e6, 1),
      },
      report: anomalyReport(config, metrics, models, evaluated.trace),
    };
  },
};
