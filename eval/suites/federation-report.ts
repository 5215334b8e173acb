/**
 * Turns the federation suite's arms into metrics.json content (deterministic numbers, rounded to 4 decimals),
 * measurements (timings, CKKS deviations) and the report: headline against the DESIGN.md target, per-site
 * tables, bar charts per site and metric-vs-round curves.
 */
import { barChart, lineChart } from '../plots/index.js';
import { table, type HeadlineItem, type ReportSection } from '../report/index.js';
import type { Estimate } from '../metrics/index.js';
import { KIND_METRICS, type Evaluation, type FederatedKind, type KindArms } from './federation-arms.js';
import { pairedAurocDifference, pairedDetectionDifference, type GateScores } from './federation-evaluation.js';
import type { CkksCheck, FederationConfig } from './federation.js';
import type { SiteCohort } from './site-cohort.js';
import type { SuiteResult } from './suite.js';

const LABELS: Record<string, string> = {
  detectionRate: 'detection of in-limit contextual attacks (threshold at 1% false alarms on hold-out patients)',
  falseAlarmRate: 'false alarms on test patients',
  detectionAtTestFar: 'detection at exactly 1% false alarms on test patients',
  auroc: 'attack-vs-normal AUROC',
  aurocMissNext: 'AUROC, P(miss next dose)',
  aurocPdcBelow80: 'AUROC, P(PDC < 80% next 7 d)',
};
const SHORT: Record<string, string> = { detectionRate: 'detection', falseAlarmRate: 'false alarms', detectionAtTestFar: 'det. @1% test FAR', auroc: 'AUROC', aurocMissNext: 'AUROC miss-next', aurocPdcBelow80: 'AUROC PDC<80%' };

/** Headline metrics per kind (what the DESIGN.md target is about). */
const HEADLINE: Record<FederatedKind, readonly string[]> = { 'dose-autoencoder': ['detectionRate'], 'adherence-risk': ['aurocMissNext', 'aurocPdcBelow80'] };

const roundLabel = (round: number) => (round === 0 ? 'the genesis, round 0' : `round ${round}`);

/** The DP run's headline value: ε, and the headline metric of its deployable version and of its last round. */
function dpValue(arms: KindArms): string {
  const metric = HEADLINE[arms.kind][0]!;
  const last = arms.curves.federatedDp[arms.curves.federatedDp.length - 1];
  return `ε = ${arms.epsilon!.toFixed(1)} at δ = ${arms.delta}; ${SHORT[metric]} ${show(metric, arms.federatedDp.pooled[metric])} (deployable: ${roundLabel(arms.selection.dpRound)}; last DP round ${show(metric, last?.pooled[metric])})`;
}
const round4 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toFixed(4)) : null);
const roundAll = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round4(v)]));
const isRate = (metric: string) => metric === 'detectionRate' || metric === 'falseAlarmRate' || metric === 'detectionAtTestFar';
const show = (metric: string, x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : isRate(metric) ? `${(x * 100).toFixed(1)}%` : x.toFixed(3));

function evaluationJson(evaluation: Evaluation) {
  return { pooled: roundAll(evaluation.pooled), perSite: Object.fromEntries(Object.entries(evaluation.perSite).map(([site, values]) => [site, roundAll(values)])) };
}

/** Centralised − federated on the pooled test patients, with a paired bootstrap CI of federated − centralised. */
interface Gap {
  metric: string;
  centralised: number;
  federated: number;
  /** Centralised − federated (AUROC units, or percentage points for rates). */
  gap: number;
  /** The same gap for the last round's model (no round selection). */
  finalGap: number;
  difference: Estimate;
  target: number;
  met: boolean;
}

function gapsOf(arms: KindArms, config: FederationConfig, seed: number): Gap[] {
  return HEADLINE[arms.kind].map((metric, k) => {
    const scale = isRate(metric) ? 100 : 1;
    const difference = arms.kind === 'adherence-risk'
      ? pairedAurocDifference(arms.federated.raw as Float32Array, arms.centralised.raw as Float32Array, labelsOf(arms), k as 0 | 1, seed, config.bootstrapResamples)
      : pairedDetectionDifference(arms.federated.raw as GateScores, arms.centralised.raw as GateScores, seed, config.bootstrapResamples);
    const gap = (arms.centralised.pooled[metric]! - arms.federated.pooled[metric]!) * scale;
    const target = arms.kind === 'adherence-risk' ? config.targets.aurocGap : config.targets.detectionGapPoints;
    const finalGap = (arms.centralised.pooled[metric]! - arms.federatedFinal.pooled[metric]!) * scale;
    return { metric, centralised: arms.centralised.pooled[metric]!, federated: arms.federated.pooled[metric]!, gap, finalGap, difference: { ...difference, value: difference.value * scale, lower: difference.lower * scale, upper: difference.upper * scale }, target, met: gap <= target };
  });
}

