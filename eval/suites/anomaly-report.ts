/**
 * The anomaly suite's report: headline against DESIGN.md's targets, per-attack detection with time to detect,
 * false alarms on attack-free traffic, the contextual in-limit attacks (ROC, PR, per site, pooled vs per-site
 * thresholds), the deployed models, and one attack's glucose trace with the full gate's verdicts.
 */
import { barChart, lineChart, prPlot, rocPlot } from '../plots/index.js';
import { percent, table, type HeadlineItem, type PlotFile, type ReportSection, type SuiteReport } from '../report/index.js';
import { DETECTOR_NAMES, DETECTORS, type AnomalyConfig } from './anomaly-config.js';
import type { AnomalyMetrics, Rate } from './anomaly-metrics.js';
import type { DeployedModels } from './anomaly-models.js';

const ci = (r: Rate, decimals = 1) => `${percent(r.value, decimals)} (${percent(r.lower, decimals)}–${percent(r.upper, decimals)})`;
const minutes = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} min` : '—');
const perDay = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const POINT_NAMES = { static: 'static', rules: 'rules', gate: 'full gate' } as const;
const CURVE_NAMES: Record<string, string> = { gate: 'full gate', autoencoder: 'dose autoencoder alone', rules: 'rules (no model)', static: 'static thresholds' };

/** @returns the headline: the contextual target, then each detector's numbers. */
export function anomalyHeadline(m: AnomalyMetrics, config: AnomalyConfig): HeadlineItem[] {
  const c = m.contextual;
  const gate = c.detectors.gate.commandDetectionRate;
  const falseFlags = m.falseAlarms.gate.insulinFalseFlagRate;
  const { contextualDetection, normalFalseFlagRate } = config.targets;
  const deployable = c.stage3Options.filter((o) => o.setting !== null);
  return [
    { label: `contextual dose attacks inside hard limits held or rejected by the full gate (${c.commands} commands of ${c.attacks} attacks, 95% CI)`, value: ci(gate), target: `≥ ${percent(contextualDetection, 0)}`, met: gate.value >= contextualDetection },
    { label: `normal insulin commands held or rejected by the full gate (false flags; ${c.normalCommands} commands, thresholds calibrated per site)`, value: ci(falseFlags, 2), target: `≤ ${percent(normalFalseFlagRate, 0)}`, met: falseFlags.value <= normalFalseFlagRate },
    { label: 'of the full gate\'s false flags: raised by stages 1–3 alone (no model) / followed by plasma glucose < 70 mg/dL within 4 h when delivered', value: `${percent(c.rulesStagesFalseFlagRate / falseFlags.value, 0)} / ${percent(m.falseAlarms.gate.flaggedFollowedByLowShare, 0)}` },
    { label: 'the same attacks counted per attack (flagged when any of its in-limit commands is) by the full gate', value: percent(c.detectors.gate.attackDetectionRate) },
    ...deployable.map((o) => ({ label: `the full gate with ${o.setting} (${o.name}; recomputed on the same replay): attack commands / normal commands flagged`, value: `${percent(o.detectionRate)} / ${percent(o.falseFlagRate, 2)}` })),
    { label: 'the same attacks: static thresholds / hard limits + physiology (no model)', value: `${percent(c.detectors.static.commandDetectionRate.value)} / ${percent(c.detectors.rules.commandDetectionRate.value)}` },
    { label: 'false flags on normal insulin commands: static / rules', value: `${percent(m.falseAlarms.static.insulinFalseFlagRate.value, 2)} / ${percent(m.falseAlarms.rules.insulinFalseFlagRate.value, 2)}` },
    { label: 'full gate with one pooled threshold instead of per-site thresholds: detection / false flags', value: `${percent(c.pooledThreshold.commandDetectionRate)} / ${percent(c.pooledThreshold.falseFlagRate, 2)}` },
    { label: 'AUROC of the full gate\'s score (contextual attacks vs normal commands)', value: c.auroc.gate.toFixed(3) },
    { label: 'false alarms per patient-day, commands + telemetry (static / rules / full gate)', value: DETECTORS.map((d) => perDay(m.falseAlarms[d].perPatientDay.value)).join(' / ') },
  ];
}

function detectionSection(m: AnomalyMetrics): ReportSection {
  const rows = m.attackTypes.map((t) => [
    t.type, t.stream, t.attacks,
    ...DETECTORS.map((d) => {
      const s = t.detectors[d];
      const chance = t.stream === 'telemetry' && Number.isFinite(s.chanceRate) ? `; by chance ${percent(s.chanceRate, 0)}` : '';
      const commands = t.stream === 'command' && t.commands > t.attacks ? `; ${s.commandsFlagged}/${t.commands} commands` : '';
      return `${ci(s.detectionRate, 0)} · ${minutes(s.medianTimeToDetectMinutes)}${commands}${chance}`;
    }),
  ]);
  const chart = barChart({
    title: 'Attacks detected, by type and detector',
    subtitle: `${m.patients} evaluation patients, ${m.patientDays} patient-days; bars: share of attacks with at least one flag (95% bootstrap CI)`,
    categories: m.attackTypes.map((t) => t.type),
    groups: DETECTORS.map((d) => ({ name: DETECTOR_NAMES[d], values: m.attackTypes.map((t) => t.detectors[d].detectionRate.value), intervals: m.attackTypes.map((t) => [t.detectors[d].detectionRate.lower, t.detectors[d].detectionRate.upper] as const) })),
    yLabel: 'Attacks detected (share)', yDomain: [0, 1], valueFormat: (v) => `${Math.round(v * 100)}`,
  });
  return {
    heading: 'Detection by attack type',
    markdown: 'Each cell: attacks detected (95% CI over attacks) · median minutes from the attack\'s start (its first command\'s arrival, or the label\'s start for telemetry) to the first flag; for multi-command attacks the attack commands flagged; for telemetry attacks the share whose span the attack-free run of the same patient also flags ("by chance": a CGM alarm that would have fired anyway).\n\n' +
      table(['attack type', 'stream', 'attacks', ...DETECTORS.map((d) => DETECTOR_NAMES[d])], rows, ['left', 'left', 'right', 'right', 'right', 'right']) +
      (Object.keys(m.excluded).length ? `\nNot scored: ${Object.entries(m.excluded).map(([why, n]) => `${n} × ${why}`).join('; ')} (two attacks that altered the same command leave the earlier label without a command of its own).\n` : ''),
    plots: [{ file: 'detection-by-attack.svg', alt: 'Share of attacks detected per attack type and detector', svg: chart }],
  };
}

function falseAlarmSection(m: AnomalyMetrics): ReportSection {
  const rows = DETECTORS.map((d) => {
    const f = m.falseAlarms[d];
    return [DETECTOR_NAMES[d], `${perDay(f.perPatientDay.value)} (${perDay(f.perPatientDay.lower)}–${perDay(f.perPatientDay.upper)})`, perDay(f.commandsPerPatientDay), perDay(f.telemetryAlarmsPerPatientDay), ci(f.insulinFalseFlagRate, 2), percent(f.flaggedFollowedByLowShare, 0), percent(f.infusionFalseFlagRate, 2), percent(f.flaggedWindowShare, 2)];
  });
  const reasons = Object.entries(m.falseFlagReasons).sort((a, b) => b[1] - a[1]);
  const chart = barChart({
    title: 'False alarms per patient-day on attack-free traffic',
    subtitle: 'the same patients and days as the attacked run, without attacks or faults',
    categories: DETECTORS.map((d) => DETECTOR_NAMES[d]),
    groups: [
      { name: 'flagged normal commands', values: DETECTORS.map((d) => m.falseAlarms[d].commandsPerPatientDay) },
      { name: 'telemetry alarms', values: DETECTORS.map((d) => m.falseAlarms[d].telemetryAlarmsPerPatientDay) },
    ],
    yLabel: 'Alarms per patient-day', valueFormat: (v) => v.toFixed(2),
  });
  return {
    heading: 'False alarms on attack-free traffic',
    markdown: 'A telemetry alarm is a run of consecutive flagged windows (one alarm however long it lasts); every flagged command is one alarm. CIs resample patients. A flagged normal command was delivered in the simulation all the same: where plasma glucose then fell below 70 mg/dL within 4 h the hold had a physiological reason, though no attacker was involved.\n\n' +
      table(['detector', 'alarms / patient-day (95% CI)', 'commands / patient-day', 'telemetry alarms / patient-day', 'normal insulin commands flagged (95% CI)', 'of those, followed by glucose < 70 mg/dL within 4 h', 'normal infusion commands flagged', 'telemetry windows flagged'], rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right']) +
      (reasons.length ? '\n\nWhy the full gate held or rejected normal insulin commands (reason codes; a command can have several):\n\n' + table(['reason', 'commands'], reasons.map(([code, n]) => [code, n]), ['left', 'right']) : ''),
    plots: [{ file: 'false-alarms.svg', alt: 'False alarms per patient-day per detector', svg: chart }],
  };
}

/** @returns the ROC between 0 and 5% false flags, with the target and where each detector operates as deployed. */
function lowFarRoc(m: AnomalyMetrics, config: AnomalyConfig): string {
  const c = m.contextual;
  const target = config.targets.normalFalseFlagRate;
  const points = DETECTORS.map((d) => ({ name: `${POINT_NAMES[d]}, as deployed`, x: [m.falseAlarms[d].insulinFalseFlagRate.value], y: [c.detectors[d].commandDetectionRate.value], markers: true, strokeWidth: 0 }));
  return lineChart({
    title: 'Contextual in-limit dose attacks: the low false-flag end',
    subtitle: `target: ≥ ${percent(config.targets.contextualDetection, 0)} detected at ≤ ${percent(target, 0)} false flags (shaded)`,
    xLabel: 'False-flag rate on normal insulin commands', yLabel: 'Attack commands flagged',
    xDomain: [0, 0.05], yDomain: [0, 1], xExact: true, yExact: true, width: 780, height: 520,
    series: [
      ...Object.keys(m.curves.roc).filter((k) => k === 'gate' || k === 'autoencoder').map((k) => ({ name: CURVE_NAMES[k] ?? k, x: m.curves.roc[k]!.falsePositiveRate, y: m.curves.roc[k]!.truePositiveRate })),
      ...points,
    ],
    bands: [{ x0: 0, x1: target, y0: config.targets.contextualDetection, y1: 1, color: '#009E73', opacity: 0.15, label: 'target' }],
  });
}

function contextualSection(m: AnomalyMetrics, config: AnomalyConfig): ReportSection {
  const c = m.contextual;
  const curves = Object.keys(m.curves.roc);
  const plots: PlotFile[] = curves.length === 0 ? [] : [
    { file: 'roc-contextual.svg', alt: 'ROC of contextual in-limit dose attacks against normal insulin commands', svg: rocPlot({ title: 'Contextual in-limit dose attacks vs normal commands', subtitle: `${c.commands} attack commands, ${c.normalCommands} normal commands of held-out patients`, curves: curves.map((k) => ({ name: CURVE_NAMES[k] ?? k, falsePositiveRate: m.curves.roc[k]!.falsePositiveRate, truePositiveRate: m.curves.roc[k]!.truePositiveRate, auroc: m.curves.roc[k]!.auroc })) }) },
    { file: 'roc-contextual-low-far.svg', alt: 'ROC at low false-flag rates with the target and the deployed operating points', svg: lowFarRoc(m, config) },
    { file: 'pr-contextual.svg', alt: 'Precision-recall of contextual in-limit dose attacks against normal insulin commands', svg: prPlot({ title: 'Contextual in-limit dose attacks: precision–recall', prevalence: c.commands / Math.max(1, c.commands + c.normalCommands), curves: curves.map((k) => ({ name: CURVE_NAMES[k] ?? k, recall: m.curves.pr[k]!.recall, precision: m.curves.pr[k]!.precision, auprc: m.curves.pr[k]!.auprc })) }) },
  ];
  const rows = DETECTORS.map((d) => [DETECTOR_NAMES[d], ci(c.detectors[d].commandDetectionRate), percent(c.detectors[d].attackDetectionRate), ci(m.falseAlarms[d].insulinFalseFlagRate, 2)]);
  rows.push(['full gate, one pooled threshold', percent(c.pooledThreshold.commandDetectionRate), '', percent(c.pooledThreshold.falseFlagRate, 2)]);
  const sites = Object.entries(c.bySite).map(([site, s]) => [site, s.commands, percent(s.detectionRate), s.normalCommands, percent(s.falseFlagRate, 2)]);
  return {
    heading: 'Contextual dose attacks inside the hard limits',
    markdown: `Commands of the contextual types (bolus tamper inside limits, bolus during a low, sudden and drifting basal, suspend) whose amount is within the patient's max bolus / max basal, against the normal insulin commands of the attack-free run. The full gate's score for the curves: commands stages 1–3 flag rank first, the rest by the autoencoder's score minus its site's threshold (0 is the deployed operating point). Rows the autoencoder cannot score (a feature out of its range) fall back to the rules: ${c.unscored.positives} attack and ${c.unscored.negatives} normal commands.\n\n` +
      `Where the false flags come from: stages 1–3 of the full gate flag ${percent(c.rulesStagesFalseFlagRate, 2)} of these normal commands on their own; the autoencoder alone flags ${percent(c.autoencoderAlone.falseFlagRate, 2)} of them (calibrated to ${percent(config.dose.targetFalseAlarmRate, 1)} on hold-out patients; ${percent(c.autoencoderAlone.pooledFalseFlagRate, 2)} with the pooled threshold) and ${percent(c.autoencoderAlone.detectionRate)} of the attack commands. ` +
      (Number.isFinite(c.detectionAtTargetFalseFlagRate)
        ? `With the model threshold set on these very normal commands so that the gate flags at most ${percent(config.targets.normalFalseFlagRate, 0)} of them (an oracle no node has), it would detect ${percent(c.detectionAtTargetFalseFlagRate)}.\n\n`
        : `No model threshold can bring the gate to ${percent(config.targets.normalFalseFlagRate, 0)} false flags: the rules stages alone exceed it.\n\n`) +
      table(['detector', 'attack commands flagged (95% CI)', 'attacks flagged', 'normal commands flagged (95% CI)'], rows, ['left', 'right', 'right', 'right']) +
      '\n\nFull gate per site (each site calibrates its own threshold on its hold-out patients):\n\n' + table(['site', 'attack commands', 'flagged', 'normal commands', 'flagged'], sites, ['left', 'right', 'right', 'right', 'right']) +
      stage3Table(m, config),
    plots,
  };
}

/** The stage-3 policy options, recomputed post hoc: the numbers a clinical owner needs to choose between them. */
function stage3Table(m: AnomalyMetrics, config: AnomalyConfig): string {
  const target = percent(config.targets.normalFalseFlagRate, 0);
  const rows = m.contextual.stage3Options.map((o) => [
    o.setting ? `${o.name} (${o.setting})` : o.name, percent(o.rulesFalseFlagRate, 2), percent(o.detectionRate), percent(o.falseFlagRate, 2),
    o.released === 0 ? '0' : `${o.released} (${o.releasedFollowedByLow} followed by a low)`,
    Number.isFinite(o.detectionAtTargetFalseFlagRate) ? percent(o.detectionAtTargetFalseFlagRate) : 'unreachable',
  ]);
  return '\n\nStage-3 policy options. Which stage-3 findings hold a command is a clinical decision; Vigil ships the conservative one (every finding holds). ' +
    'The other rows recompute the same replay with some findings only warning (ALLOW with the reason attached): from the recorded reason codes and autoencoder margins, ' +
    'so later commands still see the patient state the deployed gate produced. "Released" counts the normal commands the deployed gate held that the option lets through, ' +
    'and how many of them were followed by plasma glucose < 70 mg/dL within 4 h. The last column is an oracle (the model threshold set on these normal commands).\n\n' +
    table(['stage-3 policy', 'normal commands flagged by stages 1–3', 'attack commands flagged (deployed thresholds)', 'normal commands flagged (deployed thresholds)', 'normal commands released', `attack commands flagged at ≤ ${target} false flags (oracle threshold)`], rows, ['left', 'right', 'right', 'right', 'right', 'right']);
}

function modelSection(models: DeployedModels): ReportSection {
  const rows = [models.dose, models.telemetry].flatMap((model) => [...model.bySite.entries()].map(([site, scorer]) => [
    model.kind, site, model.rows[site]?.train ?? 0, model.rows[site]?.holdout ?? 0, scorer.scoring.threshold.toFixed(3), percent(scorer.scoring.targetFalseAlarmRate, 1),
  ]));
  const rounds = (model: DeployedModels['dose']) => `${model.rounds.length} rounds over ${model.rounds[0]?.sites ?? 0} sites (${model.rounds.at(-1)?.totalSamples ?? 0} training rows)`;
  return {
    heading: 'Deployed models',
    markdown: `Dose-context autoencoder: ${rounds(models.dose)}; telemetry autoencoder: ${rounds(models.telemetry)}. FedAvg from the reference-cohort genesis, plaintext aggregation (CKKS aggregation equals it within 1e-5 per weight: \`vigil eval he\`, \`vigil eval federation\`). Each site's threshold is the (1 − target) quantile of the scores of its hold-out patients' normal rows.\n\n` +
      table(['model', 'site', 'training rows', 'hold-out rows', 'threshold', 'target false-alarm rate'], rows, ['left', 'left', 'right', 'right', 'right', 'right']),
  };
}

