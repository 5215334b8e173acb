import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, VigilError } from '../common/errors/index.js';
import type { CoordinatorStore, ModelRecord } from './store/coordinator-store.js';
import type { ModelKindName } from './strategy/strategy.js';

const KINDS: Record<string, ModelKindName> = {
  dose: 'MODEL_KIND_DOSE_AUTOENCODER',
  telemetry: 'MODEL_KIND_TELEMETRY_AUTOENCODER',
  adherence: 'MODEL_KIND_ADHERENCE',
};

/** @returns the wire name of a model kind given as `dose`, `telemetry` or `adherence`. @throws InvalidArgumentError otherwise. */
export function parseModelKind(text: string): ModelKindName {
  const kind = KINDS[text];
  if (!kind) throw new InvalidArgumentError([{ field: '--kind', description: `must be one of ${Object.keys(KINDS).join(', ')}` }]);
  return kind;
}

/**
 * Registers a genesis model from a models/ artifact directory (weights.bin + model.json): its plaintext
 * weights are a seeded initialisation, not patient data, so nodes may download them.
 * @returns the registered record. @throws VigilError NOT_FOUND when the artifact is incomplete.
 */
export function registerGenesisModel(store: CoordinatorStore, dir: string, kind: ModelKindName, nowMs: number): ModelRecord {
  const weightsPath = join(dir, 'weights.bin');
  const manifestPath = join(dir, 'model.json');
  if (!existsSync(weightsPath) || !existsSync(manifestPath)) throw new VigilError('NOT_FOUND', `${dir}: not a model artifact (needs weights.bin and model.json)`);
  const weights = readFileSync(weightsPath);
  if (weights.length === 0 || weights.length % 4 !== 0) throw new VigilError('INVALID_ARGUMENT', `${weightsPath}: not a float32 weight file`);
  const manifest: Record<string, unknown> = { model: JSON.parse(readFileSync(manifestPath, 'utf8')) as unknown };
  const specPath = join(dir, 'feature-spec.json');
  if (existsSync(specPath)) manifest['featureSpec'] = JSON.parse(readFileSync(specPath, 'utf8')) as unknown;
  const record: ModelRecord = {
    version: createHash('sha256').update(weights).digest('hex'),
    modelKind: kind,
    parentVersion: null,
    roundId: null,
    createdAtMs: nowMs,
    weightCount: weights.length / 4,
    manifestJson: JSON.stringify(manifest),
    genesisWeights: weights,
    lineage: { genesis: true, source: 'seeded initialisation' },
    flagged: false,
  };
  store.putModel(record);
  return record;
}

/** @returns a Markdown model card for a registry version (federated lineage included). */
export function registryCard(model: ModelRecord): string {
  const lines = [`# Model ${model.version.slice(0, 16)}…`, '', `| field | value |`, `| --- | --- |`];
  const row = (k: string, v: unknown) => lines.push(`| ${k} | ${typeof v === 'object' ? '`' + JSON.stringify(v) + '`' : String(v)} |`);
  row('version (SHA-256 of weights)', model.version);
  row('kind', model.modelKind);
  row('parent', model.parentVersion ?? '(genesis)');
  row('round', model.roundId ?? '—');
  row('weights', model.weightCount);
  row('registered', new Date(model.createdAtMs).toISOString());
  row('flagged (nodes disagreed on the weights)', model.flagged);
  for (const [k, v] of Object.entries(model.lineage)) row(k, v);
  return lines.join('\n') + '\n';
}
