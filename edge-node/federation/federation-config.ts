import { z } from 'zod';

/**
 * The `federation` section of an edge node's config: where the coordinator is, the node's secret CKKS
 * keyset, the federation release (genesis artifacts: architecture and normalisation of each model), and the
 * node's own recorded data to train on.
 */
export const FederationSectionSchema = z.strictObject({
  /** host:port of the coordinator (mTLS; its certificate must carry the coordinator role). */
  coordinator: z.string().min(1),
  /** The node's secret keyset made by `vigil keys init` (mode 0600). */
  secretKeyset: z.string().min(1),
  /** Genesis artifact directories of the federation release, by model kind. */
  genesis: z.strictObject({ dose: z.string().optional(), adherence: z.string().optional() }),
  /** The site's recorded streams (a `datasets generate` site directory) to train on. */
  siteData: z.string().min(1),
  /** Train on records before this instant (ISO 8601); the last `holdoutDays` before it are held out. */
  trainUntil: z.string().datetime(),
  holdoutDays: z.number().int().positive().default(3),
  /** Where global model versions and the served model are kept. */
  modelsDir: z.string().default('./vigil-edge/models'),
  /** Acknowledged witness size file (tree heads). */
  witnessState: z.string().default('./vigil-edge/witness.json'),
  targetFalseAlarmRate: z.number().gt(0).lt(0.5).default(0.01),
  pollMs: z.number().int().positive().default(500),
  seed: z.number().int().default(7),
});

/** A parsed federation section. */
export type FederationSection = z.infer<typeof FederationSectionSchema>;
