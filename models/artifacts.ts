/**
 * Model artifacts: a directory with model.json (tfjs-compatible topology and weights manifest, plus
 * Vigil's architecture), weights.bin (the codec's vector, little-endian float32), feature-spec.json (spec,
 * hash and normalisation statistics), scoring.json (threshold or calibrators) and card.json.
 * Loading verifies everything and refuses a mismatched feature spec or corrupt weights.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { VigilError } from '../common/errors/index.js';
import { AutoencoderScoring } from './autoencoder/anomaly-scorer.js';
import { AdherenceHead } from './adherence/risk-scorer.js';
import { ModelCard, type ModelKind } from './card/schema.js';
import { featureSpecHash, Normalisation, type FeatureSpec } from './features/feature-spec.js';
import { FEATURE_SPECS } from './features/registry.js';
import { DenseNetConfig, denseWeightCount, denseWeightSpecs } from './nn/dense-net.js';
import { weightsBytes, weightsFromBytes, weightsVersion } from './weights-codec.js';

/** File names inside a model directory. */
export const ARTIFACT_FILES = { model: 'model.json', weights: 'weights.bin', featureSpec: 'feature-spec.json', scoring: 'scoring.json', card: 'card.json' } as const;
const FORMAT = 'vigil-model/1';

/** A model with everything needed to serve and describe it. */
export type ModelArtifact =
  | { kind: 'dose-autoencoder' | 'telemetry-autoencoder'; spec: FeatureSpec; normalisation: Normalisation; net: DenseNetConfig; weights: Float32Array; scoring: AutoencoderScoring; card: ModelCard }
  | { kind: 'adherence-risk'; spec: FeatureSpec; normalisation: Normalisation; net: DenseNetConfig; weights: Float32Array; scoring: AdherenceHead; card: ModelCard };

/** A loaded artifact with its verified version. */
export type LoadedModel = ModelArtifact & { version: string; directory: string };

const ModelJson = z.object({
  format: z.literal(FORMAT),
  kind: z.enum(['dose-autoencoder', 'telemetry-autoencoder', 'adherence-risk']),
  version: z.string().regex(/^[0-9a-f]{64}$/),
  net: DenseNetConfig,
  modelTopology: z.unknown().optional(),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(z.object({ name: z.string(), shape: z.array(z.number()), dtype: z.literal('float32') })) })),
});

const SpecFile = z.strictObject({
  spec: z.strictObject({
    id: z.string(),
    version: z.number().int(),
    features: z.array(z.strictObject({ name: z.string(), humanName: z.string(), min: z.number(), max: z.number() })),
  }),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  normalisation: Normalisation,
});

