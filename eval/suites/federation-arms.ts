/**
 * The arms the federation suite compares for one model kind, all starting from the same genesis (the public
 * reference-cohort model every node starts from): local-only (each site alone), federated (trainFederated,
 * with and without DP), and centralised (every site's training patients pooled), each evaluated on every
 * site's test patients and on all sites' test patients pooled.
 */
import type { AdherenceDataset, GlobalModel } from '../../models/index.js';
import { trainLocal } from '../../models/training.js';
import { adherenceMetrics, adherenceProbabilities, gateMetrics, gateScores, type GateScores } from './federation-evaluation.js';
import type { LearningRateSchedule } from '../../coordinator/strategy/learning-rate.js';
import { withBaseMetrics } from '../../common/federated/index.js';
import { FederatedRegistry, federatedScore, nodeReports } from './federated-registry.js';
import { strategyOf, trainFederated, type FederatedRoundSummary } from './federated-training.js';
import { concatRows, canTrain, pooledSplit, pooledTrainingData, siteTrainingData, splitRows, type CohortSite, type SiteCohort } from './site-cohort.js';

/** Metric names per kind; the first ones are the headline metrics. */
export const KIND_METRICS = {
  'dose-autoencoder': ['detectionRate', 'falseAlarmRate', 'detectionAtTestFar', 'auroc'],
  'adherence-risk': ['aurocMissNext', 'aurocPdcBelow80'],
} as const;
/** The kinds the suite federates (those the real federation trains). */
export type FederatedKind = keyof typeof KIND_METRICS;

/** Metrics of one model on one test set. */
export type MetricValues = Record<string, number>;

/** One model evaluated on each site's test patients and on all of them. */
export interface Evaluation {
  perSite: Record<string, MetricValues>;
  pooled: MetricValues;
  /** Pooled raw outputs (paired bootstraps): gate scores, or adherence probabilities. */
  raw: GateScores | Float32Array;
}

/** Training settings of the arms. */
export interface ArmSettings {
  seed: number;
  rounds: number;
  localEpochs: number;
  /** Local learning rate of round 1. */
  learningRate: number;
  /** The strategy's learning-rate schedule across rounds (default constant). */
  learningRateSchedule?: LearningRateSchedule;
  batchSize: number;
  proximalMu: number;
  clipNorm: number;
  /** Epoch cap of centralised and local-only training (early stopping on their validation split picks the epoch). */
  standaloneEpochs: number;
  dp: { noiseMultiplier: number; clipNorm: number };
  targetFalseAlarmRate: number;
}

/** What the arms of one kind produced. */
export interface KindArms {
  kind: FederatedKind;
  sites: string[];
  trainRows: Record<string, number>;
  genesis: Evaluation;
  localOnly: Record<string, Evaluation>;
  centralised: Evaluation;
  /** The version the coordinator's registry publishes as deployable (best federated evaluation of the nodes' hold-out reports, see federated-registry.ts); round 0 is the genesis. */
  federated: Evaluation;
  /** The last round's global model. */
  federatedFinal: Evaluation;
  federatedDp: Evaluation;
  /** Version the registry made deployable for `federated` and `federatedDp` (its round; 0 = the genesis), why, and the federated validation score per round (index 0 = genesis). */
  selection: { round: number; dpRound: number; metric: string; reason: string; validation: number[]; dpValidation: number[] };
  /** Per round, pooled and per-site metrics of the global model (index 0 = round 1). */
  curves: { federated: Evaluation[]; federatedDp: Evaluation[] };
  rounds: { federated: FederatedRoundSummary[]; federatedDp: FederatedRoundSummary[] };
  epsilon: number | null;
  delta: number | null;
  /** Global weights after `snapshotRound` rounds of the plaintext run (for the CKKS comparison). */
  snapshot: Float32Array | null;
  seconds: { centralised: number; localOnly: number; federated: number; federatedDp: number };
}

