import { describe, expect, it } from 'vitest';
import { forbiddenImportChains } from '../common/testing/static-imports.js';

const heavy = (specifier: string) => specifier.startsWith('@tensorflow/') || specifier.startsWith('danfojs');

describe('what starting an edge node loads', () => {
  it('serves, validates federated candidates and runs its CLI without importing tfjs or danfojs (training loads them when it runs)', () => {
    for (const entry of ['models/index.ts', 'edge-node/main.ts', 'edge-node/cli.ts', 'edge-node/federation/federated-models.ts']) {
      expect(forbiddenImportChains(entry, heavy), entry).toEqual([]);
    }
  });

  it('finds a chain when there is one (the check can fail)', () => {
    const chains = forbiddenImportChains('edge-node/telemetry/telemetry-training.ts', heavy);
    expect(chains.length).toBeGreaterThan(0);
    expect(chains[0]).toEqual(expect.arrayContaining(['edge-node/telemetry/telemetry-training.ts', 'models/training.ts']));
    expect(chains[0]!.at(-1)).toMatch(/^@tensorflow\//);
  });
});