/** @returns the report model. */
export function anomalyReport(config: AnomalyConfig, m: AnomalyMetrics, models: DeployedModels, trace: PlotFile | null): SuiteReport {
  const gateMet = m.contextual.detectors.gate.commandDetectionRate.value >= config.targets.contextualDetection && m.falseAlarms.gate.insulinFalseFlagRate.value <= config.targets.normalFalseFlagRate;
  const sections: ReportSection[] = [contextualSection(m, config), detectionSection(m), falseAlarmSection(m), modelSection(models)];
  if (trace) sections.push({ heading: 'One attack, traced', markdown: 'Plasma glucose (true) and the CGM as the gate saw it on the attacked day; markers are the full gate\'s verdicts on that day\'s commands. Record-level attacks do not change the simulated physiology (`datasets/` injects them into the recorded streams), so the trace shows where the attack landed, not its effect.', plots: [trace] });
  return {
    title: 'Anomaly detection: static thresholds vs rules vs the full gate',
    intro: `${m.patients} evaluation patients at four sites (${config.evaluation.days} days each, ${m.patientDays} patient-days), each simulated twice: with ${m.attackTypes.reduce((s, t) => s + t.attacks, 0)} attacks and faults of ${m.attackTypes.length} types of the datasets catalogue injected, and without any (false alarms). The contextual target (≥ ${percent(config.targets.contextualDetection, 0)} at ≤ ${percent(config.targets.normalFalseFlagRate, 0)} false flags) is **${gateMet ? 'met' : 'NOT met'}**.`,
    about: {
      measures: 'For every attack type on dose commands and telemetry, how many attacks each detector flags and how fast, and how often each one flags attack-free traffic: (1) static thresholds — the pump\'s configured max bolus / max basal (AndroidAPS HardLimits per age group, raised only to the patient\'s own needs), the drug library\'s soft/hard limits on infusion pumps (BD Alaris values, clinical-limits.md), and fixed CGM alarms: low < 70 mg/dL (oref0\'s hypo threshold), high > 250 mg/dL (consensus level-2 hyperglycaemia), signal loss > 12 min (oref0\'s stale-CGM limit); (2) the edge-node gate with no model (authenticity, hard limits, physiology) and ScoreTelemetry\'s plausibility rules; (3) the same with the federated dose-context and telemetry autoencoders deployed.',
      how: `Autoencoders: trained with FedAvg over the training patients of a 4-site cohort (site-cohort, seed of its own), each site calibrating the deployed threshold on its own hold-out patients (targets: dose ${percent(config.dose.targetFalseAlarmRate, 1)}, telemetry ${percent(config.telemetry.targetFalseAlarmRate, 1)} per window — half of the 1% budget is left to the rules stages). Evaluation patients are new patients (another seed) replayed command by command through edge-node/gate's gateDose with real stage-1 state (provisioned issuers and keys, per-pump counters, the node's rate limit); telemetry is scored every ${config.telemetryStepMinutes} min over 60-minute windows by edge-node/telemetry's scoreTelemetryWindow. A command attack is detected when any of its commands is held or rejected; a telemetry attack when a window ending between its start and ${config.attributionMinutes} min after its end is flagged.`,
      caveats: [
        'Simulated patients and attacks: the virtual patients are the 18 UVA/Padova parameter sets, so evaluation patients share physiology with training patients (not their meals, noise, devices or behaviour).',
        'Normal commands held by a gate are taken to be confirmed by a clinician and delivered; an attack command enters a gate\'s patient state only if that gate allowed it, so later commands see what that gate let through.',
        'A verbatim replay reuses the original\'s command id: the node\'s runner answers it idempotently before the pure gate runs; here the pure gate judges it (stage 1 rejects the reused counter).',
        'Telemetry is turned into ScoreTelemetry\'s one-sample-a-minute series by linear interpolation of the CGM (gaps > 15 min missing); the commanded delivery comes from a fault-free replica of the pump executing its programmed commands. Infusion-pump faults are not scored: no detector here reads infusion telemetry.',
        'The simulated controller never suspends (it sets a zero temp basal), sends BASAL_RATE only at schedule changes with the scheduled rate, and uses temp basals of 0, 0.5 and 1.5 × the schedule: suspend, basal-rate and flood attacks are commands the autoencoder has never seen, so its detection of them is optimistic for real users, who suspend for showers and site changes.',
        'The drug library judges absolute doses: a rate entered ×10 from a low starting rate (IV insulin 1 → 10 unit/h) stays inside its soft range, so static thresholds miss it; the gate holds a rate order above 5× the pump\'s running dose of the drug (its own rule, not a published limit; the dose autoencoder does not cover infusion commands). An attack on a pump with no earlier order for the drug still rests on the library alone.',
        'Static CGM alarms fire on real lows and highs too: on attack-free traffic those are counted as false alarms (they are not attack detections); the "by chance" column shows how often a telemetry attack\'s span would have alarmed anyway.',
      ],
    },
    headline: anomalyHeadline(m, config),
    sections,
  };
}