/** Keras-style topology of a dense net, so tf.loadLayersModel can read the directory too. */
function topologyOf(name: string, net: DenseNetConfig): unknown {
  return {
    class_name: 'Sequential',
    config: {
      name,
      layers: net.layers.map((layer, i) => ({
        class_name: 'Dense',
        config: {
          name: `dense_${i}`, units: layer.units, activation: layer.activation, use_bias: true, trainable: true, dtype: 'float32',
          ...(i === 0 ? { batch_input_shape: [null, net.inputSize] } : {}),
          kernel_initializer: { class_name: 'Zeros', config: {} }, bias_initializer: { class_name: 'Zeros', config: {} },
          kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
        },
      })),
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/**
 * Writes a model directory (created if missing; files replaced atomically one by one).
 * @returns the version (SHA-256 of the weights). @throws VigilError INVALID_ARGUMENT when the card's version
 * or spec hash does not match the weights and spec.
 */
export function saveModelArtifact(directory: string, artifact: ModelArtifact): string {
  const version = weightsVersion(artifact.weights);
  const hash = featureSpecHash(artifact.spec);
  if (artifact.card.modelDetails.version !== version) throw new VigilError('INVALID_ARGUMENT', `card version ${artifact.card.modelDetails.version} is not the weights' version ${version}`);
  if (artifact.card.vigil.featureSpec.hash !== hash) throw new VigilError('INVALID_ARGUMENT', 'card feature-spec hash does not match the spec');
  if (artifact.weights.length !== denseWeightCount(artifact.net)) throw new VigilError('INVALID_ARGUMENT', 'weights do not match the architecture');
  mkdirSync(directory, { recursive: true });
  writeAtomic(join(directory, ARTIFACT_FILES.weights), weightsBytes(artifact.weights));
  writeAtomic(join(directory, ARTIFACT_FILES.featureSpec), JSON.stringify({ spec: artifact.spec, hash, normalisation: artifact.normalisation }, null, 2) + '\n');
  writeAtomic(join(directory, ARTIFACT_FILES.scoring), JSON.stringify(artifact.scoring, null, 2) + '\n');
  writeAtomic(join(directory, ARTIFACT_FILES.card), JSON.stringify(artifact.card, null, 2) + '\n');
  const model = {
    format: FORMAT,
    kind: artifact.kind,
    version,
    net: artifact.net,
    modelTopology: topologyOf(artifact.kind, artifact.net),
    weightsManifest: [{ paths: [ARTIFACT_FILES.weights], weights: denseWeightSpecs(artifact.net).map((w) => ({ ...w, dtype: 'float32' as const })) }],
  };
  writeAtomic(join(directory, ARTIFACT_FILES.model), JSON.stringify(model, null, 2) + '\n'); // last: a directory without model.json is incomplete
  return version;
}

function readFile(directory: string, name: string): Buffer {
  try {
    return readFileSync(join(directory, name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new VigilError(code === 'ENOENT' ? 'NOT_FOUND' : 'UNAVAILABLE', `model directory ${directory}: cannot read ${name} (${code ?? 'error'})`, { cause: error });
  }
}

function parseJson<S extends z.ZodType>(directory: string, name: string, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(readFile(directory, name).toString('utf8'));
  } catch (error) {
    if (error instanceof VigilError) throw error;
    throw new VigilError('DATA_LOSS', `model directory ${directory}: ${name} is not valid JSON`, { cause: error });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new VigilError('DATA_LOSS', `model directory ${directory}: ${name} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * Loads and verifies a model directory.
 * @returns the artifact with its version.
 * @throws VigilError NOT_FOUND for a missing file; FAILED_PRECONDITION when the feature spec's hash differs
 * from this build's (or from its own content); DATA_LOSS for corrupt or malformed files (weights whose
 * size or SHA-256 does not match, non-finite weights, bad JSON).
 */
export function loadModelArtifact(directory: string): LoadedModel {
  const model = parseJson(directory, ARTIFACT_FILES.model, ModelJson);
  const specFile = parseJson(directory, ARTIFACT_FILES.featureSpec, SpecFile);
  const spec = specFile.spec as FeatureSpec;
  const ownHash = featureSpecHash(spec);
  if (ownHash !== specFile.hash) throw new VigilError('DATA_LOSS', `model directory ${directory}: feature-spec.json content does not match its recorded hash`);
  const current = FEATURE_SPECS.get(spec.id);
  if (!current) throw new VigilError('FAILED_PRECONDITION', `model directory ${directory}: unknown feature spec '${spec.id}'`);
  const currentHash = featureSpecHash(current);
  if (currentHash !== specFile.hash) {
    throw new VigilError('FAILED_PRECONDITION', `model directory ${directory}: feature-spec hash mismatch for '${spec.id}': the model was trained with ${specFile.hash.slice(0, 12)}… (v${spec.version}), this build computes ${currentHash.slice(0, 12)}… (v${current.version}); retrain or deploy a matching model`);
  }
  if (specFile.normalisation.mean.length !== spec.features.length || specFile.normalisation.std.length !== spec.features.length || model.net.inputSize !== spec.features.length) {
    throw new VigilError('DATA_LOSS', `model directory ${directory}: normalisation or input size does not match the ${spec.features.length} features`);
  }
  const bytes = readFile(directory, ARTIFACT_FILES.weights);
  const expected = denseWeightCount(model.net);
  if (bytes.length !== expected * 4) throw new VigilError('DATA_LOSS', `model directory ${directory}: weights.bin is corrupt (${bytes.length} bytes, expected ${expected * 4})`);
  const weights = weightsFromBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const version = weightsVersion(weights);
  if (version !== model.version) throw new VigilError('DATA_LOSS', `model directory ${directory}: weights.bin is corrupt (SHA-256 ${version.slice(0, 12)}… does not match version ${model.version.slice(0, 12)}…)`);
  if (!weights.every(Number.isFinite)) throw new VigilError('DATA_LOSS', `model directory ${directory}: weights.bin holds non-finite values`);
  const card = parseJson(directory, ARTIFACT_FILES.card, ModelCard);
  if (card.modelDetails.version !== version) throw new VigilError('DATA_LOSS', `model directory ${directory}: card.json describes version ${card.modelDetails.version.slice(0, 12)}…, not these weights`);
  const base = { spec: current, normalisation: specFile.normalisation, net: model.net, weights, card, version, directory };
  if (model.kind === 'adherence-risk') return { ...base, kind: model.kind, scoring: parseJson(directory, ARTIFACT_FILES.scoring, AdherenceHead) };
  return { ...base, kind: model.kind, scoring: parseJson(directory, ARTIFACT_FILES.scoring, AutoencoderScoring) };
}

/** @returns the model card of a directory (verifies it like {@link loadModelArtifact}). */
export function loadModelCard(directory: string): ModelCard {
  return loadModelArtifact(directory).card;
}

export type { ModelKind };