// Adherence labels of the pooled test rows travel with the cohort; the arms keep the raw probabilities only.
let pooledLabels: Float32Array | null = null;
const labelsOf = (_arms: KindArms) => pooledLabels!;

function learningRates(arms: KindArms): string {
  const rates = arms.rounds.federated.map((r) => r.config.learningRate);
  if (rates.length === 0) return '–';
  return rates.every((r) => r === rates[0]) ? `${rates[0]} (constant)` : `${rates[0]!.toPrecision(3)} in round 1 → ${rates[rates.length - 1]!.toPrecision(3)} in round ${rates.length}`;
}

/** The smallest site (fewest training rows): federated vs local-only on its own test patients. */
function smallestSite(arms: KindArms) {
  const site = [...arms.sites].sort((a, b) => arms.trainRows[a]! - arms.trainRows[b]!)[0]!;
  const metrics = KIND_METRICS[arms.kind].filter((m) => m !== 'falseAlarmRate');
  const local = arms.localOnly[site]!.perSite[site] ?? {};
  const federated = arms.federated.perSite[site] ?? {};
  const wins = metrics.filter((m) => (federated[m] ?? Number.NaN) > (local[m] ?? Number.NaN));
  return { site, trainRows: arms.trainRows[site]!, localOnly: roundAll(local), federated: roundAll(federated), federatedBetterOn: wins };
}

function armRows(arms: KindArms, metric: string, sites: readonly string[]): (string | number)[][] {
  const cells = (evaluation: Evaluation) => [...sites.map((s) => show(metric, evaluation.perSite[s]?.[metric])), show(metric, evaluation.pooled[metric])];
  const localOwn = [...sites.map((s) => show(metric, arms.localOnly[s]?.perSite[s]?.[metric])), '–'];
  return [
    ['genesis (reference cohort)', ...cells(arms.genesis)],
    ['local-only (each site its own model)', ...localOwn],
    ...arms.sites.map((s) => [`local-only model of ${s}`, ...cells(arms.localOnly[s]!)]),
    [`federated (${roundLabel(arms.selection.round)}: the registry's deployable version)`, ...cells(arms.federated)],
    [`federated (last round, ${arms.curves.federated.length})`, ...cells(arms.federatedFinal)],
    [`federated with DP (${roundLabel(arms.selection.dpRound)}: the registry's deployable version)`, ...cells(arms.federatedDp)],
    ['centralised', ...cells(arms.centralised)],
  ];
}

