import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoordinatorHe } from '../common/crypto/he/index.js';
import { createGrpcServer, loadProtos, CHUNK_MESSAGE_BYTES } from '../common/grpc/index.js';
import { AuditLog, WitnessStore, loadOrCreateSigner } from '../common/ledger/index.js';
import type { Logger } from '../common/log/index.js';
import { loadTlsIdentity } from '../common/pki/index.js';
import type { AggregationCipher } from './aggregation/cipher.js';
import type { CoordinatorConfig } from './config.js';
import { RoundRunner } from './rounds/round-runner.js';
import { RoundScheduler } from './rounds/round-scheduler.js';
import { federationService } from './service/federation-service.js';
import { CoordinatorStore } from './store/coordinator-store.js';
import { FedAvg, FedProx } from './strategy/fedavg.js';
import type { Strategy } from './strategy/strategy.js';

/** A running coordinator. */
export interface RunningCoordinator {
  port: number;
  store: CoordinatorStore;
  runner: RoundRunner;
  /** Drains calls (up to `graceMs`), stops timers and closes every file. */
  stop(graceMs?: number): Promise<void>;
}

/** @returns the strategy the configuration names. */
export function strategyFromConfig(config: CoordinatorConfig['strategy']): Strategy {
  const options = {
    config: { localEpochs: config.localEpochs, learningRate: config.learningRate, batchSize: config.batchSize, clipNorm: config.clipNorm, dpNoiseMultiplier: config.dpNoiseMultiplier },
    learningRateSchedule: config.learningRateSchedule,
    minNodes: config.minNodes,
    targetFraction: config.targetFraction,
    roundDurationMs: config.roundDurationMs,
    ...(config.staleAfterMs === undefined ? {} : { staleAfterMs: config.staleAfterMs }),
  };
  return config.name === 'fedprox' ? new FedProx({ ...options, mu: config.mu }) : new FedAvg(options);
}


/**
 * Starts the coordinator: opens its store, audit log and witness, loads the public CKKS context (it can
 * load nothing else), resumes rounds a crash interrupted, and serves Federation over mTLS.
 * @throws VigilError when a file is missing or unreadable, or the port cannot be bound.
 */
export async function startCoordinator(config: CoordinatorConfig, logger: Logger, options: { cipher?: AggregationCipher } = {}): Promise<RunningCoordinator> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const tls = loadTlsIdentity(config.identity);
  const he = options.cipher ? null : await CoordinatorHe.load(config.heContext);
  const cipher: AggregationCipher = options.cipher ?? he!;
  const store = new CoordinatorStore(join(config.dataDir, 'coordinator.db'));
  const witness = new WitnessStore(join(config.dataDir, 'witness.db'), { logger });
  const audit = AuditLog.open({ path: join(config.dataDir, 'audit.db'), origin: config.auditOrigin, signer: loadOrCreateSigner(config.auditKey, 'vigil-coordinator'), checkpointIntervalMs: 60_000, logger });
  const strategy = strategyFromConfig(config.strategy);
  const runner = new RoundRunner({ store, strategy, cipher, audit, logger: logger.child({ component: 'rounds' }) });
  const resumed = runner.resume();
  if (resumed.length > 0) logger.info({ rounds: resumed.map((r) => r.roundId) }, 'resumed rounds interrupted by a restart');
  const server = createGrpcServer({ tls, logger, maxReceiveMessageBytes: Math.max(config.maxChunkBytes + 64 * 1024, 256 * 1024), maxSendMessageBytes: CHUNK_MESSAGE_BYTES });
  const heParameters = he ? { ...he.meta } : { codec: cipher.fingerprint };
  server.addService('vigil.v1.Federation', loadProtos().federation.Federation.service, federationService({ logger: logger.child({ component: 'federation' }), store, runner, strategy, cipher, witness, audit, heParameters, maxChunkBytes: config.maxChunkBytes }));
  const port = await server.listen(config.listen.host, config.listen.port);
  const scheduler = new RoundScheduler({ store, runner, schedule: config.schedule, logger: logger.child({ component: 'scheduler' }) });
  scheduler.start();
  const deadlines = setInterval(() => void runner.tick(), 1_000);
  deadlines.unref();
  return {
    port,
    store,
    runner,
    async stop(graceMs = 5_000) {
      scheduler.stop();
      clearInterval(deadlines);
      await server.shutdown(graceMs);
      runner.close();
      await audit.close();
      witness.close();
      store.close();
      he?.delete();
    },
  };
}
