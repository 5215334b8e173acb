/**
 * Federated training in one process, without gRPC, with the real system's pieces: each round the strategy
 * (coordinator/strategy FedAvg or FedProx) plans the round config; every site runs `trainLocal` from the
 * global model (as edge-node/federation/federated-models.ts does), takes update = local − global, clips it and
 * optionally adds Gaussian noise (common/federated, as round-participant.ts does), CKKS-encrypts it weighted by
 * its sample count (NodeHe); the coordinator side adds the ciphertexts (CoordinatorHe, no secret key); a node
 * decrypts the sample-weighted mean and applies it. The global normalisation statistics and starting weights
 * are the federation's genesis, fitted on a reference cohort as eval/demo/genesis.ts fits them.
 */
import { CoordinatorHe, generateKeyset, NodeHe } from '../../common/crypto/he/index.js';
import { addGaussianNoise, applyDelta, clipToNorm, difference, gaussianEpsilon, weightedAverage } from '../../common/federated/index.js';
import { DP_DELTA } from '../../coordinator/registry.js';
import { FedAvg, FedProx, type FedAvgOptions } from '../../coordinator/strategy/fedavg.js';
import type { LearningRateSchedule } from '../../coordinator/strategy/learning-rate.js';
import type { ModelKindName, Strategy, TrainingConfig } from '../../coordinator/strategy/strategy.js';
import { createRandom } from '../../datasets/random.js';
import { adherenceNetConfig, applyNormalisation, autoencoderConfig, DenseForward, type AdherenceDataset, type DenseNetConfig, type GlobalModel, type ModelKind } from '../../models/index.js';
import { trainLocal, type LocalTrainingOptions } from '../../models/training.js';
import { concatRows, PATIENT_SPLITS, pooledSplit, referenceCohort, rowCount, widthOf } from './site-cohort.js';

/** One site's local data (its train patients, and its hold-out patients for calibration / thresholds). */
export interface FederatedSite {
  site: string;
  data: LocalTrainingOptions['data'];
}

/** What one round did. */
export interface FederatedRoundSummary {
  round: number;
  sites: number;
  /** Sum of the sites' sample counts (the FedAvg weights). */
  totalSamples: number;
  /** Mean L2 norm of the sites' updates before clipping. */
  updateNormMean: number;
  seconds: number;
  /** Largest |CKKS aggregate − plaintext FedAvg| over the weights; null without encryption. */
  maxAbsErrorVsPlaintext: number | null;
  /** The strategy's plan for the round (learning rate from its schedule). */
  config: TrainingConfig;
  /** The sites whose updates were aggregated, with their sample weights. */
  submissions: { nodeId: string; sampleWeight: number }[];
  /** Whether the strategy published the aggregate (false: the previous model was kept). */
  published: boolean;
}

/** Options of {@link trainFederated}. */
export interface FederatedTrainingOptions {
  kind: ModelKind;
  sites: FederatedSite[];
  rounds: number;
  localEpochs: number;
  seed: number;
  encryption: 'ckks' | 'none';
  /** L2 clip of each update (default 5, the coordinator's default; the real system always clips). */
  clipNorm?: number;
  /** Gaussian noise multiplier σ (noise N(0, (σ·clipNorm)²) per coordinate); 0 or absent: no DP. */
  noiseMultiplier?: number;
  /** FedProx μ (> 0 selects FedProx); absent or 0: FedAvg. */
  proximalMu?: number;
  /** Architecture of the genesis model (default: the kind's standard net). Ignored when `genesis` is given. */
  net?: DenseNetConfig;
  /** Local learning rate of the first round (default 0.005, the coordinator's default). */
  learningRate?: number;
  /** How the strategy changes the learning rate across rounds (default: constant; a default coordinator decays it, see coordinator/config.ts). */
  learningRateSchedule?: LearningRateSchedule;
  /** Local batch size (default 64, the coordinator's default). */
  batchSize?: number;
  /** Start from this global model (default: the reference-cohort genesis of `kind` for `seed`, see {@link referenceGenesis}). */
  genesis?: GlobalModel;
  onRound?: (summary: FederatedRoundSummary, global: GlobalModel) => void | Promise<void>;
}

/** What {@link trainFederated} returns. */
export interface FederatedTrainingResult {
  global: GlobalModel;
  rounds: FederatedRoundSummary[];
  /** (ε, δ) of client-level DP from the RDP accountant; null without noise. */
  epsilon: number | null;
  delta: number | null;
}

const MODEL_KIND_NAMES: Record<ModelKind, ModelKindName> = {
  'dose-autoencoder': 'MODEL_KIND_DOSE_AUTOENCODER',
  'telemetry-autoencoder': 'MODEL_KIND_TELEMETRY_AUTOENCODER',
  'adherence-risk': 'MODEL_KIND_ADHERENCE',
};

/** The coordinator's strategy defaults (coordinator/config.ts). */
export const COORDINATOR_DEFAULTS = { learningRate: 0.005, batchSize: 64, clipNorm: 5 } as const;

