import { z } from 'zod';

/** Model kinds on the wire (enum names, as the loader gives them). */
export const ModelKindWire = z.enum(['MODEL_KIND_UNSPECIFIED', 'MODEL_KIND_DOSE_AUTOENCODER', 'MODEL_KIND_TELEMETRY_AUTOENCODER', 'MODEL_KIND_ADHERENCE']);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');

export const JoinRequestWire = z.object({
  softwareVersion: z.string().max(64),
  modelKinds: z.array(ModelKindWire).max(8),
  keysetFingerprintHex: z.string().min(1).max(200),
  auditVerifierKey: z.string().min(1).max(300),
  auditOrigin: z.string().min(1).max(200),
});

export const GetRoundPlanWire = z.object({ modelKind: ModelKindWire });

export const DownloadModelWire = z.object({ version: hex64 });

export const GetAggregateWire = z.object({ roundId: z.string().min(1).max(64) });

const UpdateHeaderWire = z.object({
  roundId: z.string().min(1).max(64),
  submissionToken: z.string().min(1).max(128),
  sampleWeight: z.number().finite().positive(),
  chunkCount: z.number().int().positive().max(1_000_000),
  weightCount: z.number().int().positive().max(100_000_000),
  keysetFingerprintHex: z.string().min(1).max(200),
});

/** One message of an update stream: exactly one of header, chunk, trailer. */
export const UpdateChunkWire = z.discriminatedUnion('part', [
  z.object({ part: z.literal('header'), header: UpdateHeaderWire }),
  z.object({ part: z.literal('chunk'), chunk: z.object({ index: z.number().int().nonnegative(), ciphertext: z.instanceof(Buffer).refine((b) => b.length > 0, 'must not be empty') }) }),
  z.object({ part: z.literal('trailer'), trailer: z.object({ chunksSha256Hex: hex64 }) }),
]);
export type UpdateChunkWire = z.infer<typeof UpdateChunkWire>;

export const EvaluationReportWire = z.object({
  roundId: z.string().min(1).max(64),
  weightsSha256Hex: hex64,
  metrics: z.array(z.object({ name: z.string().min(1).max(64), value: z.number().finite() })).max(64),
  promoted: z.boolean(),
  reason: z.string().max(500),
  sampleCount: z.number().int().nonnegative(),
  trainingBackend: z.enum(['', 'tensorflow', 'wasm', 'cpu']),
});

export const PublishTreeHeadWire = z.object({
  checkpoint: z.string().min(1).max(4096),
  consistencyProof: z.array(z.instanceof(Buffer)).max(128),
});