function dropRaw(evaluation: Evaluation): Evaluation {
  return { ...evaluation, raw: new Float32Array(0) };
}

/** @returns a function that evaluates a model of `kind` on the cohort's test patients. */
export function evaluatorFor(kind: FederatedKind, cohort: SiteCohort, targetFalseAlarmRate: number): (model: GlobalModel) => Evaluation {
  const sites = cohort.sites;
  if (kind === 'adherence-risk') {
    const tested = sites.filter((s) => s.splits.test.adherence.count > 0);
    const pooled = pooledSplit(kind, sites, 'test') as AdherenceDataset;
    return (model) => {
      const raw = adherenceProbabilities(model, pooled);
      const perSite = Object.fromEntries(tested.map((s) => {
        const test = splitRows(kind, s.splits.test) as AdherenceDataset;
        return [s.site, { ...adherenceMetrics(adherenceProbabilities(model, test), test.labels) }];
      }));
      return { perSite, pooled: { ...adherenceMetrics(raw, pooled.labels) }, raw };
    };
  }
  const testOf = (list: readonly CohortSite[]) => ({ normal: pooledSplit(kind, list, 'test') as Float32Array, attacks: concatRows(list.map((s) => s.splits.test.dose.attacks.rows)) });
  const calibrationOf = (list: readonly CohortSite[]) => pooledTrainingData(kind, list) as { train: Float32Array; holdout: Float32Array };
  const perSiteSets = sites.filter((s) => s.splits.holdout.dose.normal.count > 0 && s.splits.test.dose.attacks.count > 0).map((s) => ({ site: s.site, calibration: calibrationOf([s]), test: testOf([s]) }));
  const pooledSet = { calibration: calibrationOf(sites), test: testOf(sites) };
  return (model) => {
    const raw = gateScores(model, pooledSet.calibration, pooledSet.test, targetFalseAlarmRate);
    const perSite = Object.fromEntries(perSiteSets.map((set) => [set.site, { ...gateMetrics(gateScores(model, set.calibration, set.test, targetFalseAlarmRate), targetFalseAlarmRate) }]));
    return { perSite, pooled: { ...gateMetrics(raw, targetFalseAlarmRate) }, raw };
  };
}

/**
 * Trains and evaluates every arm of one kind.
 * @returns the evaluations, curves and timings. @throws RangeError when fewer than two sites can train the kind.
 */
