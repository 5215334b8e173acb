import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { VigilError } from '../common/errors/index.js';
import { runCliCaptured } from '../common/cli/testing.js';
import { ARTIFACT_FILES, loadModelArtifact, saveModelArtifact, type ModelArtifact } from './artifacts.js';
import { selectBackend } from './backend.js';
import { buildModelCard } from './card/build-card.js';
import { ModelCard } from './card/schema.js';
import { DOSE_CONTEXT_SPEC } from './features/dose-context.js';
import { featureSpecHash } from './features/feature-spec.js';
import { modelCommands } from './cli.js';
import { anomalyScorerFor } from './serving.js';
import { trainAutoencoder } from './autoencoder/train-autoencoder.js';
import { normalRows } from './testing/synthetic-rows.js';

let artifact: ModelArtifact;

beforeAll(async () => {
  await selectBackend({ require: 'cpu' });
  const trained = await trainAutoencoder({ spec: DOSE_CONTEXT_SPEC, trainRows: normalRows(200, 'a'), calibrationRows: normalRows(100, 'b'), targetFalseAlarmRate: 0.01, seed: 2, epochs: 3 });
  const card = buildModelCard({
    kind: 'dose-autoencoder', name: 'test dose autoencoder', spec: DOSE_CONTEXT_SPEC, net: trained.net, weights: trained.weights, backend: 'cpu',
    metrics: [{ name: 'AUROC', value: 0.97, lower: 0.95, upper: 0.99, level: 0.95 }],
    trainingData: { description: 'synthetic', patients: 3, rows: 200 }, evaluationData: { description: 'synthetic', patients: 1, rows: 100 },
    quantitativeAnalyses: [{ factor: 'age group', group: 'child', rows: 10, metrics: [{ name: 'detection rate', value: 0.9 }] }],
    threshold: { value: trained.scoring.threshold, targetFalseAlarmRate: 0.01 },
    federated: { rounds: 5, sites: 4, samples: 1200, strategy: 'FedProx', he: { scheme: 'CKKS', polyModulusDegree: 8192, coeffModulusBits: [60, 40, 60], scaleBits: 40 }, dp: { epsilon: 3, delta: 1e-5, noiseMultiplier: 1.1, clipNorm: 1 } },
    createdAt: new Date('2025-03-01T00:00:00Z'),
  });
  artifact = { kind: 'dose-autoencoder', spec: DOSE_CONTEXT_SPEC, normalisation: trained.normalisation, net: trained.net, weights: trained.weights, scoring: trained.scoring, card };
});

function saved(): string {
  const directory = mkdtempSync(join(tmpdir(), 'vigil-model-'));
  saveModelArtifact(directory, artifact);
  return directory;
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCliCaptured([modelCommands], ['model', ...argv]);
  return { code, out: stdout, err: stderr };
}

describe('model artifacts', () => {
  it('round-trip exactly: same weights, version, statistics, threshold and scores', () => {
    const loaded = loadModelArtifact(saved());
    expect(loaded.weights).toEqual(artifact.weights);
    expect(loaded.version).toBe(artifact.card.modelDetails.version);
    expect(loaded.normalisation).toEqual(artifact.normalisation);
    expect(loaded.scoring).toEqual(artifact.scoring);
    expect(loaded.card).toEqual(artifact.card);
    const rows = normalRows(5, 'c');
    expect(anomalyScorerFor(loaded).scoreBatch(rows)).toEqual(anomalyScorerFor(artifact).scoreBatch(rows));
    const model = JSON.parse(readFileSync(join(saved(), ARTIFACT_FILES.model), 'utf8'));
    expect(model.weightsManifest[0].weights[0]).toEqual({ name: 'dense_0/kernel', shape: [26, 24], dtype: 'float32' });
  });

  it('refuses a corrupt weights file (one flipped byte, or truncated)', () => {
    const directory = saved();
    const path = join(directory, ARTIFACT_FILES.weights);
    const bytes = readFileSync(path);
    bytes[17] = bytes[17]! ^ 0x01;
    writeFileSync(path, bytes);
    expect(() => loadModelArtifact(directory)).toThrow(/weights.bin is corrupt \(SHA-256/);
    writeFileSync(path, bytes.subarray(0, 100));
    try {
      loadModelArtifact(directory);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(VigilError);
      expect((error as VigilError).code).toBe('DATA_LOSS');
      expect((error as VigilError).message).toMatch(/100 bytes, expected/);
    }
  });

  it('refuses a model whose feature-spec hash differs from this build\'s', () => {
    const directory = saved();
    const path = join(directory, ARTIFACT_FILES.featureSpec);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.hash = 'ab'.repeat(32);
    writeFileSync(path, JSON.stringify(file));
    expect(() => loadModelArtifact(directory)).toThrow(/does not match its recorded hash/);
    // A consistent file for an older definition of the features.
    const older = { ...DOSE_CONTEXT_SPEC, version: 0 };
    writeFileSync(path, JSON.stringify({ ...file, spec: older, hash: featureSpecHash(older) }));
    expect(() => loadModelArtifact(directory)).toThrow(/feature-spec hash mismatch for 'dose-context'/);
  });

  it('refuses to save a card that describes other weights', () => {
    const other = { ...artifact, weights: artifact.weights.map((w) => w + 1) };
    expect(() => saveModelArtifact(mkdtempSync(join(tmpdir(), 'vigil-model-')), other)).toThrow(/card version/);
  });

  it('`vigil model card DIR` prints every section of the card; a missing directory is a usage error', async () => {
    const { code, out } = await cli(['card', saved()]);
    expect(code).toBe(0);
    for (const heading of ['## Model details', '## Intended use', '## Factors', '## Metrics', '## Evaluation data', '## Training data', '## Quantitative analyses', '## Ethical considerations', '## Caveats and recommendations', '## Vigil']) expect(out).toContain(heading);
    expect(out).toContain('0.9700 (95% CI 0.9500–0.9900)');
    expect(out).toContain('Federated training: 5 rounds, 4 sites, 1200 samples, strategy FedProx');
    expect(out).toContain('Differential privacy: ε = 3');
    expect(out).toContain('Backend: cpu');
    const json = await cli(['card', saved(), '--json']);
    expect(ModelCard.parse(JSON.parse(json.out))).toEqual(artifact.card);
    const missing = await cli(['card', join(tmpdir(), 'no-such-model-dir')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read model.json/);
  });
});
