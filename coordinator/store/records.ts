import type { RoundState } from '../rounds/round-state.js';
import type { ModelKindName, TrainingConfig } from '../strategy/strategy.js';

/** Rows of the coordinator database as typed records, and their mapping from SQLite rows. */

/** An enrolled (or revoked) edge node. */
export interface NodeRecord {
  nodeId: string;
  status: 'enrolled' | 'revoked';
  enrolledAtMs: number;
  revokedAtMs: number | null;
  keysetFingerprintHex: string | null;
  auditPublicKeyBase64: string | null;
  lastSeenMs: number;
  /** Model kinds the node can train (declared at Join). */
  modelKinds: ModelKindName[];
}

/** A registered model version. */
export interface ModelRecord {
  version: string;
  modelKind: ModelKindName;
  parentVersion: string | null;
  roundId: string | null;
  createdAtMs: number;
  weightCount: number;
  manifestJson: string;
  /** Plaintext weights: only for genesis models (seeded initialisation, no patient data). */
  genesisWeights: Buffer | null;
  lineage: Record<string, unknown>;
  flagged: boolean;
}

/** A round as stored. */
export interface RoundRecord {
  roundId: string;
  seq: number;
  modelKind: ModelKindName;
  state: RoundState;
  baseVersion: string;
  config: TrainingConfig;
  minNodes: number;
  targetNodes: number;
  deadlineAtMs: number;
  weightCount: number;
  chunkCount: number;
  createdAtMs: number;
  closedAtMs: number | null;
  totalWeight: number;
  nodeCount: number;
  reason: string | null;
  resultVersion: string | null;
}

/** One node's place in a round. */
export interface ParticipantRecord {
  roundId: string;
  nodeId: string;
  token: string;
  status: 'planned' | 'submitted' | 'dropped';
  sampleWeight: number | null;
}

/** A node's evaluation report. */
export interface EvaluationRecord {
  roundId: string;
  nodeId: string;
  weightsSha256Hex: string;
  metrics: Record<string, number>;
  promoted: boolean;
  reason: string;
  sampleCount: number;
  /** tfjs backend the node trained its update on ('' when it did not say). */
  trainingBackend: string;
}

/** The version of a kind the coordinator publishes as deployable, and why. */
export interface DeployableRecord {
  modelKind: ModelKindName;
  version: string;
  roundId: string;
  /** Score under the kind's selection rule (null when not finite). */
  score: number | null;
  metric: string;
  reason: string;
  chosenAtMs: number;
}

/** A raw SQLite row. */
export type Row = Record<string, unknown>;

/** @returns a round record from its row. */
export const toRound = (r: Row): RoundRecord => ({
  roundId: r['round_id'] as string,
  seq: r['seq'] as number,
  modelKind: r['model_kind'] as ModelKindName,
  state: r['state'] as RoundState,
  baseVersion: r['base_version'] as string,
  config: JSON.parse(r['config_json'] as string) as TrainingConfig,
  minNodes: r['min_nodes'] as number,
  targetNodes: r['target_nodes'] as number,
  deadlineAtMs: r['deadline_at_ms'] as number,
  weightCount: r['weight_count'] as number,
  chunkCount: r['chunk_count'] as number,
  createdAtMs: r['created_at_ms'] as number,
  closedAtMs: (r['closed_at_ms'] as number | null) ?? null,
  totalWeight: r['total_weight'] as number,
  nodeCount: r['node_count'] as number,
  reason: (r['reason'] as string | null) ?? null,
  resultVersion: (r['result_version'] as string | null) ?? null,
});

/** @returns a node record from its row. */
export const toNode = (r: Row): NodeRecord => ({
  nodeId: r['node_id'] as string,
  status: r['status'] as NodeRecord['status'],
  enrolledAtMs: r['enrolled_at_ms'] as number,
  revokedAtMs: (r['revoked_at_ms'] as number | null) ?? null,
  keysetFingerprintHex: (r['keyset_fingerprint_hex'] as string | null) ?? null,
  auditPublicKeyBase64: (r['audit_public_key_base64'] as string | null) ?? null,
  lastSeenMs: r['last_seen_ms'] as number,
  modelKinds: JSON.parse((r['model_kinds_json'] as string | undefined) ?? '[]') as ModelKindName[],
});

/** @returns a model record from its row. */
export const toModel = (r: Row): ModelRecord => ({
  version: r['version'] as string,
  modelKind: r['model_kind'] as ModelKindName,
  parentVersion: (r['parent_version'] as string | null) ?? null,
  roundId: (r['round_id'] as string | null) ?? null,
  createdAtMs: r['created_at_ms'] as number,
  weightCount: r['weight_count'] as number,
  manifestJson: r['manifest_json'] as string,
  genesisWeights: (r['genesis_weights'] as Buffer | null) ?? null,
  lineage: JSON.parse(r['lineage_json'] as string) as Record<string, unknown>,
  flagged: r['flagged'] === 1,
});

/** @returns a deployable record from its row. */
export const toDeployable = (r: Row): DeployableRecord => ({
  modelKind: r['model_kind'] as ModelKindName,
  version: r['version'] as string,
  roundId: r['round_id'] as string,
  score: (r['score'] as number | null) ?? null,
  metric: r['metric'] as string,
  reason: r['reason'] as string,
  chosenAtMs: r['chosen_at_ms'] as number,
});
