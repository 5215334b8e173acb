import { createHash } from 'node:crypto';
import type { NodeCodec } from './node-codec.js';
import { VigilError } from '../../common/errors/index.js';
import { addGaussianNoise, applyDelta, clipToNorm, difference, withBaseMetrics } from '../../common/federated/index.js';
import type { Logger } from '../../common/log/index.js';
import type { ModelKind } from '../../proto/gen/vigil/v1/ModelKind.js';
import type { RoundPlan__Output } from '../../proto/gen/vigil/v1/RoundPlan.js';
import type { FederationClient } from './federation-client.js';

/** Local training settings, as the round plan carries them. */
export interface LocalTrainingConfig {
  localEpochs: number;
  learningRate: number;
  batchSize: number;
  fedproxMu: number;
}

/** Trains one model kind on the node's own data, starting from the global weights. */
export interface LocalTrainer {
  /** @returns the new weights, the samples they were trained on, training metrics, and the tfjs backend that ran it. */
  train(global: Float32Array, config: LocalTrainingConfig): Promise<{ weights: Float32Array; sampleCount: number; metrics: Record<string, number>; backend: string }>;
}

/** Shadow-mode validation of a candidate on the node's hold-out data against the model it serves now. */
export interface CandidateValidator {
  /** @returns whether to promote, why, and the candidate's metrics (reported to the coordinator). */
  validate(candidate: Float32Array, current: Float32Array): Promise<{ promote: boolean; reason: string; metrics: Record<string, number>; sampleCount: number }>;
  /**
   * @returns the metrics the coordinator ranks versions by (the candidate's are among `validate`'s), for any
   * weights on the same hold-out data: the node reports them for the round's base version as well.
   */
  holdoutMetrics(weights: Float32Array): Record<string, number>;
}

/** The node's copies of global models, by version, and the one it serves. */
export interface ModelVault {
  get(version: string): Float32Array | undefined;
  put(version: string, weights: Float32Array): void;
  serving(): { version: string; weights: Float32Array } | undefined;
  promote(version: string, weights: Float32Array, roundId: string): Promise<void>;
}

/** Publishes the node's audit-log tree head to the coordinator's witness. */
export type TreeHeadPublisher = () => Promise<void>;

/** Collaborators of {@link participateInRound}. */
export interface ParticipantDeps {
  client: FederationClient;
  /** CKKS (NodeHe) in production. */
  he: NodeCodec;
  trainer: LocalTrainer;
  validator: CandidateValidator;
  vault: ModelVault;
  publishTreeHead: TreeHeadPublisher;
  logger: Logger;
  /** Standard normal draws for DP noise (seeded in tests). */
  normal: () => number;
  /** Polling interval while the round is still collecting. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** What happened in one round, from the node's side. */
export type ParticipationOutcome =
  | { status: 'idle' }
  | { status: 'done'; roundId: string; version: string; promoted: boolean; reason: string; submitted: boolean; clippedFrom: number }
  | { status: 'failed'; roundId: string; reason: string };

/** @returns the SHA-256 (hex) of weights as little-endian float32: a model's version. */
export function weightsVersion(weights: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength)).digest('hex');
}

async function globalWeights(deps: ParticipantDeps, plan: RoundPlan__Output): Promise<Float32Array> {
  const known = deps.vault.get(plan.globalVersion);
  if (known) return known;
  const downloaded = await deps.client.downloadModel(plan.globalVersion);
  if (weightsVersion(downloaded.weights) !== plan.globalVersion) throw new VigilError('DATA_LOSS', `downloaded model does not hash to ${plan.globalVersion}`);
  deps.vault.put(plan.globalVersion, downloaded.weights);
  return downloaded.weights;
}

async function awaitAggregate(deps: ParticipantDeps, plan: RoundPlan__Output) {
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const now = deps.now ?? Date.now;
  const giveUpAt = Number(plan.deadlineAtMs) + 30_000;
  for (;;) {
    try {
      return await deps.client.getAggregate(plan.roundId);
    } catch (error) {
      if (!(error instanceof VigilError) || error.code !== 'UNAVAILABLE' || now() > giveUpAt) throw error;
      await sleep(deps.pollMs ?? 250);
    }
  }
}

/**
 * Takes part in the next round of `modelKind`: train from the global weights, clip the update, add DP
 * noise when configured, encrypt it weighted by the sample count, upload, fetch and decrypt the sum,
 * validate the candidate in shadow mode, promote or keep, report, and publish the audit tree head.
 * Failures are values: a round the coordinator failed, or a late upload, ends as `failed` or `submitted: false`.
 */
export async function participateInRound(deps: ParticipantDeps, modelKind: ModelKind): Promise<ParticipationOutcome> {
  const plan = await deps.client.getRoundPlan(modelKind);
  if (!plan.selected) return { status: 'idle' };
  const log = deps.logger.child({ roundId: plan.roundId });
  const config = plan.config!;
  const global = await globalWeights(deps, plan);
  const trained = await deps.trainer.train(global, { localEpochs: config.localEpochs, learningRate: config.learningRate, batchSize: config.batchSize, fedproxMu: config.fedproxMu });
  const { clipped, normBefore } = clipToNorm(difference(trained.weights, global), config.clipNorm);
  const update = config.dpNoiseMultiplier > 0 ? addGaussianNoise(clipped, config.dpNoiseMultiplier, config.clipNorm, deps.normal) : clipped;
  let submitted = true;
  try {
    const layout = deps.he.layout(update.length);
    const chunks = (function* () {
      for (const chunk of deps.he.encryptChunks(update, trained.sampleCount)) yield chunk.bytes;
    })();
    await deps.client.submitUpdate(plan, chunks, trained.sampleCount, deps.he.fingerprint, layout.chunkCount);
  } catch (error) {
    if (!(error instanceof VigilError) || !['DEADLINE_EXCEEDED', 'ALREADY_EXISTS'].includes(error.code)) throw error;
    submitted = false;
    log.warn({ code: error.code }, 'update not accepted; will still follow the round');
  }
  let aggregate;
  try {
    aggregate = await awaitAggregate(deps, plan);
  } catch (error) {
    if (error instanceof VigilError && error.code === 'FAILED_PRECONDITION') return { status: 'failed', roundId: plan.roundId, reason: error.message };
    throw error;
  }
  const averaged = deps.he.decryptAggregate({ weightCount: aggregate.header.weightCount, chunks: aggregate.chunks }, aggregate.header.totalWeight);
  const candidate = applyDelta(global, averaged);
  const version = weightsVersion(candidate);
  deps.vault.put(version, candidate);
  const current = deps.vault.serving()?.weights ?? global;
  const verdict = await deps.validator.validate(candidate, current);
  if (verdict.promote) await deps.vault.promote(version, candidate, plan.roundId);
  const metrics = withBaseMetrics(verdict.metrics, deps.validator.holdoutMetrics(global));
  const agrees = await deps.client.reportEvaluation({ roundId: plan.roundId, weightsSha256Hex: version, metrics, promoted: verdict.promote, reason: verdict.reason, sampleCount: verdict.sampleCount, trainingBackend: trained.backend });
  if (!agrees) log.error({ version }, 'this node decrypted different weights than others: round flagged');
  await deps.publishTreeHead();
  log.info({ version, promoted: verdict.promote, nodes: aggregate.header.nodeCount }, verdict.reason);
  return { status: 'done', roundId: plan.roundId, version, promoted: verdict.promote, reason: verdict.reason, submitted, clippedFrom: normBefore };
}