function kindSection(arms: KindArms, config: FederationConfig, gaps: Gap[]): ReportSection {
  const settings = config.kinds[arms.kind];
  const tested = Object.keys(arms.centralised.perSite);
  const metricTables = KIND_METRICS[arms.kind].map((metric) => `**${LABELS[metric]}**\n\n${table(['model', ...tested.map((s) => `${s} test`), 'all sites test'], armRows(arms, metric, tested), ['left', ...tested.map(() => 'right' as const), 'right'])}`);
  const plots = HEADLINE[arms.kind].flatMap((metric) => {
    const scale = isRate(metric) ? 100 : 1;
    const x = Array.from({ length: settings.rounds + 1 }, (_, i) => i);
    const curve = (list: Evaluation[]) => [arms.genesis.pooled[metric]! * scale, ...list.map((e) => e.pooled[metric]! * scale)];
    const flat = (value: number) => [[0, value * scale], [settings.rounds, value * scale]] as const;
    const localMean = arms.sites.reduce((s, site) => s + arms.localOnly[site]!.pooled[metric]!, 0) / arms.sites.length;
    const categories = [...tested, 'all sites'];
    const siteValues = (pick: (site: string) => number | undefined, pooled: number) => [...tested.map((s) => (pick(s) ?? Number.NaN) * scale), pooled * scale];
    return [
      {
        file: `${arms.kind}-${metric}-rounds.svg`,
        alt: `${LABELS[metric]} vs round, all sites' test patients`,
        svg: lineChart({
          title: `${SHORT[metric]} vs round (${arms.kind})`, subtitle: `all sites' test patients; ${settings.localEpochs} local epochs per round`,
          xLabel: 'Round', yLabel: isRate(metric) ? `${SHORT[metric]} (%)` : SHORT[metric]!,
          series: [{ name: 'federated', x, y: curve(arms.curves.federated), markers: true }, { name: `federated, DP σ=${settings.dp.noiseMultiplier}`, x, y: curve(arms.curves.federatedDp), dashed: true }],
          references: [
            { from: flat(arms.centralised.pooled[metric]!)[0], to: flat(arms.centralised.pooled[metric]!)[1], label: 'centralised', inLegend: true, color: '#000000', dashed: true },
            { from: flat(localMean)[0], to: flat(localMean)[1], label: 'local-only (mean of site models)', inLegend: true, color: '#999999', dashed: true },
            { from: [arms.selection.round, Math.min(...curve(arms.curves.federated).filter(Number.isFinite))], to: [arms.selection.round, Math.max(...curve(arms.curves.federated).filter(Number.isFinite))], label: 'selected round', color: '#009E73', dashed: true },
          ],
        }),
      },
      {
        file: `${arms.kind}-${metric}-sites.svg`,
        alt: `${LABELS[metric]} per site`,
        svg: barChart({
          title: `${SHORT[metric]} per site (${arms.kind})`, subtitle: 'test patients; local-only: own model (all sites: mean)',
          categories, yLabel: isRate(metric) ? `${SHORT[metric]} (%)` : SHORT[metric]!, ...(isRate(metric) ? { yDomain: [0, 100] as const } : { yDomain: [0.5, 1] as const }),
          groups: [
            { name: 'local-only', values: siteValues((s) => arms.localOnly[s]?.perSite[s]?.[metric], localMean) },
            { name: 'federated', values: siteValues((s) => arms.federated.perSite[s]?.[metric], arms.federated.pooled[metric]!) },
            { name: 'federated + DP', values: siteValues((s) => arms.federatedDp.perSite[s]?.[metric], arms.federatedDp.pooled[metric]!) },
            { name: 'centralised', values: siteValues((s) => arms.centralised.perSite[s]?.[metric], arms.centralised.pooled[metric]!) },
          ],
          valueFormat: (v) => (isRate(metric) ? v.toFixed(0) : v.toFixed(2)),
        }),
      },
    ];
  });
  const gapLines = gaps.map((g) => `- ${LABELS[g.metric]}: centralised ${show(g.metric, g.centralised)}, federated ${show(g.metric, g.federated)}; centralised − federated = ${g.gap.toFixed(isRate(g.metric) ? 1 : 3)}${isRate(g.metric) ? ' points' : ''} (target ≤ ${g.target}${isRate(g.metric) ? ' points' : ''}: ${g.met ? 'met' : 'not met'}); federated − centralised paired-bootstrap 95% CI ${g.difference.lower.toFixed(3)} to ${g.difference.upper.toFixed(3)}. Last round's model instead of the selected one: gap ${g.finalGap.toFixed(isRate(g.metric) ? 1 : 3)}.`);
  return {
    heading: arms.kind === 'dose-autoencoder' ? 'Dose gate (dose-context autoencoder)' : 'Adherence-risk model',
    markdown: [
      `Sites that federate: ${arms.sites.map((s) => `${s} (${arms.trainRows[s]} training rows)`).join(', ')}. ${settings.rounds} rounds × ${settings.localEpochs} local epochs, learning rate ${settings.learningRate}, batch ${settings.batchSize}, ${settings.proximalMu > 0 ? `FedProx μ = ${settings.proximalMu}` : 'FedAvg'}, clip ${settings.clipNorm}; centralised and local-only: up to ${settings.standaloneEpochs} epochs with early stopping. Every model starts from the same genesis. Centralised training keeps its best epoch on a validation split; the federated model is likewise chosen on validation data only, by the real system's mechanism: every node reports its shadow validator's metrics on its own hold-out patients after each round, and the coordinator's registry publishes the best-rated version — a round's candidate, or the version a round started from (the genesis among them), which the nodes rate alongside — as the deployable version (coordinator/strategy/model-selection.ts, ${arms.selection.metric}): ${roundLabel(arms.selection.round)} of ${settings.rounds} — ${arms.selection.reason}. Learning rate per round (the strategy's schedule): ${learningRates(arms)}.`,
      gapLines.join('\n'),
      ...metricTables,
    ].join('\n\n'),
    plots,
  };
}