/** Genesis epochs, as eval/demo/genesis.ts trains them. */
const GENESIS_EPOCHS: Record<ModelKind, number> = { 'dose-autoencoder': 15, 'telemetry-autoencoder': 15, 'adherence-risk': 20 };

/** @returns the standard net of a kind. */
export function defaultNet(kind: ModelKind): DenseNetConfig {
  return kind === 'adherence-risk' ? adherenceNetConfig(widthOf(kind)) : autoencoderConfig(widthOf(kind));
}

const genesisCache = new Map<string, Promise<GlobalModel>>();

/**
 * The federation's genesis for a kind: normalisation statistics and starting weights fitted on a reference
 * cohort simulated with its own seed (no site's data), as eval/demo/genesis.ts builds it. Cached per process.
 * @returns the global model round 1 starts from.
 */
export function referenceGenesis(kind: ModelKind, seed: number, net: DenseNetConfig = defaultNet(kind)): Promise<GlobalModel> {
  const key = JSON.stringify([kind, seed, net]);
  let pending = genesisCache.get(key);
  if (!pending) {
    pending = (async () => {
      const cohort = await referenceCohort(seed);
      // Genesis only needs weights and statistics: every reference row trains, and also serves as calibration.
      const all = (kind === 'adherence-risk'
        ? { rows: concatRows(PATIENT_SPLITS.map((s) => (pooledSplit(kind, cohort.sites, s) as AdherenceDataset).rows)), labels: concatRows(PATIENT_SPLITS.map((s) => (pooledSplit(kind, cohort.sites, s) as AdherenceDataset).labels)) }
        : concatRows(PATIENT_SPLITS.map((s) => pooledSplit(kind, cohort.sites, s) as Float32Array)));
      const trained = await trainLocal({ kind, data: { train: all, holdout: all } as LocalTrainingOptions['data'], epochs: GENESIS_EPOCHS[kind], seed: 1, net, targetFalseAlarmRate: 0.01 });
      return { net: trained.net, weights: trained.weights, normalisation: trained.normalisation };
    })();
    genesisCache.set(key, pending);
    pending.catch(() => genesisCache.delete(key));
  }
  return pending;
}

interface HePair {
  node: NodeHe;
  coordinator: CoordinatorHe;
}
let hePair: Promise<HePair> | null = null;

