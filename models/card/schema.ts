/**
 * The model-card schema (after Mitchell et al., "Model Cards for Model Reporting", FAT* 2019) plus
 * Vigil's own section: backend, feature-spec hash, threshold, federated lineage, HE parameters and DP
 * budget, and the audit-log entry of the deployment.
 */
import { z } from 'zod';

/** The kinds of model Vigil trains. */
export const MODEL_KINDS = ['dose-autoencoder', 'telemetry-autoencoder', 'adherence-risk'] as const;
/** A kind of model. */
export type ModelKind = (typeof MODEL_KINDS)[number];

/** A metric value with an optional confidence interval. */
export const CardMetric = z.strictObject({
  name: z.string().min(1),
  value: z.number(),
  lower: z.number().optional(),
  upper: z.number().optional(),
  /** Confidence level of [lower, upper], e.g. 0.95 (percentile bootstrap). */
  level: z.number().min(0).max(1).optional(),
  description: z.string().optional(),
});
/** A metric value with an optional confidence interval. */
export type CardMetric = z.infer<typeof CardMetric>;

const DataDescription = z.strictObject({
  description: z.string(),
  patients: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  sites: z.array(z.string()).default([]),
});

/** The model card. */
export const ModelCard = z.strictObject({
  schemaVersion: z.literal(1),
  modelDetails: z.strictObject({
    name: z.string().min(1),
    kind: z.enum(MODEL_KINDS),
    /** SHA-256 of the weights. */
    version: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: z.string(),
    developers: z.string(),
    architecture: z.string(),
    parameters: z.number().int().nonnegative(),
    license: z.string().default('proprietary'),
  }),
  intendedUse: z.strictObject({
    primaryUses: z.array(z.string()).min(1),
    primaryUsers: z.array(z.string()).min(1),
    outOfScope: z.array(z.string()).min(1),
  }),
  factors: z.strictObject({
    relevant: z.array(z.string()),
    evaluated: z.array(z.string()),
  }),
  metrics: z.array(CardMetric),
  evaluationData: DataDescription,
  trainingData: DataDescription,
  quantitativeAnalyses: z.array(z.strictObject({
    factor: z.string(),
    group: z.string(),
    rows: z.number().int().nonnegative(),
    metrics: z.array(CardMetric),
  })),
  ethicalConsiderations: z.array(z.string()),
  caveats: z.array(z.string()),
  vigil: z.strictObject({
    backend: z.string(),
    featureSpec: z.strictObject({ id: z.string(), version: z.number().int(), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
    threshold: z.strictObject({ value: z.number(), targetFalseAlarmRate: z.number().min(0).max(1) }).optional(),
    federated: z.strictObject({
      rounds: z.number().int().nonnegative(),
      sites: z.number().int().nonnegative(),
      samples: z.number().int().nonnegative(),
      strategy: z.string().optional(),
      parentVersion: z.string().optional(),
      he: z.strictObject({ scheme: z.string(), polyModulusDegree: z.number().int(), coeffModulusBits: z.array(z.number().int()), scaleBits: z.number() }).optional(),
      dp: z.strictObject({ epsilon: z.number(), delta: z.number(), noiseMultiplier: z.number(), clipNorm: z.number() }).optional(),
    }).optional(),
    deployment: z.strictObject({ auditLogIndex: z.number().int().nonnegative(), auditLeafHash: z.string(), deployedAt: z.string() }).optional(),
  }),
});
/** The model card. */
export type ModelCard = z.infer<typeof ModelCard>;
/** The model card as a builder passes it (defaults not yet applied). */
export type ModelCardInput = z.input<typeof ModelCard>;