/** Inputs of {@link federationReport}. */
export interface FederationReportInput {
  config: FederationConfig;
  seed: number;
  cohort: SiteCohort;
  results: KindArms[];
  skipped: Record<string, string>;
  ckks: CkksCheck[];
  seconds: Record<string, number>;
  totalSeconds: number;
}

/** @returns config, metrics, measurements and report of the federation suite. */
export function federationReport(input: FederationReportInput): Omit<SuiteResult, 'tfjsBackend'> {
  const { config, cohort, results } = input;
  pooledLabels = Float32Array.from(cohort.sites.flatMap((s) => Array.from(s.splits.test.adherence.labels)));
  const gaps = Object.fromEntries(results.map((arms) => [arms.kind, gapsOf(arms, config, input.seed)])) as Partial<Record<FederatedKind, Gap[]>>;
  const smallest = Object.fromEntries(results.map((arms) => [arms.kind, smallestSite(arms)]));
  const headline: HeadlineItem[] = [];
  for (const arms of results) {
    for (const g of gaps[arms.kind]!) {
      const rate = isRate(g.metric);
      headline.push({
        label: `${arms.kind === 'dose-autoencoder' ? 'gate' : 'adherence'}: ${LABELS[g.metric]}, federated vs centralised (all sites' test patients)`,
        value: `${show(g.metric, g.federated)} vs ${show(g.metric, g.centralised)} (gap ${g.gap.toFixed(rate ? 1 : 3)}${rate ? ' pts' : ''})`,
        target: `gap ≤ ${g.target}${rate ? ' pts' : ' AUROC'}`,
        met: g.met,
      });
    }
  }
  for (const arms of results) {
    const s = smallest[arms.kind]!;
    const metric = HEADLINE[arms.kind][0]!;
    headline.push({ label: `${arms.kind}: smallest site (${s.site}), ${SHORT[metric]} on its test patients, local-only → federated`, value: `${show(metric, s.localOnly[metric] ?? Number.NaN)} → ${show(metric, s.federated[metric] ?? Number.NaN)}` });
  }
  for (const arms of results) if (arms.epsilon !== null) headline.push({ label: `${arms.kind}: with DP (σ = ${config.kinds[arms.kind].dp.noiseMultiplier}, ${config.kinds[arms.kind].rounds} rounds)`, value: dpValue(arms) });
  for (const c of input.ckks) headline.push({ label: `${c.kind}: CKKS vs plaintext aggregation after ${c.rounds} round(s), max |Δweight|`, value: c.maxAbsWeightDeviation.toExponential(1) });

  const metrics = {
    cohort: {
      sites: cohort.sites.map((s) => ({ site: s.site, patients: s.patients, splits: Object.fromEntries(Object.entries(s.splits).map(([k, v]) => [k, { patients: v.patients, pillboxPatients: v.pillboxPatients, doseRows: v.dose.normal.count, attackRows: v.dose.attacks.count, adherenceRows: v.adherence.count }])) })),
      attacksByType: cohort.attacksByType,
    },
    kinds: Object.fromEntries(results.map((arms) => [arms.kind, {
      sites: arms.sites, trainRows: arms.trainRows,
      genesis: evaluationJson(arms.genesis), centralised: evaluationJson(arms.centralised), federated: evaluationJson(arms.federated), federatedFinal: evaluationJson(arms.federatedFinal), federatedDp: evaluationJson(arms.federatedDp),
      selection: { round: arms.selection.round, dpRound: arms.selection.dpRound, metric: arms.selection.metric, reason: arms.selection.reason, validation: arms.selection.validation.map(round4), dpValidation: arms.selection.dpValidation.map(round4) },
      learningRates: arms.rounds.federated.map((r) => r.config.learningRate),
      localOnly: Object.fromEntries(Object.entries(arms.localOnly).map(([site, e]) => [site, evaluationJson(e)])),
      curves: { federated: arms.curves.federated.map((e, i) => ({ round: i + 1, ...roundAll(e.pooled) })), federatedDp: arms.curves.federatedDp.map((e, i) => ({ round: i + 1, ...roundAll(e.pooled) })) },
      gaps: gaps[arms.kind]!.map((g) => ({ metric: g.metric, centralised: round4(g.centralised), federated: round4(g.federated), gap: round4(g.gap), finalRoundGap: round4(g.finalGap), federatedMinusCentralisedCi: [round4(g.difference.lower), round4(g.difference.upper)], target: g.target, met: g.met })),
      smallestSite: smallest[arms.kind],
      dp: { noiseMultiplier: config.kinds[arms.kind].dp.noiseMultiplier, clipNorm: config.kinds[arms.kind].dp.clipNorm, rounds: config.kinds[arms.kind].rounds, epsilon: arms.epsilon === null ? null : round4(arms.epsilon), delta: arms.delta },
      updateNormMean: arms.rounds.federated.map((r) => round4(r.updateNormMean)),
    }])),
    skipped: input.skipped,
    targetsMet: Object.fromEntries(Object.entries(gaps).map(([kind, list]) => [kind, list!.every((g) => g.met)])),
  };
  const measurements = {
    seconds: { ...input.seconds, total: input.totalSeconds, ...Object.fromEntries(results.map((a) => [a.kind, a.seconds])) },
    secondsPerRound: Object.fromEntries(results.map((a) => [a.kind, a.rounds.federated.map((r) => r.seconds)])),
    ckks: input.ckks,
  };
  const sections: ReportSection[] = [
    {
      heading: 'Cohort',
      markdown: table(['site', 'patients (train / hold-out / test)', 'pillbox patients', 'normal dose commands (train / hold-out / test)', 'in-limit attack commands (test)', 'adherence rows (train / hold-out / test)'],
        cohort.sites.map((s) => [s.site, `${s.splits.train.patients} / ${s.splits.holdout.patients} / ${s.splits.test.patients}`, s.splits.train.pillboxPatients + s.splits.holdout.pillboxPatients + s.splits.test.pillboxPatients,
          `${s.splits.train.dose.normal.count} / ${s.splits.holdout.dose.normal.count} / ${s.splits.test.dose.normal.count}`, s.splits.test.dose.attacks.count,
          `${s.splits.train.adherence.count} / ${s.splits.holdout.adherence.count} / ${s.splits.test.adherence.count}`])),
    },
    ...results.map((arms) => kindSection(arms, config, gaps[arms.kind]!)),
  ];
  if (Object.keys(input.skipped).length > 0) sections.push({ heading: 'Skipped', markdown: Object.entries(input.skipped).map(([k, why]) => `- ${k}: ${why}`).join('\n') });
  return {
    config: { ...config, seed: input.seed },
    metrics,
    measurements,
    report: {
      title: 'Federated vs centralised vs local-only training',
      intro: `${cohort.sites.length} non-IID sites (${cohort.sites.map((s) => `${s.site}: ${s.patients} patients`).join(', ')}) simulated for ${cohort.config.days} days; patients split per site into train / hold-out / test. Each model kind is trained locally at each site, federated over the sites (in one process with the real local training, clipping, DP noise and FedAvg strategy), and centrally on all sites' training patients, from the same genesis model.`,
      about: {
        measures: 'Gate: share of contextual attack commands inside the hard limits whose autoencoder score exceeds a threshold calibrated to 1% false alarms on held-out patients\' normal commands (per site: the site\'s own hold-out patients, as a node calibrates; all sites: every site\'s hold-out patients pooled). Adherence: AUROC of both heads. On each site\'s test patients and on all sites\' test patients pooled.',
        how: 'Cohort from datasets (simulateCohortPatient, seeded like generateCohort), rows from the edge node\'s loadSiteTrainingData; trainFederated (eval/suites/federated-training.ts) with encryption off for the deterministic numbers, plus a CKKS run of the first rounds compared weight by weight; ε from common/federated gaussianEpsilon at the coordinator\'s δ. Paired bootstrap over test rows for the federated − centralised CIs.',
        caveats: [
          'Test rows are clustered by patient and the bootstrap resamples rows, so the CIs are too narrow; few test patients per site make per-site numbers noisy.',
          'Detection counts every attack command (a basal drift contributes one row per step); the false-alarm rate on test patients differs from the 1% calibrated on hold-out patients — the "det. @1% test FAR" column removes that transfer noise.',
          'The ICU has no pillbox patients, so the adherence model federates over the other sites only; sites with too few hold-out rows sit out a kind.',
          'Client-level DP with four clients needs large noise for a small ε; the DP run shows the cost, it is not a recommended setting. Its model is also the registry\'s deployable version: nodes rate the version each round started from alongside its candidate, so a DP run worse than the genesis in every round keeps the genesis deployable (the DP row then measures the genesis; the DP curve shows the rounds).',
          'CKKS encryption is randomised: its deviations are in `measurements`; the deterministic numbers come from plaintext aggregation of the same updates.',
        ],
      },
      headline,
      sections,
    },
  };
}
