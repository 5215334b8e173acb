import type * as grpc from '@grpc/grpc-js';
import { VigilError } from '../../common/errors/index.js';
import { unary, serverStream, clientStream, type AdapterDeps, type CallContext } from '../../common/grpc/index.js';
import type { WitnessStore } from '../../common/ledger/index.js';
import type { AggregationCipher } from '../aggregation/cipher.js';
import type { AuditSink } from '../audit-sink.js';
import { recordEvaluation } from '../registry.js';
import type { RoundRunner } from '../rounds/round-runner.js';
import type { UploadSession } from '../rounds/upload-session.js';
import type { CoordinatorStore } from '../store/coordinator-store.js';
import type { ModelKindName, Strategy } from '../strategy/strategy.js';
import { DownloadModelWire, EvaluationReportWire, GetAggregateWire, GetRoundPlanWire, JoinRequestWire, PublishTreeHeadWire, UpdateChunkWire } from './wire-schemas.js';

/** Collaborators of the Federation service. */
export interface FederationServiceDeps extends AdapterDeps {
  store: CoordinatorStore;
  runner: RoundRunner;
  strategy: Strategy;
  cipher: AggregationCipher;
  witness: WitnessStore;
  audit: AuditSink;
  heParameters: Record<string, unknown>;
  maxChunkBytes: number;
  clock?: () => number;
}

const EDGE = ['edge'] as const;
const MODEL_CHUNK_WEIGHTS = 256 * 1024;

/** Only enrolled, unrevoked edge nodes may take part. @throws VigilError PERMISSION_DENIED. */
function requireEnrolled(store: CoordinatorStore, context: CallContext, now: number): string {
  const node = store.getNode(context.identity.name);
  if (!node) throw new VigilError('PERMISSION_DENIED', `node '${context.identity.name}' is not enrolled`);
  if (node.status === 'revoked') throw new VigilError('PERMISSION_DENIED', `node '${context.identity.name}' is revoked`);
  store.touchNode(node.nodeId, now);
  return node.nodeId;
}

