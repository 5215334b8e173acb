/**
 * `npm run bench -- models`: centralised training on simulated patients, evaluated on held-out patients.
 * Measures contextual-attack detection (autoencoder alone, physiological checks alone, combined) at the
 * calibrated false-alarm rate, adherence AUROC/ECE against the last-7-day baseline, scoring throughput and
 * latency (hand-rolled forward pass vs tfjs), and training throughput on wasm vs cpu in one run.
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createLogger } from '../../common/log/index.js';
import {
  adherenceBaseline, adherenceNetConfig, auroc, autoencoderConfig, bootstrap, buildModelCard, detectionRates,
  DOSE_CONTEXT_SPEC, expectedCalibrationError, loadModelArtifact, quantile, saveModelArtifact, TELEMETRY_WINDOW_SPEC,
  applyNormalisation, fitNormalisation, anomalyScorerFor, renderModelCard,
} from '../../models/index.js';
import { buildDenseModel, fitModel, selectBackend, trainAdherenceModel, trainAutoencoder, assignWeights } from '../../models/training.js';
import { checkPhysiology } from '../../edge-node/gate/physiology.js';
import { simulateDoseCohort, type PatientRows } from '../../models/testing/dose-data.js';
import { simulateAdherenceCohort, SEQUENCE_LENGTH, SEQUENCE_WIDTH, type AdherenceCohort } from '../../models/testing/adherence-data.js';

const log = createLogger({ name: 'bench-models' });
const results: Record<string, unknown> = {};
const stack = (arrays: Float32Array[]): Float32Array => {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) { out.set(a, o); o += a.length; }
  return out;
};
const splitOf = (name: string): 'train' | 'calibration' | 'test' => {
  const index = Number(name.split('#')[1]);
  return index <= 3 ? 'train' : index === 4 ? 'calibration' : 'test';
};

async function trainingThroughput(rows: Float32Array): Promise<void> {
  const width = DOSE_CONTEXT_SPEC.features.length;
  const z = applyNormalisation(rows, fitNormalisation(rows, width));
  const n = z.length / width;
  const perBackend: Record<string, number> = {};
  for (const backend of ['wasm', 'cpu'] as const) {
    await selectBackend({ require: backend });
    const model = buildDenseModel(autoencoderConfig(width), 7);
    const start = performance.now();
    await fitModel(model, z, z, { loss: 'mse', epochs: 3, seed: 7, validationFraction: 0, batchSize: 64 });
    perBackend[backend] = (3 * n) / ((performance.now() - start) / 1000);
    model.dispose();
  }
  results['trainingRowsPerSecond'] = { ...perBackend, wasmOverCpu: perBackend['wasm']! / perBackend['cpu']! };
}

async function doseContext(cohort: PatientRows[], backend: string): Promise<void> {
  const rowsOf = (split: string, attack: boolean | null) => cohort.filter((p) => splitOf(p.virtualPatient) === split).flatMap((p) => p.dose.filter((r) => (attack === null ? true : (r.attack !== null) === attack)));
  const train = rowsOf('train', false);
  const calibration = rowsOf('calibration', false);
  const test = rowsOf('test', null);
  const trained = await trainAutoencoder({
    spec: DOSE_CONTEXT_SPEC, trainRows: stack(train.map((r) => r.features)), calibrationRows: stack(calibration.map((r) => r.features)),
    targetFalseAlarmRate: 0.005, seed: 11, epochs: 150, patience: 15,
  });
  const scores = trained.scorer.scoreBatch(stack(test.map((r) => r.features)));
  const labels = test.map((r) => r.attack !== null);
  const aeFlags = Array.from(scores, (s) => s > trained.scoring.threshold);
  // Stage 3 of the gate as deployed (edge-node/gate/physiology.ts): a HOLD or REJECT there flags the command.
  const physioFlags = test.map((r) => checkPhysiology(cohort.find((p) => p.dose.includes(r))!.profile, r.context, r.context.kind).verdict !== 'ALLOW');
  const combined = aeFlags.map((f, i) => f || physioFlags[i]!);
  // Combined operating point: the autoencoder threshold chosen on held-out normal commands so that
  // "autoencoder OR physiological check" flags at most 1% of them. Pooled: one threshold from all
  // calibration patients. Per site: each age group (a site such as a children's hospital) calibrates its
  // own on its own calibration patient, as each edge node does with its hold-out data.
  const profileOf = (r: (typeof test)[number]) => cohort.find((p) => p.dose.includes(r))!.profile;
  const groupOf = (r: (typeof test)[number]) => cohort.find((p) => p.dose.includes(r))!.ageGroup;
  const calibrationScores = trained.scorer.scoreBatch(stack(calibration.map((r) => r.features)));
  const calibrationPhysio = calibration.map((r) => checkPhysiology(profileOf(r), r.context, r.context.kind).verdict !== 'ALLOW');
  const combinedThresholdFor = (indices: number[]): number => {
    const candidates = indices.map((i) => calibrationScores[i]!).sort((a, b) => a - b);
    let threshold = Number.POSITIVE_INFINITY;
    for (let k = candidates.length - 1; k >= 0; k--) {
      const t = candidates[k]!;
      if (indices.filter((i) => calibrationScores[i]! > t || calibrationPhysio[i]).length / indices.length > 0.01) break;
      threshold = t;
    }
    return threshold;
  };
  const combinedThreshold = combinedThresholdFor(calibration.map((_, i) => i));
  const combinedCalibrated = Array.from(scores, (sc, i) => sc > combinedThreshold || physioFlags[i]!);
  const siteThresholds = Object.fromEntries(['child', 'adolescent', 'adult'].map((g) => [g, combinedThresholdFor(calibration.flatMap((r, i) => (groupOf(r) === g ? [i] : [])))]));
  const combinedPerSite = Array.from(scores, (sc, i) => sc > siteThresholds[groupOf(test[i]!)]! || physioFlags[i]!);
  // Oracle operating points (threshold set on the test patients' own normal commands): what a threshold
  // calibrated on data like the test patients' would give; shows how much is threshold transfer.
  const atTestFar = (flagScore: (i: number) => number, far: number) => {
    const normalScores = test.map((_, i) => i).filter((i) => !labels[i]).map(flagScore).sort((a, b) => a - b);
    const t = normalScores[Math.min(normalScores.length - 1, Math.floor(normalScores.length * (1 - far)))]!;
    return detectionRates(test.map((_, i) => flagScore(i) > t), labels);
  };
  const oracle = {
    autoencoderAt1PercentTestFar: atTestFar((i) => scores[i]!, 0.01),
    combinedAt1PercentTestFar: atTestFar((i) => (physioFlags[i] ? 1e9 : scores[i]!), 0.01),
  };
  const perType: Record<string, unknown> = {};
  for (const type of new Set(test.map((r) => r.attack).filter((a) => a !== null))) {
    const idx = test.map((r, i) => (r.attack === type ? i : -1)).filter((i) => i >= 0);
    perType[type!] = { n: idx.length, autoencoder: idx.filter((i) => aeFlags[i]).length / idx.length, physiological: idx.filter((i) => physioFlags[i]).length / idx.length, combined: idx.filter((i) => combined[i]).length / idx.length, combinedCalibrated: idx.filter((i) => combinedCalibrated[i]).length / idx.length, combinedPerSite: idx.filter((i) => combinedPerSite[i]).length / idx.length };
  }
  const byAge: Record<string, unknown> = {};
  for (const group of ['child', 'adolescent', 'adult']) {
    const idx = test.map((r, i) => (cohort.find((p) => p.dose.includes(r))!.ageGroup === group ? i : -1)).filter((i) => i >= 0);
    byAge[group] = { combined: detectionRates(idx.map((i) => combined[i]!), idx.map((i) => labels[i]!)), combinedPerSite: detectionRates(idx.map((i) => combinedPerSite[i]!), idx.map((i) => labels[i]!)) };
  }
  results['doseContext'] = {
    rows: { train: train.length, calibration: calibration.length, test: test.length, testAttacks: labels.filter(Boolean).length },
    threshold: trained.scoring.threshold, targetFalseAlarmRate: trained.scoring.targetFalseAlarmRate, epochs: trained.fit.epochsRun,
    autoencoderAuroc: auroc(scores, labels),
    autoencoderAlone: detectionRates(aeFlags, labels),
    physiologicalAlone: detectionRates(physioFlags, labels),
    combined: detectionRates(combined, labels),
    combinedThresholdForOnePercent: combinedThreshold,
    combinedCalibratedToOnePercent: detectionRates(combinedCalibrated, labels),
    perSiteThresholdsForOnePercent: siteThresholds,
    combinedPerSiteCalibratedToOnePercent: detectionRates(combinedPerSite, labels),
    oracle,
    perType, byAgeGroupCombined: byAge,
  };
  // Serving speed: hand-rolled forward pass over the exported weights vs tfjs.
  const batch = stack(Array.from({ length: Math.ceil(100_000 / test.length) }, () => stack(test.map((r) => r.features)))).subarray(0, 100_000 * DOSE_CONTEXT_SPEC.features.length);
  trained.scorer.scoreBatch(batch.subarray(0, 1000 * DOSE_CONTEXT_SPEC.features.length));
  // Best of five passes: the benchmark host is shared, and the best pass is the least disturbed one.
  let batchRowsPerSecond = 0;
  const passes: number[] = [];
  for (let pass = 0; pass < 5; pass++) {
    const t0 = performance.now();
    trained.scorer.scoreBatch(batch);
    passes.push(100_000 / ((performance.now() - t0) / 1000));
    batchRowsPerSecond = Math.max(batchRowsPerSecond, passes[pass]!);
  }
  let start = performance.now();
  const single = (fn: (row: Float32Array) => unknown, calls: number): { p50Ms: number; p99Ms: number } => {
    const times = new Float64Array(calls);
    for (let i = 0; i < calls; i++) {
      const row = test[i % test.length]!.features;
      const t0 = performance.now();
      fn(row);
      times[i] = performance.now() - t0;
    }
    return { p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99) };
  };
  single((row) => trained.scorer.score(row), 2000);
  const model = buildDenseModel(trained.net, 0);
  assignWeights(model, trained.weights);
  const normalised = applyNormalisation(batch.subarray(0, 20_000 * DOSE_CONTEXT_SPEC.features.length), trained.normalisation);
  const tfjsOut = tf.tidy(() => (model.predict(tf.tensor2d(normalised, [20_000, DOSE_CONTEXT_SPEC.features.length])) as tf.Tensor).dataSync());
  start = performance.now();
  tf.tidy(() => (model.predict(tf.tensor2d(normalised, [20_000, DOSE_CONTEXT_SPEC.features.length])) as tf.Tensor).dataSync());
  const tfjsBatchRowsPerSecond = 20_000 / ((performance.now() - start) / 1000);
  const { DenseForward } = await import('../../models/nn/dense-net.js');
  const ours = new DenseForward(trained.net, trained.weights).forward(normalised, 20_000);
  let maxDiff = 0;
  for (let i = 0; i < ours.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i]! - tfjsOut[i]!));
  results['doseScoring'] = {
    batchRowsPerSecond,
    batchRowsPerSecondPasses: passes,
    loadAverage1m: loadavg()[0],
    singleRow: single((row) => trained.scorer.score(row), 20_000),
    singleRowWithExplanation: single((row) => trained.scorer.explain(row), 20_000),
    tfjsBatchRowsPerSecond,
    tfjsSingleRow: single((row) => tf.tidy(() => (model.predict(tf.tensor2d(row, [1, row.length])) as tf.Tensor).dataSync()), 500),
    handRolledVsTfjsMaxAbsDiff: maxDiff,
    backend,
  };
  model.dispose();
  // Artifact round trip and card.
  const directory = mkdtempSync(join(tmpdir(), 'vigil-dose-ae-'));
  const card = buildModelCard({
    kind: 'dose-autoencoder', name: 'dose-context autoencoder (bench)', spec: DOSE_CONTEXT_SPEC, net: trained.net, weights: trained.weights, backend,
    metrics: [
      { name: 'detection rate (combined, per-site threshold)', value: detectionRates(combinedPerSite, labels).detectionRate },
      { name: 'false-alarm rate (combined, per-site threshold)', value: detectionRates(combinedPerSite, labels).falseAlarmRate },
      { name: 'AUROC (autoencoder alone)', ...(() => { const e = bootstrap(scores.length, (ix) => auroc(Array.from(ix, (i) => scores[i]!), Array.from(ix, (i) => labels[i]!)), { resamples: 100 }); return { value: e.value, lower: e.lower, upper: e.upper, level: e.level }; })() },
    ],
    trainingData: { description: 'UVA/Padova virtual patients #1–3 per age group', patients: cohort.filter((p) => splitOf(p.virtualPatient) === 'train').length, rows: train.length },
    evaluationData: { description: 'held-out virtual patients #5–6 per age group, with contextual attacks', patients: cohort.filter((p) => splitOf(p.virtualPatient) === 'test').length, rows: test.length },
    threshold: { value: trained.scoring.threshold, targetFalseAlarmRate: trained.scoring.targetFalseAlarmRate },
    quantitativeAnalyses: Object.entries(byAge).map(([group, rates]) => {
      const r = (rates as { combinedPerSite: { detectionRate: number; falseAlarmRate: number; positives: number; negatives: number } }).combinedPerSite;
      return { factor: 'age group', group, rows: r.positives + r.negatives, metrics: [{ name: 'detection rate (combined, per-site threshold)', value: r.detectionRate }, { name: 'false-alarm rate (combined, per-site threshold)', value: r.falseAlarmRate }] };
    }),
  });
  saveModelArtifact(directory, { kind: 'dose-autoencoder', spec: DOSE_CONTEXT_SPEC, normalisation: trained.normalisation, net: trained.net, weights: trained.weights, scoring: trained.scoring, card });
  const loaded = loadModelArtifact(directory);
  const reloaded = anomalyScorerFor(loaded).scoreBatch(stack(test.slice(0, 100).map((r) => r.features)));
  results['artifact'] = { directory, version: loaded.version, roundTripExact: reloaded.every((s, i) => s === scores[i]), cardMarkdownLines: renderModelCard(loaded.card).split('\n').length };
}

async function telemetry(cohort: PatientRows[]): Promise<void> {
  const of = (split: string) => cohort.filter((p) => splitOf(p.virtualPatient) === split);
  const trained = await trainAutoencoder({
    spec: TELEMETRY_WINDOW_SPEC, trainRows: stack(of('train').flatMap((p) => p.telemetry)), calibrationRows: stack(of('calibration').flatMap((p) => p.telemetry)),
    targetFalseAlarmRate: 0.01, seed: 12, epochs: 60, net: autoencoderConfig(TELEMETRY_WINDOW_SPEC.features.length, [32, 12, 32]),
  });
  const normal = trained.scorer.scoreBatch(stack(of('test').flatMap((p) => p.telemetry)));
  const spoofed = trained.scorer.scoreBatch(stack(of('test').flatMap((p) => p.telemetrySpoofed)));
  results['telemetry'] = {
    windows: { train: of('train').reduce((n, p) => n + p.telemetry.length, 0), testNormal: normal.length, testSpoofed: spoofed.length },
    falseAlarmRate: Array.from(normal).filter((s) => s > trained.scoring.threshold).length / normal.length,
    cgmSpoofDetectionRate: Array.from(spoofed).filter((s) => s > trained.scoring.threshold).length / spoofed.length,
  };
}

async function adherence(): Promise<void> {
  const train = simulateAdherenceCohort(200, 90, 'bench', 0);
  const calibration = simulateAdherenceCohort(60, 90, 'bench', 10_000);
  const test = simulateAdherenceCohort(100, 90, 'bench', 20_000);
  const evaluate = (name: string, probabilities: Float32Array | number[], cohort: AdherenceCohort) => {
    const n = cohort.labels.length / 2;
    const out: Record<string, unknown> = {};
    for (const [k, label] of [[0, 'missNext'], [1, 'pdcBelow80Next7Days']] as const) {
      const p = Array.from({ length: n }, (_, r) => probabilities[2 * r + k]!);
      const y = Array.from({ length: n }, (_, r) => cohort.labels[2 * r + k]!);
      const ci = bootstrap(n, (ix) => auroc(Array.from(ix, (i) => p[i]!), Array.from(ix, (i) => y[i]!)), { resamples: 100, seed: k });
      out[label] = { auroc: ci.value, aurocCi95: [ci.lower, ci.upper], ece: expectedCalibrationError(p, y), prevalence: y.reduce((a, b) => a + b, 0) / n };
    }
    return { [name]: out };
  };
  const flat = (risks: { missNextProbability: number; pdcBelow80Next7DaysProbability: number }[]) => risks.flatMap((r) => [r.missNextProbability, r.pdcBelow80Next7DaysProbability]);
  const mlp = await trainAdherenceModel({ train, calibration, seed: 5, epochs: 40 });
  const linear = await trainAdherenceModel({ train, calibration, seed: 5, epochs: 40, net: adherenceNetConfig(train.rows.length / (train.labels.length / 2), []) });
  const wide = await trainAdherenceModel({ train, calibration, seed: 5, epochs: 40, net: adherenceNetConfig(train.rows.length / (train.labels.length / 2), [64, 32]) });
  const gru = await gruComparator(train, test);
  results['adherence'] = {
    ...evaluate('gru_16_raw_sequence', gru.probabilities, test),
    gruTrainSeconds: gru.seconds,
    rows: { train: train.labels.length / 2, calibration: calibration.labels.length / 2, test: test.labels.length / 2 },
    calibrators: { missNext: mlp.head.calibrators.missNext.method, pdc: mlp.head.calibrators.pdcBelow80Next7Days.method },
    classWeights: mlp.classWeights,
    ...evaluate('mlp_32_16', flat(mlp.scorer.predictBatch(test.rows)), test),
    ...evaluate('logistic_no_hidden', flat(linear.scorer.predictBatch(test.rows)), test),
    ...evaluate('mlp_64_32', flat(wide.scorer.predictBatch(test.rows)), test),
    ...evaluate('baseline_last7', adherenceBaseline(test.rows), test),
    exampleExplanation: mlp.scorer.explain(test.rows.subarray(0, train.rows.length / (train.labels.length / 2)), 3),
  };
}

/** A GRU over the last 28 scheduled doses (uncalibrated; AUROC is rank-based), to compare with the MLP. */
async function gruComparator(train: AdherenceCohort, test: AdherenceCohort): Promise<{ probabilities: Float32Array; seconds: number }> {
  const start = performance.now();
  const model = tf.sequential();
  model.add(tf.layers.gru({ units: 16, inputShape: [SEQUENCE_LENGTH, SEQUENCE_WIDTH], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.orthogonal({ seed: 2 }) }));
  model.add(tf.layers.dense({ units: 2, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  model.compile({ optimizer: tf.train.adam(3e-3), loss: 'binaryCrossentropy' });
  const n = train.labels.length / 2;
  const xs = tf.tensor3d(train.sequences, [n, SEQUENCE_LENGTH, SEQUENCE_WIDTH]);
  const ys = tf.tensor2d(train.labels, [n, 2]);
  await model.fit(xs, ys, { epochs: 3, batchSize: 128, shuffle: false, verbose: 0 });
  const m = test.labels.length / 2;
  const probabilities = tf.tidy(() => (model.predict(tf.tensor3d(test.sequences, [m, SEQUENCE_LENGTH, SEQUENCE_WIDTH])) as tf.Tensor).dataSync() as Float32Array);
  tf.dispose([xs, ys]);
  model.dispose();
  return { probabilities, seconds: (performance.now() - start) / 1000 };
}

/** Runs the models benchmark and prints its results as JSON. */
export async function run(): Promise<void> {
  const started = performance.now();
  const backend = await selectBackend({ logger: log });
  log.info('simulating the dose cohort');
  const cohort = simulateDoseCohort({ instances: 3, days: 12, seed: 'bench-models' });
  const trainRows = stack(cohort.filter((p) => splitOf(p.virtualPatient) === 'train').flatMap((p) => p.dose.filter((r) => r.attack === null).map((r) => r.features)));
  await trainingThroughput(trainRows);
  await selectBackend({ require: backend === 'tensorflow' ? 'tensorflow' : 'wasm', logger: log });
  log.info('dose-context autoencoder');
  await doseContext(cohort, tf.getBackend());
  log.info('telemetry autoencoder');
  await telemetry(cohort);
  log.info('adherence model');
  await adherence();
  results['seconds'] = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
}
