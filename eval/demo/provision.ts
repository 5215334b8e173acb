/** Demo provisioning: configs and stores of the coordinator and the edge nodes, written before they start. */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { registerGenesisModel } from '../../coordinator/admin.js';
import { CoordinatorStore } from '../../coordinator/store/coordinator-store.js';
import { importDataset } from '../../edge-node/import-dataset.js';
import { EdgeStore } from '../../edge-node/store/edge-store.js';
import type { GenesisArtifacts } from './genesis.js';

/** Paths of one edge node. */
export interface EdgeLayout {
  site: string;
  dataDir: string;
  configFile: string;
  identity: string;
  issuerKeys: Map<string, Buffer>;
}

/** Writes the coordinator's config, enrols the nodes and registers the genesis models. @returns the config path. */
export function provisionCoordinator(dir: string, sites: readonly string[], genesis: GenesisArtifacts, rounds: number): string {
  const dataDir = join(dir, 'coordinator');
  const config = {
    listen: { host: '127.0.0.1', port: 0 },
    dataDir,
    identity: join(dir, 'pki', 'coordinator', 'main'),
    heContext: join(dir, 'keys', 'coordinator', 'context.seal'),
    auditKey: join(dataDir, 'audit.key'),
    strategy: { name: 'fedavg', minNodes: 2, roundDurationMs: 90_000, localEpochs: 8, learningRate: 0.005, batchSize: 64, clipNorm: 5 },
    schedule: { kinds: ['MODEL_KIND_DOSE_AUTOENCODER', 'MODEL_KIND_ADHERENCE'], rounds, waitForNodes: sites.length, pollMs: 250 },
  };
  const store = new CoordinatorStore(join(dataDir, 'coordinator.db'));
  try {
    for (const site of sites) store.enrolNode(site, Date.now());
    registerGenesisModel(store, genesis.dose, 'MODEL_KIND_DOSE_AUTOENCODER', Date.now());
    registerGenesisModel(store, genesis.adherence, 'MODEL_KIND_ADHERENCE', Date.now());
  } finally {
    store.close();
  }
  const file = join(dir, 'coordinator.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

/**
 * Imports a site's patients and devices into a new edge store and provisions random issuer keys for the
 * issuers seen in its command stream (the gateway gets them). @returns the node's layout.
 */
export function provisionEdge(dir: string, site: string, siteDir: string): EdgeLayout {
  const dataDir = join(dir, `edge-${site}`);
  const issuerKeys = new Map<string, Buffer>();
  for (const line of readFileSync(join(siteDir, 'commands.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const issuerId = (JSON.parse(line) as { issuerId: string }).issuerId;
    if (!issuerKeys.has(issuerId)) issuerKeys.set(issuerId, randomBytes(16));
  }
  const store = EdgeStore.open(join(dataDir, 'edge.db'));
  try {
    importDataset(store, siteDir, Date.now());
    for (const [issuerId, key] of issuerKeys) store.addIssuer(issuerId, key, Date.now());
  } finally {
    store.close();
  }
  return { site, dataDir, configFile: join(dir, `edge-${site}.yaml`), identity: join(dir, 'pki', 'edge', site), issuerKeys };
}

/** Writes (or rewrites) an edge node's config. */
export function writeEdgeConfig(dir: string, layout: EdgeLayout, siteDir: string, options: { coordinator: string; genesis: GenesisArtifacts; trainUntilMs: number; clock?: { virtualStartMs: number; realStartMs: number; speed: number } }): void {
  const { dataDir, site, identity } = layout;
  const config: Record<string, unknown> = {
    listen: { host: '127.0.0.1', port: 0 },
    metrics: { enabled: true, host: '127.0.0.1', port: 0 },
    dataDir,
    identity,
    auditKey: join(dataDir, 'audit.key'),
    auditOrigin: `vigil/edge/${site}`,
    drainMs: 3_000,
    // The replay runs a day in well under a minute: windows are in virtual minutes, so widen them.
    gate: { maxCommandAgeMs: 60 * 60_000, maxFutureSkewMs: 10 * 60_000 },
    ingest: { maxSkewMs: 120 * 60_000 },
    federation: {
      coordinator: options.coordinator,
      secretKeyset: join(dir, 'keys', 'node', 'secret.seal'),
      genesis: { dose: options.genesis.dose, adherence: options.genesis.adherence },
      siteData: siteDir,
      trainUntil: new Date(options.trainUntilMs).toISOString(),
      holdoutDays: 3,
      modelsDir: join(dataDir, 'models'),
      witnessState: join(dataDir, 'witness.json'),
      pollMs: 250,
    },
    ...(options.clock ? { simulatedClock: options.clock } : {}),
  };
  writeFileSync(layout.configFile, stringify(config));
}
