/**
 * The federation's genesis models: architecture, normalisation statistics and starting weights, fitted on a
 * *reference* cohort simulated with its own seed (public simulator output, no site's data), so every node
 * starts from the same weights and standardises features alike.
 */
import { join } from 'node:path';
import { generateCohort, CohortConfigSchema } from '../../datasets/index.js';
import { loadSiteTrainingData } from '../../edge-node/federation/site-training-data.js';
import { ADHERENCE_HISTORY_SPEC, buildModelCard, DOSE_CONTEXT_SPEC, saveModelArtifact, adherenceNetConfig, autoencoderConfig } from '../../models/index.js';
import { activeBackend, trainLocal } from '../../models/training.js';
import { SITE_KINDS } from '../../datasets/records.js';

const DAY_MS = 86_400_000;

/** Where the genesis artifacts were written. */
export interface GenesisArtifacts {
  dose: string;
  adherence: string;
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Simulates the reference cohort and writes one genesis artifact per federated model kind. */
export async function buildGenesis(dir: string, options: { seed: string; days: number; startDate: string }): Promise<GenesisArtifacts> {
  const cohortDir = join(dir, 'reference-cohort');
  // Adherence rows need 7 days of history and 7 days of future per dose: at least 21 days.
  const days = Math.max(21, options.days);
  const config = CohortConfigSchema.parse({ seed: `${options.seed}/reference`, days, startDate: options.startDate, patientsPerSite: 2, attackRatePerPatientDay: 0.2 });
  await generateCohort(config, cohortDir);
  const untilMs = Date.parse(`${options.startDate}T00:00:00Z`) + days * DAY_MS;
  const sites = await Promise.all(SITE_KINDS.map((site) => loadSiteTrainingData(join(cohortDir, site), { untilMs, holdoutDays: 3 })));
  const backend = activeBackend();
  const reference = { description: `reference cohort simulated with seed '${options.seed}/reference' (no site data)`, sites: [...SITE_KINDS] };

  const doseTrain = concat(sites.map((s) => s.dose.train.rows));
  const doseHoldout = concat(sites.map((s) => s.dose.holdout.rows));
  const dose = await trainLocal({ kind: 'dose-autoencoder', data: { train: doseTrain, holdout: doseHoldout }, epochs: 15, seed: 1, net: autoencoderConfig(DOSE_CONTEXT_SPEC.features.length), targetFalseAlarmRate: 0.01 });
  const doseDir = join(dir, 'genesis-dose-autoencoder');
  saveModelArtifact(doseDir, {
    kind: 'dose-autoencoder', spec: DOSE_CONTEXT_SPEC, normalisation: dose.normalisation, net: dose.net, weights: dose.weights, scoring: dose.scoring as never,
    card: buildModelCard({
      kind: 'dose-autoencoder', name: 'dose-context autoencoder (genesis)', spec: DOSE_CONTEXT_SPEC, net: dose.net, weights: dose.weights, backend,
      metrics: [{ name: 'validation reconstruction loss', value: dose.metrics.validationLoss ?? dose.metrics.trainLoss }],
      trainingData: { ...reference, patients: 2 * SITE_KINDS.length, rows: doseTrain.length / DOSE_CONTEXT_SPEC.features.length },
      evaluationData: { ...reference, patients: 2 * SITE_KINDS.length, rows: doseHoldout.length / DOSE_CONTEXT_SPEC.features.length },
    }),
  });

  const width = ADHERENCE_HISTORY_SPEC.features.length;
  const adherenceTrain = { rows: concat(sites.map((s) => s.adherence.train.rows)), labels: concat(sites.map((s) => s.adherence.train.labels)) };
  const adherenceHoldout = { rows: concat(sites.map((s) => s.adherence.holdout.rows)), labels: concat(sites.map((s) => s.adherence.holdout.labels)) };
  const adherence = await trainLocal({ kind: 'adherence-risk', data: { train: adherenceTrain, holdout: adherenceHoldout }, epochs: 20, seed: 2, net: adherenceNetConfig(width) });
  const adherenceDir = join(dir, 'genesis-adherence-risk');
  saveModelArtifact(adherenceDir, {
    kind: 'adherence-risk', spec: ADHERENCE_HISTORY_SPEC, normalisation: adherence.normalisation, net: adherence.net, weights: adherence.weights, scoring: adherence.scoring as never,
    card: buildModelCard({
      kind: 'adherence-risk', name: 'adherence-risk model (genesis)', spec: ADHERENCE_HISTORY_SPEC, net: adherence.net, weights: adherence.weights, backend,
      metrics: [{ name: 'validation loss', value: adherence.metrics.validationLoss ?? adherence.metrics.trainLoss }],
      trainingData: { ...reference, patients: 2 * SITE_KINDS.length, rows: adherenceTrain.rows.length / width },
      evaluationData: { ...reference, patients: 2 * SITE_KINDS.length, rows: adherenceHoldout.rows.length / width },
    }),
  });
  return { dose: doseDir, adherence: adherenceDir };
}
