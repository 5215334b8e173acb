/**
 * The models the full gate deploys: the dose-context and telemetry autoencoders trained federated
 * (trainFederated: FedAvg over the four sites' training patients from the reference-cohort genesis, as the
 * real rounds run) on site-cohort's data, then calibrated by each site on its own hold-out patients' normal
 * rows, the way each edge node calibrates the model it deploys (calibrateAutoencoder). A pooled threshold
 * (one calibration over every site's hold-out rows) is kept for comparison.
 */
import type { SiteKind } from '../../datasets/records.js';
import { AnomalyScorer, calibrateAutoencoder, specForKind, type GlobalModel, type ModelKind } from '../../models/index.js';
import type { FederatedSettings } from './anomaly-config.js';
import { trainFederated, type FederatedRoundSummary } from './federated-training.js';
import { buildSiteCohort, canTrain, pooledTrainingData, siteTrainingData, type SiteCohort, type SiteCohortOptions } from './site-cohort.js';

/** One federated autoencoder and its calibrations. */
export interface DeployedAutoencoder {
  kind: ModelKind;
  global: GlobalModel;
  /** Per-site scorer calibrated on that site's hold-out normal rows. */
  bySite: Map<SiteKind, AnomalyScorer>;
  /** One scorer calibrated on every site's hold-out rows pooled. */
  pooled: AnomalyScorer;
  rounds: FederatedRoundSummary[];
  /** Sites that trained, with their training and hold-out row counts. */
  rows: Record<string, { train: number; holdout: number }>;
  seconds: number;
}

/** Both deployed autoencoders. */
export interface DeployedModels {
  dose: DeployedAutoencoder;
  telemetry: DeployedAutoencoder;
  cohort: { patients: Record<string, Record<string, number>>; generationSeconds: number };
}

function scorerOf(kind: ModelKind, global: GlobalModel, data: { train: Float32Array; holdout: Float32Array }, targetFalseAlarmRate: number): AnomalyScorer {
  const spec = specForKind(kind);
  const scoring = calibrateAutoencoder(spec, global.normalisation, global.net, global.weights, data.train, data.holdout, targetFalseAlarmRate);
  return new AnomalyScorer(spec, global.normalisation, global.net, global.weights, scoring);
}

async function deploy(kind: 'dose-autoencoder' | 'telemetry-autoencoder', cohort: SiteCohort, settings: FederatedSettings, seed: number, progress: (note: string) => void): Promise<DeployedAutoencoder> {
  const started = performance.now();
  const sites = cohort.sites.filter((s) => canTrain(kind, s));
  if (sites.length === 0) throw new RangeError(`${kind}: no site has enough data to train`);
  const result = await trainFederated({
    kind, sites: sites.map((s) => ({ site: s.site, data: siteTrainingData(kind, s) })), rounds: settings.rounds, localEpochs: settings.localEpochs,
    seed, encryption: 'none', learningRate: settings.learningRate, batchSize: settings.batchSize,
    onRound: (summary) => progress(`${kind} round ${summary.round}/${settings.rounds}`),
  });
  const rows: DeployedAutoencoder['rows'] = {};
  const bySite = new Map<SiteKind, AnomalyScorer>();
  for (const site of sites) {
    const data = siteTrainingData(kind, site) as { train: Float32Array; holdout: Float32Array };
    const width = specForKind(kind).features.length;
    rows[site.site] = { train: data.train.length / width, holdout: data.holdout.length / width };
    bySite.set(site.site, scorerOf(kind, result.global, data, settings.targetFalseAlarmRate));
  }
  const pooled = scorerOf(kind, result.global, pooledTrainingData(kind, sites) as { train: Float32Array; holdout: Float32Array }, settings.targetFalseAlarmRate);
  return { kind, global: result.global, bySite, pooled, rounds: result.rounds, rows, seconds: (performance.now() - started) / 1000 };
}

/**
 * Builds the training cohort, trains both autoencoders federated and calibrates them per site.
 * @returns the deployed models. @throws RangeError when no site can train a kind.
 */
export async function deployedModels(options: { cohort: Omit<SiteCohortOptions, 'seed'>; dose: FederatedSettings; telemetry: FederatedSettings; seed: number; progress: (note: string) => void }): Promise<DeployedModels> {
  options.progress('simulating the training cohort');
  const cohort = await buildSiteCohort({ ...options.cohort, seed: `${options.seed}/anomaly-training` });
  const dose = await deploy('dose-autoencoder', cohort, options.dose, options.seed, options.progress);
  const telemetry = await deploy('telemetry-autoencoder', cohort, options.telemetry, options.seed, options.progress);
  const patients = Object.fromEntries(cohort.sites.map((s) => [s.site, { train: s.splits.train.patients, holdout: s.splits.holdout.patients, test: s.splits.test.patients }]));
  return { dose, telemetry, cohort: { patients, generationSeconds: cohort.generationSeconds } };
}