export async function runKindArms(kind: FederatedKind, cohort: SiteCohort, genesis: GlobalModel, settings: ArmSettings, snapshotRound: number, progress: (label: string) => void): Promise<KindArms> {
  const evaluate = evaluatorFor(kind, cohort, settings.targetFalseAlarmRate);
  const sites = cohort.sites.filter((s) => canTrain(kind, s));
  if (sites.length < 2) throw new RangeError(`${kind}: only ${sites.length} site(s) have enough training data to federate`);
  const standalone = { global: genesis, epochs: settings.standaloneEpochs, seed: settings.seed, learningRate: settings.learningRate, batchSize: settings.batchSize, targetFalseAlarmRate: settings.targetFalseAlarmRate };
  let started = performance.now();
  progress(`${kind}: centralised`);
  const centralModel = await trainLocal({ kind, data: pooledTrainingData(kind, sites), ...standalone });
  const centralised = evaluate({ ...genesis, weights: centralModel.weights });
  const centralSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const localOnly: Record<string, Evaluation> = {};
  for (const site of sites) {
    progress(`${kind}: local-only ${site.site}`);
    const local = await trainLocal({ kind, data: siteTrainingData(kind, site), ...standalone });
    localOnly[site.site] = dropRaw(evaluate({ ...genesis, weights: local.weights }));
  }
  const localSeconds = (performance.now() - started) / 1000;
  const federatedSites = sites.map((s) => ({ site: s.site, data: siteTrainingData(kind, s) }));
  const common = { kind, sites: federatedSites, rounds: settings.rounds, localEpochs: settings.localEpochs, seed: settings.seed, genesis, learningRate: settings.learningRate, batchSize: settings.batchSize, encryption: 'none' as const, ...(settings.proximalMu > 0 ? { proximalMu: settings.proximalMu } : {}), ...(settings.learningRateSchedule ? { learningRateSchedule: settings.learningRateSchedule } : {}) };
  const curves = { federated: [] as Evaluation[], federatedDp: [] as Evaluation[] };
  let snapshot: Float32Array | null = null;
  // Each run feeds the coordinator's registry as the real rounds do; its deployable version is the federated model.
  const strategy = strategyOf(common);
  const reportsOf = (model: GlobalModel) => nodeReports(kind, sites, model, settings.targetFalseAlarmRate);
  const genesisReports = reportsOf(genesis);
  const genesisScore = federatedScore(kind, strategy, genesisReports);
  const registries = { federated: new FederatedRegistry(kind, strategy, genesis), dp: new FederatedRegistry(kind, strategy, genesis) };
  const validation = { federated: [genesisScore], dp: [genesisScore] };
  // What each run's next round starts from, as its nodes rate it (the same hold-out data, so the last round's reports).
  const baseReports = { federated: genesisReports, dp: genesisReports };
  const record = async (which: 'federated' | 'dp', summary: FederatedRoundSummary, global: GlobalModel) => {
    if (!summary.published) return;
    const reports = reportsOf(global);
    validation[which].push(federatedScore(kind, strategy, reports));
    const withBase = reports.map((r, i) => ({ ...r, metrics: withBaseMetrics(r.metrics, baseReports[which][i]!.metrics) }));
    await registries[which].recordRound(summary.round, summary.config, summary.submissions, global, withBase);
    baseReports[which] = reports;
  };
  started = performance.now();
  const federated = await trainFederated({
    ...common, clipNorm: settings.clipNorm,
    onRound: async (summary, global) => {
      progress(`${kind}: federated round ${summary.round}/${settings.rounds}`);
      if (summary.round === snapshotRound) snapshot = global.weights;
      curves.federated.push(dropRaw(evaluate(global)));
      await record('federated', summary, global);
    },
  });
  const federatedSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const dp = await trainFederated({
    ...common, clipNorm: settings.dp.clipNorm, noiseMultiplier: settings.dp.noiseMultiplier,
    onRound: async (summary, global) => {
      progress(`${kind}: federated with DP round ${summary.round}/${settings.rounds}`);
      curves.federatedDp.push(dropRaw(evaluate(global)));
      await record('dp', summary, global);
    },
  });
  const dpSeconds = (performance.now() - started) / 1000;
  const deployed = { federated: registries.federated.deployable(), dp: registries.dp.deployable() };
  registries.federated.close();
  registries.dp.close();
  return {
    kind,
    sites: sites.map((s) => s.site),
    trainRows: Object.fromEntries(sites.map((s) => [s.site, kind === 'adherence-risk' ? s.splits.train.adherence.count : s.splits.train.dose.normal.count])),
    genesis: dropRaw(evaluate(genesis)),
    localOnly,
    centralised,
    federated: evaluate(deployed.federated.model),
    federatedFinal: dropRaw(evaluate(federated.global)),
    federatedDp: dropRaw(evaluate(deployed.dp.model)),
    selection: {
      round: deployed.federated.round, dpRound: deployed.dp.round,
      metric: deployed.federated.record?.metric ?? '(none)', reason: deployed.federated.record?.reason ?? 'no round evaluated: the genesis stays deployable',
      validation: validation.federated, dpValidation: validation.dp,
    },
    curves,
    rounds: { federated: federated.rounds, federatedDp: dp.rounds },
    epsilon: dp.epsilon,
    delta: dp.delta,
    snapshot,
    seconds: { centralised: centralSeconds, localOnly: localSeconds, federated: federatedSeconds, federatedDp: dpSeconds },
  };
}