/** Builds the Federation service implementation (the only coordinator code that touches grpc). */
export function federationService(deps: FederationServiceDeps): grpc.UntypedServiceImplementation {
  const now = deps.clock ?? Date.now;
  const { store, runner } = deps;
  return {
    Join: unary(deps, { roles: EDGE, schema: JoinRequestWire }, async (request, context) => {
      const nodeId = requireEnrolled(store, context, now());
      if (request.keysetFingerprintHex !== deps.cipher.fingerprint) throw new VigilError('FAILED_PRECONDITION', 'keysetFingerprintHex: the node holds a different federation keyset');
      const modelKinds = request.modelKinds.filter((k): k is ModelKindName => k !== 'MODEL_KIND_UNSPECIFIED');
      store.touchNode(nodeId, now(), { keysetFingerprintHex: request.keysetFingerprintHex, auditPublicKeyBase64: request.auditVerifierKey, modelKinds });
      try {
        deps.witness.registerNode(nodeId, request.auditOrigin, request.auditVerifierKey);
      } catch (error) {
        throw new VigilError('INVALID_ARGUMENT', `auditVerifierKey: ${(error as Error).message}`, { cause: error });
      }
      return { nodeId, keysetFingerprintHex: deps.cipher.fingerprint, maxChunkBytes: deps.maxChunkBytes };
    }),

    GetRoundPlan: unary(deps, { roles: EDGE, schema: GetRoundPlanWire }, async (request, context) => {
      const nodeId = requireEnrolled(store, context, now());
      await runner.tick();
      const kind = request.modelKind === 'MODEL_KIND_UNSPECIFIED' ? undefined : (request.modelKind as ModelKindName);
      const plan = runner.planFor(nodeId, kind);
      if (!plan) return { selected: false };
      const { round } = plan;
      return {
        selected: true,
        roundId: round.roundId,
        modelKind: round.modelKind,
        state: `ROUND_STATE_${round.state}`,
        globalVersion: round.baseVersion,
        config: round.config,
        deadlineAtMs: round.deadlineAtMs,
        minNodes: round.minNodes,
        targetNodes: round.targetNodes,
        weightCount: round.weightCount,
        submissionToken: plan.token,
      };
    }),

    DownloadModel: serverStream(deps, { roles: EDGE, schema: DownloadModelWire }, async (request, context, send) => {
      requireEnrolled(store, context, now());
      const model = store.getModel(request.version);
      if (!model) throw new VigilError('NOT_FOUND', `model version ${request.version} not found`);
      if (!model.genesisWeights) throw new VigilError('FAILED_PRECONDITION', `model ${request.version} is federated: nodes rebuild it from the published aggregates; only genesis models are downloadable`);
      const weights = model.genesisWeights;
      for (let offset = 0; offset < model.weightCount; offset += MODEL_CHUNK_WEIGHTS) {
        const end = Math.min(model.weightCount, offset + MODEL_CHUNK_WEIGHTS);
        await send({
          version: model.version,
          offset,
          weightCount: model.weightCount,
          weightsF32le: weights.subarray(offset * 4, end * 4),
          modelKind: model.modelKind,
          manifestJson: offset === 0 ? model.manifestJson : '',
        });
      }
    }),

    SubmitUpdate: clientStream(deps, { roles: EDGE, schema: UpdateChunkWire }, async (messages, context) => {
      const nodeId = requireEnrolled(store, context, now());
      let session: UploadSession | undefined;
      let finished = false;
      try {
        for await (const message of messages) {
          if (message.part === 'header') {
            if (session) throw new VigilError('INVALID_ARGUMENT', 'header: sent twice');
            session = runner.beginUpload(nodeId, message.header);
          } else if (message.part === 'chunk') {
            if (!session) throw new VigilError('INVALID_ARGUMENT', 'header: must come first');
            if (message.chunk.ciphertext.length > deps.maxChunkBytes) throw new VigilError('RESOURCE_EXHAUSTED', `chunk ${message.chunk.index}: ${message.chunk.ciphertext.length} bytes exceeds ${deps.maxChunkBytes}`);
            session.addChunk(message.chunk.index, message.chunk.ciphertext);
          } else {
            if (!session) throw new VigilError('INVALID_ARGUMENT', 'header: must come first');
            const round = await runner.finishUpload(session, message.trailer.chunksSha256Hex);
            finished = true;
            return { roundId: round.roundId, chunksAccepted: round.chunkCount, nodesReceived: round.nodeCount };
          }
        }
        throw new VigilError('INVALID_ARGUMENT', session ? 'trailer: stream ended without a trailer (truncated upload)' : 'header: empty stream');
      } finally {
        if (session && !finished) session.abort();
      }
    }),

    GetAggregate: serverStream(deps, { roles: EDGE, schema: GetAggregateWire }, async (request, context, send) => {
      requireEnrolled(store, context, now());
      await runner.tick();
      const round = store.getRound(request.roundId);
      if (!round) throw new VigilError('NOT_FOUND', `round '${request.roundId}' not found`);
      if (round.state === 'FAILED') throw new VigilError('FAILED_PRECONDITION', `round ${round.roundId} failed: ${round.reason ?? 'no reason recorded'}`);
      if (round.state !== 'PUBLISHED') throw new VigilError('UNAVAILABLE', `round ${round.roundId} is ${round.state}; try again after ${new Date(round.deadlineAtMs).toISOString()}`, { retryable: true });
      await send({ header: { roundId: round.roundId, totalWeight: round.totalWeight, nodeCount: round.nodeCount, chunkCount: round.chunkCount, weightCount: round.weightCount, baseVersion: round.baseVersion, modelKind: round.modelKind } });
      for (const chunk of store.aggregateChunks(round.roundId)) await send({ chunk: { index: chunk.index, ciphertext: chunk.bytes } });
    }),

    ReportEvaluation: unary(deps, { roles: EDGE, schema: EvaluationReportWire }, async (request, context) => {
      const nodeId = requireEnrolled(store, context, now());
      const round = store.getRound(request.roundId);
      if (!round) throw new VigilError('NOT_FOUND', `round '${request.roundId}' not found`);
      if (round.state !== 'PUBLISHED') throw new VigilError('FAILED_PRECONDITION', `round ${round.roundId} is ${round.state}, not PUBLISHED`);
      const summary = await recordEvaluation(
        { store, strategy: deps.strategy, audit: deps.audit, heParameters: deps.heParameters, keysetFingerprint: deps.cipher.fingerprint, nowMs: now() },
        { roundId: round.roundId, nodeId, weightsSha256Hex: request.weightsSha256Hex, metrics: Object.fromEntries(request.metrics.map((m) => [m.name, m.value])), promoted: request.promoted, reason: request.reason, sampleCount: request.sampleCount, trainingBackend: request.trainingBackend },
      );
      if (summary.flagged) context.logger.warn({ roundId: round.roundId }, 'nodes disagree on the decrypted weights: round flagged');
      return { hashAgrees: !summary.flagged };
    }),

    PublishTreeHead: unary(deps, { roles: EDGE, schema: PublishTreeHeadWire }, async (request, context) => {
      const nodeId = requireEnrolled(store, context, now());
      const result = deps.witness.submit(nodeId, request.checkpoint, request.consistencyProof);
      if (result.status === 'accepted') return { accepted: true, witnessedSize: result.checkpoint.size, reason: '' };
      context.logger.warn({ nodeId, reason: result.reason }, 'tree head refused');
      return { accepted: false, witnessedSize: deps.witness.latest(nodeId)?.size ?? 0, reason: `${result.reason}: ${result.message}` };
    }),
  };
}
