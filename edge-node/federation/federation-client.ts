import { createHash } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { VigilError } from '../../common/errors/index.js';
import { createClient, fromServiceError, loadProtos } from '../../common/grpc/index.js';
import type { TlsIdentity } from '../../common/pki/index.js';
import type { FederationClient as GeneratedClient } from '../../proto/gen/vigil/v1/Federation.js';
import type { RoundPlan__Output } from '../../proto/gen/vigil/v1/RoundPlan.js';
import type { JoinResponse__Output } from '../../proto/gen/vigil/v1/JoinResponse.js';
import type { AggregateHeader__Output } from '../../proto/gen/vigil/v1/AggregateHeader.js';
import type { SubmitUpdateResponse__Output } from '../../proto/gen/vigil/v1/SubmitUpdateResponse.js';
import type { PublishTreeHeadResponse__Output } from '../../proto/gen/vigil/v1/PublishTreeHeadResponse.js';
import type { ModelKind } from '../../proto/gen/vigil/v1/ModelKind.js';

/** A downloaded genesis model. */
export interface DownloadedModel {
  version: string;
  modelKind: string;
  weights: Float32Array;
  manifestJson: string;
}

/** A published round's encrypted sum. */
export interface DownloadedAggregate {
  header: AggregateHeader__Output;
  chunks: Uint8Array[];
}

function unaryCall<T>(fn: (callback: (error: grpc.ServiceError | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((error, value) => {
      if (error) reject(fromServiceError(error));
      else if (value === undefined) reject(new VigilError('INTERNAL', 'empty response'));
      else resolve(value);
    }),
  );
}

/** Typed, promise-based Federation client for edge nodes (mTLS; the server must be the coordinator). */
export class FederationClient {
  readonly #client: GeneratedClient;

  constructor(address: string, tls: TlsIdentity, options: { deadlineMs?: number } = {}) {
    this.#client = createClient(loadProtos().federation.Federation, address, { tls, expectedServerRole: 'coordinator', defaultDeadlineMs: options.deadlineMs ?? 30_000 });
  }

  /** Announces the node. @throws VigilError mapped from the status (PERMISSION_DENIED when not enrolled). */
  join(request: { softwareVersion: string; modelKinds: ModelKind[]; keysetFingerprintHex: string; auditVerifierKey: string; auditOrigin: string }): Promise<JoinResponse__Output> {
    return unaryCall((cb) => this.#client.join(request, cb));
  }

  /** @returns the round this node should work on (selected = false when none). */
  getRoundPlan(modelKind: ModelKind = 'MODEL_KIND_UNSPECIFIED'): Promise<RoundPlan__Output> {
    return unaryCall((cb) => this.#client.getRoundPlan({ modelKind }, cb));
  }

  /** Downloads a genesis model's weights. */
  downloadModel(version: string): Promise<DownloadedModel> {
    return new Promise((resolve, reject) => {
      const stream = this.#client.downloadModel({ version });
      let weights: Float32Array | undefined;
      let manifestJson = '';
      let modelKind = '';
      stream.on('data', (chunk: { offset: number; weightCount: number; weightsF32le: Buffer; manifestJson: string; modelKind: string }) => {
        weights ??= new Float32Array(chunk.weightCount);
        const values = new Float32Array(chunk.weightsF32le.buffer.slice(chunk.weightsF32le.byteOffset, chunk.weightsF32le.byteOffset + chunk.weightsF32le.byteLength));
        weights.set(values, chunk.offset);
        if (chunk.manifestJson) manifestJson = chunk.manifestJson;
        modelKind = chunk.modelKind;
      });
      stream.on('error', (error: grpc.ServiceError) => reject(fromServiceError(error)));
      stream.on('end', () => (weights ? resolve({ version, modelKind, weights, manifestJson }) : reject(new VigilError('DATA_LOSS', `model ${version}: no weights received`))));
    });
  }

  /**
   * Streams an encrypted update: header, chunks in order (respecting backpressure), trailer with the digest.
   * @throws VigilError mapped from the status (ALREADY_EXISTS for a duplicate, DEADLINE_EXCEEDED when late...).
   */
  submitUpdate(plan: { roundId: string; submissionToken: string; weightCount: number }, chunks: Iterable<Uint8Array>, sampleWeight: number, keysetFingerprintHex: string, chunkCount: number): Promise<SubmitUpdateResponse__Output> {
    return new Promise((resolve, reject) => {
      const call = this.#client.submitUpdate((error, value) => {
        if (error) reject(fromServiceError(error));
        else resolve(value!);
      });
      const hash = createHash('sha256');
      const write = async () => {
        const wait = () => new Promise<void>((r) => call.once('drain', () => r()));
        if (!call.write({ header: { roundId: plan.roundId, submissionToken: plan.submissionToken, sampleWeight, chunkCount, weightCount: plan.weightCount, keysetFingerprintHex } })) await wait();
        let index = 0;
        for (const bytes of chunks) {
          hash.update(bytes);
          if (!call.write({ chunk: { index: index++, ciphertext: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) } })) await wait();
        }
        call.write({ trailer: { chunksSha256Hex: hash.digest('hex') } });
        call.end();
      };
      write().catch((error: unknown) => {
        call.cancel();
        reject(error);
      });
    });
  }

  /** Downloads a published round's encrypted sum. @throws VigilError UNAVAILABLE (retryable) while the round is still open. */
  getAggregate(roundId: string): Promise<DownloadedAggregate> {
    return new Promise((resolve, reject) => {
      const stream = this.#client.getAggregate({ roundId });
      let header: AggregateHeader__Output | undefined;
      const chunks: Uint8Array[] = [];
      stream.on('data', (message: { header?: AggregateHeader__Output | null; chunk?: { index: number; ciphertext: Buffer } | null }) => {
        if (message.header) header = message.header;
        if (message.chunk) chunks[message.chunk.index] = message.chunk.ciphertext;
      });
      stream.on('error', (error: grpc.ServiceError) => reject(fromServiceError(error)));
      stream.on('end', () => (header ? resolve({ header, chunks }) : reject(new VigilError('DATA_LOSS', `round ${roundId}: no aggregate header`))));
    });
  }

  /** Reports a node's evaluation of a round's candidate. @returns whether its weights hash agrees with the others. */
  async reportEvaluation(report: { roundId: string; weightsSha256Hex: string; metrics: Record<string, number>; promoted: boolean; reason: string; sampleCount: number; trainingBackend: string }): Promise<boolean> {
    const metrics = Object.entries(report.metrics).filter(([, v]) => Number.isFinite(v)).map(([name, value]) => ({ name, value }));
    const response = await unaryCall<{ hashAgrees: boolean }>((cb) => this.#client.reportEvaluation({ ...report, metrics }, cb));
    return response.hashAgrees;
  }

  /** Publishes the node's audit-log checkpoint with a consistency proof from the last one witnessed. */
  publishTreeHead(checkpoint: string, consistencyProof: readonly Uint8Array[]): Promise<PublishTreeHeadResponse__Output> {
    return unaryCall((cb) => this.#client.publishTreeHead({ checkpoint, consistencyProof: consistencyProof.map((p) => Buffer.from(p)) }, cb));
  }

  close(): void {
    this.#client.close();
  }
}
