/**
 * Assembles a model card from what training and evaluation measured, adding the kind's standing text.
 */
import { featureSpecHash, type FeatureSpec } from '../features/feature-spec.js';
import { denseWeightCount, type DenseNetConfig } from '../nn/dense-net.js';
import { weightsVersion } from '../weights-codec.js';
import { cardTextFor } from './defaults.js';
import { ModelCard, type CardMetric, type ModelCardInput, type ModelKind } from './schema.js';

/** What {@link buildModelCard} needs. */
export interface BuildModelCardInput {
  kind: ModelKind;
  name: string;
  spec: FeatureSpec;
  net: DenseNetConfig;
  weights: Float32Array;
  backend: string;
  metrics: CardMetric[];
  trainingData: ModelCardInput['trainingData'];
  evaluationData: ModelCardInput['evaluationData'];
  quantitativeAnalyses?: ModelCardInput['quantitativeAnalyses'];
  threshold?: { value: number; targetFalseAlarmRate: number };
  federated?: NonNullable<ModelCardInput['vigil']['federated']>;
  deployment?: NonNullable<ModelCardInput['vigil']['deployment']>;
  developers?: string;
  createdAt?: Date;
  extraCaveats?: string[];
}

/**
 * Builds and validates a card.
 * @returns a ModelCard. @throws ZodError when an input is out of the schema (a bug in the caller).
 */
export function buildModelCard(input: BuildModelCardInput): ModelCard {
  const text = cardTextFor(input.kind);
  return ModelCard.parse({
    schemaVersion: 1,
    modelDetails: {
      name: input.name,
      kind: input.kind,
      version: weightsVersion(input.weights),
      createdAt: (input.createdAt ?? new Date()).toISOString(),
      developers: input.developers ?? 'Vigil models (federated safety engine)',
      architecture: `dense ${input.net.inputSize}→${input.net.layers.map((l) => `${l.units}(${l.activation})`).join('→')}`,
      parameters: denseWeightCount(input.net),
    },
    intendedUse: text.intendedUse,
    factors: text.factors,
    metrics: input.metrics,
    evaluationData: input.evaluationData,
    trainingData: input.trainingData,
    quantitativeAnalyses: input.quantitativeAnalyses ?? [],
    ethicalConsiderations: text.ethicalConsiderations,
    caveats: [...text.caveats, ...(input.extraCaveats ?? [])],
    vigil: {
      backend: input.backend,
      featureSpec: { id: input.spec.id, version: input.spec.version, hash: featureSpecHash(input.spec) },
      ...(input.threshold ? { threshold: input.threshold } : {}),
      ...(input.federated ? { federated: input.federated } : {}),
      ...(input.deployment ? { deployment: input.deployment } : {}),
    },
  });
}