/** One federation keyset per process (keygen is slow); the node side is shared: every node holds the same secret key. */
function federationKeyset(): Promise<HePair> {
  hePair ??= (async () => {
    const keyset = await generateKeyset();
    return { node: await NodeHe.fromBytes(keyset.secretKeyset), coordinator: await CoordinatorHe.fromBytes(keyset.publicContext) };
  })();
  return hePair;
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Encrypts every weighted update, sums the ciphertexts without a secret key, decrypts the weighted mean. */
function encryptedAverage(he: HePair, updates: readonly { update: Float32Array; sampleWeight: number }[]): Float32Array {
  const sum = he.coordinator.openSum(updates[0]!.update.length);
  try {
    for (const { update, sampleWeight } of updates) for (const chunk of he.node.encryptChunks(update, sampleWeight)) sum.add(chunk.index, chunk.bytes);
    const total = updates.reduce((s, u) => s + u.sampleWeight, 0);
    return he.node.decryptAggregate(sum.serialize(), total);
  } finally {
    sum.delete();
  }
}

/** @returns the coordinator strategy trainFederated plans rounds with for `options` (FedAvg, or FedProx for μ > 0). */
export function strategyOf(options: Pick<FederatedTrainingOptions, 'sites' | 'localEpochs' | 'learningRate' | 'batchSize' | 'clipNorm' | 'noiseMultiplier' | 'proximalMu' | 'learningRateSchedule'>): Strategy {
  const base: FedAvgOptions = {
    config: {
      localEpochs: options.localEpochs,
      learningRate: options.learningRate ?? COORDINATOR_DEFAULTS.learningRate,
      batchSize: options.batchSize ?? COORDINATOR_DEFAULTS.batchSize,
      clipNorm: options.clipNorm ?? COORDINATOR_DEFAULTS.clipNorm,
      dpNoiseMultiplier: options.noiseMultiplier ?? 0,
    },
    minNodes: options.sites.length,
    roundDurationMs: 1,
    ...(options.learningRateSchedule ? { learningRateSchedule: options.learningRateSchedule } : {}),
  };
  return (options.proximalMu ?? 0) > 0 ? new FedProx({ ...base, mu: options.proximalMu! }) : new FedAvg(base);
}

/**
 * Runs `rounds` federated rounds of `kind` over `sites` in this process.
 * @returns the final global model, per-round summaries, and (ε, δ) when noise was added.
 * @throws RangeError for no sites, duplicate site names, or non-integer rounds/epochs; whatever trainLocal
 *   throws for a site's data (InvalidArgumentError).
 */
export async function trainFederated(options: FederatedTrainingOptions): Promise<FederatedTrainingResult> {
  const { kind, sites } = options;
  if (sites.length === 0) throw new RangeError('no sites');
  if (new Set(sites.map((s) => s.site)).size !== sites.length) throw new RangeError('site names must be unique');
  if (!Number.isInteger(options.rounds) || options.rounds < 0 || !Number.isInteger(options.localEpochs) || options.localEpochs < 1) throw new RangeError('rounds ≥ 0 and localEpochs ≥ 1 must be integers');
  let global = options.genesis ?? (await referenceGenesis(kind, options.seed, options.net ?? defaultNet(kind)));
  const strategy = strategyOf(options);
  const he = options.encryption === 'ckks' ? await federationKeyset() : null;
  const bySite = new Map(sites.map((s, index) => [s.site, { ...s, index }]));
  // DP draws: one seeded generator per node for its lifetime, as edge-federation.ts seeds them.
  const noise = new Map(sites.map((s) => [s.site, createRandom(`dp-noise/${options.seed}/${s.site}`)]));
  const summaries: FederatedRoundSummary[] = [];
  // The schedule's clock, as the round runner counts it: aggregations behind the current global model.
  let aggregations = 0;
  for (let round = 1; round <= options.rounds; round++) {
    const started = performance.now();
    const plan = strategy.configureRound({ roundSeq: round, modelRound: aggregations + 1, modelKind: MODEL_KIND_NAMES[kind], nodes: sites.map((s) => ({ nodeId: s.site, lastSeenMs: 0 })), nowMs: 0 });
    const config = plan.config;
    const results: { nodeId: string; update: Float32Array; sampleWeight: number; normBefore: number }[] = [];
    for (const nodeId of plan.selectedNodeIds) {
      const site = bySite.get(nodeId)!;
      // A node trains with its own fixed seed every round (federated-models.ts passes the node's seed).
      const trained = await trainLocal({
        kind, data: site.data, global, epochs: config.localEpochs, seed: options.seed * 1009 + site.index + 1,
        learningRate: config.learningRate, batchSize: config.batchSize, targetFalseAlarmRate: 0.01,
        ...(config.fedproxMu > 0 ? { proximalMu: config.fedproxMu } : {}),
      });
      const { clipped, normBefore } = clipToNorm(difference(trained.weights, global.weights), config.clipNorm);
      const random = noise.get(nodeId)!;
      const update = config.dpNoiseMultiplier > 0 ? addGaussianNoise(clipped, config.dpNoiseMultiplier, config.clipNorm, () => random.normal()) : clipped;
      results.push({ nodeId, update, sampleWeight: trained.sampleCount, normBefore });
    }
    const decision = strategy.aggregate({ minNodes: plan.minNodes }, results.map((r) => ({ nodeId: r.nodeId, sampleWeight: r.sampleWeight })), []);
    let maxAbsErrorVsPlaintext: number | null = null;
    if (decision.publish) {
      const plaintext = weightedAverage(results);
      let averaged = plaintext;
      if (he) {
        averaged = encryptedAverage(he, results);
        maxAbsErrorVsPlaintext = maxAbsDifference(averaged, plaintext);
      }
      global = { ...global, weights: applyDelta(global.weights, averaged) };
      aggregations++;
    } // else: a null aggregation keeps the previous model
    const summary: FederatedRoundSummary = {
      round, sites: results.length, totalSamples: results.reduce((s, r) => s + r.sampleWeight, 0),
      updateNormMean: results.reduce((s, r) => s + r.normBefore, 0) / Math.max(1, results.length),
      seconds: (performance.now() - started) / 1000, maxAbsErrorVsPlaintext,
      config, submissions: results.map((r) => ({ nodeId: r.nodeId, sampleWeight: r.sampleWeight })), published: decision.publish,
    };
    summaries.push(summary);
    await options.onRound?.(summary, global);
  }
  const sigma = options.noiseMultiplier ?? 0;
  const budget = sigma > 0 ? gaussianEpsilon(sigma, options.rounds, DP_DELTA) : null;
  return { global, rounds: summaries, epsilon: budget?.epsilon ?? null, delta: budget?.delta ?? null };
}

/**
 * Loss of a global model on rows: mean squared reconstruction error of standardised rows (autoencoders), or
 * mean unweighted binary cross-entropy over both heads (adherence). Plain Float32Array math, no tensors.
 * @returns the loss (NaN for no rows).
 */
export function globalLoss(kind: ModelKind, global: GlobalModel, data: Float32Array | AdherenceDataset): number {
  const rows = data instanceof Float32Array ? data : data.rows;
  const n = rowCount(kind, data);
  if (n === 0) return Number.NaN;
  const z = applyNormalisation(rows, global.normalisation);
  const out = new DenseForward(global.net, global.weights).forward(z, n);
  let sum = 0;
  if (data instanceof Float32Array) {
    for (let i = 0; i < z.length; i++) sum += (out[i]! - z[i]!) ** 2;
    return sum / z.length;
  }
  for (let i = 0; i < out.length; i++) {
    const p = Math.min(1 - 1e-7, Math.max(1e-7, out[i]!));
    sum -= data.labels[i]! === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / out.length;
}
