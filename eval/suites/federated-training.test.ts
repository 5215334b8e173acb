import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type GlobalModel } from '../../models/index.js';
import { selectBackend } from '../../models/training.js';
import { simulateAdherenceCohort } from '../../models/testing/adherence-data.js';
import { globalLoss, referenceGenesis, trainFederated, type FederatedSite, type FederatedTrainingOptions } from './federated-training.js';
import { buildSiteCohort, pooledTrainingData, siteTrainingData, type SiteCohort } from './site-cohort.js';

const SEED = 11;
let cohort: SiteCohort;
let sites: FederatedSite[];
let genesis: GlobalModel;

beforeAll(async () => {
  await selectBackend({ require: 'cpu' });
  cohort = await buildSiteCohort({ seed: SEED, patientsPerSite: 3, days: 6 });
  sites = cohort.sites.map((s) => ({ site: s.site, data: siteTrainingData('dose-autoencoder', s) }));
  genesis = await referenceGenesis('dose-autoencoder', SEED);
}, 120_000);

const tiny = (overrides: Partial<FederatedTrainingOptions> = {}): FederatedTrainingOptions => ({
  kind: 'dose-autoencoder', sites, rounds: 3, localEpochs: 1, seed: SEED, encryption: 'none', genesis, ...overrides,
});

describe('site cohort', () => {
  it('splits every site by patient and builds rows of each kind', () => {
    expect(cohort.sites.map((s) => s.site)).toEqual(['childrens-hospital', 'adult-clinic', 'home-care', 'icu']);
    for (const site of cohort.sites) {
      expect(site.splits.train.patients + site.splits.holdout.patients + site.splits.test.patients).toBe(3);
      for (const split of Object.values(site.splits)) {
        expect(split.dose.normal.count).toBeGreaterThan(10);
        expect(split.dose.normal.rows.length).toBe(split.dose.normal.count * 26);
        expect(split.telemetry.normal.count).toBeGreaterThan(10);
      }
    }
    expect(cohort.sites.reduce((n, s) => n + s.splits.test.dose.attacks.count, 0)).toBeGreaterThan(0);
  });

  it('is cached within the process and deterministic', async () => {
    expect(await buildSiteCohort({ seed: SEED, patientsPerSite: 3, days: 6 })).toBe(cohort);
  });
});

describe('trainFederated', () => {
  it('CKKS aggregation gives the plaintext result within 1e-4 per weight', async () => {
    const plain = await trainFederated(tiny({ rounds: 2 }));
    const encrypted = await trainFederated(tiny({ rounds: 2, encryption: 'ckks' }));
    let max = 0;
    for (let i = 0; i < plain.global.weights.length; i++) max = Math.max(max, Math.abs(plain.global.weights[i]! - encrypted.global.weights[i]!));
    expect(max).toBeLessThan(1e-4);
    expect(encrypted.rounds.every((r) => r.maxAbsErrorVsPlaintext !== null && r.maxAbsErrorVsPlaintext < 1e-5)).toBe(true);
    expect(plain.rounds.every((r) => r.maxAbsErrorVsPlaintext === null)).toBe(true);
    expect(plain.rounds[0]!.sites).toBe(4);
  }, 120_000);

  it('lowers the loss on the pooled training rows over rounds, and is deterministic without encryption', async () => {
    const pooled = pooledTrainingData('dose-autoencoder', cohort.sites).train as Float32Array;
    const losses: number[] = [];
    const result = await trainFederated(tiny({ rounds: 4, localEpochs: 3, onRound: (_, global) => void losses.push(globalLoss('dose-autoencoder', global, pooled)) }));
    const start = globalLoss('dose-autoencoder', genesis, pooled);
    expect(losses).toHaveLength(4);
    expect(losses[3]!).toBeLessThan(start);
    expect(losses[3]!).toBeLessThan(losses[0]!);
    expect(result.epsilon).toBeNull();
    const again = await trainFederated(tiny({ rounds: 4, localEpochs: 3 }));
    expect(Array.from(again.global.weights)).toEqual(Array.from(result.global.weights));
  }, 120_000);

  it('reports ε at δ only with noise, and ε shrinks with more noise', async () => {
    const noisy = await trainFederated(tiny({ rounds: 2, noiseMultiplier: 1, clipNorm: 1 }));
    const noisier = await trainFederated(tiny({ rounds: 2, noiseMultiplier: 2, clipNorm: 1 }));
    expect(noisy.epsilon).toBeGreaterThan(0);
    expect(Number.isFinite(noisy.epsilon)).toBe(true);
    expect(noisy.delta).toBe(1e-5);
    expect(noisier.epsilon!).toBeLessThan(noisy.epsilon!);
    const clean = await trainFederated(tiny({ rounds: 1, clipNorm: 1 }));
    expect(clean.epsilon).toBeNull();
    expect(clean.delta).toBeNull();
  }, 120_000);

  it('trains the adherence model with FedProx and lowers its loss', async () => {
    // Pillbox-only patients (the cohort of this file is too short for adherence labels), split into two sites.
    const data = simulateAdherenceCohort(12, 28, 'federated-training-test');
    const width = 33;
    const pick = (from: number, to: number) => {
      const idx = Array.from(data.patient.keys()).filter((i) => data.patient[i]! >= from && data.patient[i]! < to);
      return { rows: Float32Array.from(idx.flatMap((i) => Array.from(data.rows.subarray(i * width, (i + 1) * width)))), labels: Float32Array.from(idx.flatMap((i) => [data.labels[2 * i]!, data.labels[2 * i + 1]!])) };
    };
    const adherenceSites = [{ site: 'a', data: { train: pick(0, 4), holdout: pick(4, 6) } }, { site: 'b', data: { train: pick(6, 10), holdout: pick(10, 12) } }];
    const start = await referenceGenesis('adherence-risk', SEED);
    const all = { rows: Float32Array.from([...pick(0, 4).rows, ...pick(6, 10).rows]), labels: Float32Array.from([...pick(0, 4).labels, ...pick(6, 10).labels]) };
    const result = await trainFederated({ kind: 'adherence-risk', sites: adherenceSites, rounds: 3, localEpochs: 3, seed: SEED, encryption: 'ckks', proximalMu: 0.01 });
    expect(result.rounds.map((r) => r.sites)).toEqual([2, 2, 2]);
    expect(globalLoss('adherence-risk', result.global, all)).toBeLessThan(globalLoss('adherence-risk', start, all));
  }, 120_000);

  it('leaks no tfjs tensors across calls', async () => {
    await trainFederated(tiny({ rounds: 1 }));
    const before = tf.memory().numTensors;
    await trainFederated(tiny({ rounds: 2, encryption: 'ckks', proximalMu: 0.01 }));
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('refuses no sites and duplicate names', async () => {
    await expect(trainFederated(tiny({ sites: [] }))).rejects.toThrow(RangeError);
    await expect(trainFederated(tiny({ sites: [sites[0]!, sites[0]!] }))).rejects.toThrow(RangeError);
  });
});
