/**
 * Wiring of an edge node (the only place collaborators are chosen): store, audit log, patient states,
 * gate, holds, ingest, alerts, metrics and the mTLS Scoring server with health and reflection.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createGrpcServer, loadProtos, type GrpcServerOptions, type VigilServer } from '../common/grpc/index.js';
import { AuditLog, loadOrCreateSigner } from '../common/ledger/index.js';
import type { Logger } from '../common/log/index.js';
import { loadTlsIdentity } from '../common/pki/index.js';
import type { AnomalyScorer } from '../models/index.js';
import { AlertHub } from './alerts/alert-hub.js';
import type { AuditSink } from './audit-sink.js';
import type { EdgeConfig } from './config.js';
import { DoseGateRunner } from './dose/dose-gate-runner.js';
import { PatientStates } from './dose/patient-states.js';
import type { DoseContextSource } from './gate/dose-context.js';
import { modelsDoseContextSource } from './gate/models-context-source.js';
import { libraryDrugCheck, type DrugLibraryCheck } from './gate/drug-library.js';
import type { GatePolicy } from './gate/gate.js';
import type { DoseScorer } from './gate/model-stage.js';
import { HoldService } from './holds/hold-service.js';
import type { FrameCipher } from './ingest/frame-opener.js';
import { Ingestor } from './ingest/ingestor.js';
import { RateLimiter } from './ingest/rate-limit.js';
import { EdgeMetrics } from './metrics.js';
import { scoringService, type AdherencePredictor } from './service/scoring-service.js';
import { EdgeStore } from './store/edge-store.js';
import { DurableWriter } from './store/durable-writer.js';
import { modelTelemetryScorer } from './telemetry/model-telemetry-scorer.js';
import { storedTelemetryWindow } from './telemetry/stored-window.js';
import type { TelemetryScorer } from './telemetry/telemetry-scorer.js';

/**
 * Models and integrations plugged into the node (all optional: rules only without them), and the
 * transport, audit sink and frame cipher — replaced only by measurements that price a security layer
 * (edge-node/testing/measurement-switches.ts); configuration cannot reach them.
 */
export interface EdgePlugins {
  doseScorer?: DoseScorer | null;
  adherencePredictor?: AdherencePredictor | null;
  contextSource?: DoseContextSource;
  drugLibrary?: DrugLibraryCheck;
  now?: () => number;
  /** Builds the gRPC server (default: common/grpc createGrpcServer, mTLS). */
  grpcServer?: (options: GrpcServerOptions) => VigilServer;
  /** Where verdicts, alerts and overrides are audited (default: the node's durable audit log). */
  auditSink?: AuditSink;
  /** Opens device frames (default: Ascon-AEAD128). */
  frameCipher?: FrameCipher;
}

/** A running edge node. */
export interface RunningEdgeNode {
  port: number;
  metricsPort: number | null;
  store: EdgeStore;
  audit: AuditLog;
  /** Swaps the deployed dose model (null: rules only). */
  deployDoseScorer(scorer: DoseScorer | null): void;
  /** Swaps the deployed adherence model (null: the documented baseline). */
  deployAdherencePredictor(predictor: AdherencePredictor | null): void;
  /** Swaps the deployed telemetry autoencoder (null: ScoreTelemetry's rules only); it scores the node's stored events. */
  deployTelemetryModel(model: { version: string; scorer: AnomalyScorer } | null): void;
  /** Stops accepting calls, drains (up to `graceMs`), flushes and closes every file. */
  stop(graceMs?: number): Promise<void>;
}


/** @returns the paths of the node's files under its data directory. */
export function edgePaths(config: EdgeConfig): { store: string; audit: string } {
  return { store: join(config.dataDir, 'edge.db'), audit: join(config.dataDir, 'audit.db') };
}

/**
 * Starts an edge node.
 * @throws VigilError when the identity, store or audit log cannot be opened or a port cannot be bound.
 */
export async function startEdgeNode(config: EdgeConfig, logger: Logger, plugins: EdgePlugins = {}): Promise<RunningEdgeNode> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const now = plugins.now ?? Date.now;
  const tls = loadTlsIdentity(config.identity);
  const paths = edgePaths(config);
  const store = EdgeStore.open(paths.store);
  const audit = AuditLog.open({ path: paths.audit, origin: config.auditOrigin, signer: loadOrCreateSigner(config.auditKey, 'vigil-edge'), checkpointIntervalMs: 60_000, logger });
  const writer = new DurableWriter(store);
  const auditSink = plugins.auditSink ?? audit;
  const metrics = new EdgeMetrics();
  const alerts = new AlertHub({ audit: auditSink, writer, logger: logger.child({ component: 'alerts' }), now });
  const patients = new PatientStates(store, now);
  const devices = new Map(store.devices().map((d) => [d.deviceId, d]));
  const issuers = store.issuers();
  let doseScorer = plugins.doseScorer ?? null;
  let adherencePredictor = plugins.adherencePredictor ?? null;
  let telemetryScorer: TelemetryScorer | null = null;
  const profiles = new Map(store.patients().map((p) => [p.patientId, p]));
  const storedWindow = (patientId: string, endMs: number) => {
    const profile = profiles.get(patientId);
    return profile ? storedTelemetryWindow(store, devices, profile, endMs) : null;
  };
  const g = config.gate;
  const basePolicy: Omit<GatePolicy, 'scorer'> = {
    contextSource: plugins.contextSource ?? modelsDoseContextSource,
    drugLibrary: plugins.drugLibrary ?? libraryDrugCheck,
    freshness: { maxAgeMs: g.maxCommandAgeMs, maxFutureSkewMs: g.maxFutureSkewMs },
    ceilings: { maxBolusU: g.maxBolusCeilingU, maxBasalUPerHour: g.maxBasalCeilingUPerHour },
    infusionStep: { holdFactor: g.infusionStepHoldFactor },
    physiology: { fallingFastMgDlPerMin: g.fallingFastMgDlPerMin, severeHypoMgDl: g.severeHypoMgDl, coveredBolusPredictedHypo: g.coveredBolusPredictedHypo },
  };
  const runner = new DoseGateRunner({
    store, writer, audit: auditSink, alerts, patients, devices, issuers, rateLimiter: new RateLimiter(g.rateLimit, now),
    policy: () => ({ ...basePolicy, scorer: doseScorer }), holdTtlMs: g.holdTtlMs, burst: g.anomalyBurst,
    logger: logger.child({ component: 'gate' }), now, observer: metrics,
  });
  const holds = new HoldService({ store, writer, audit: auditSink, alerts, patients, lockout: g.totpLockout, logger: logger.child({ component: 'holds' }), now });
  const ingestor = new Ingestor({ devices, writer, patients, alerts, rateLimiter: new RateLimiter(config.ingest.rateLimit, now), maxSkewMs: config.ingest.maxSkewMs, badFrameBurst: config.ingest.badFrameBurst, now, observer: metrics, ...(plugins.frameCipher ? { frameCipher: plugins.frameCipher } : {}) });
  const server = (plugins.grpcServer ?? createGrpcServer)({ tls, logger });
  server.addService('vigil.v1.Scoring', loadProtos().scoring.Scoring.service, scoringService({
    logger: logger.child({ component: 'scoring' }), store, audit: auditSink, alerts, runner, holds, ingestor,
    telemetryScorer: () => telemetryScorer, adherencePredictor: () => adherencePredictor,
    adherenceAlertRisk: config.adherence.alertRisk, maxInFlightPerStream: g.maxInFlightPerStream, maxIngestInFlight: config.ingest.maxInFlight, now,
  }));
  let metricsServer: Server | null = null;
  let metricsPort: number | null = null;
  if (config.metrics.enabled) ({ server: metricsServer, port: metricsPort } = await metrics.serve(config.metrics.host, config.metrics.port));
  const port = await server.listen(config.listen.host, config.listen.port);
  logger.info({ patients: store.patients().length, devices: devices.size, model: doseScorer ? doseScorer.version : 'rules only', metricsPort }, 'edge node ready');
  return {
    port, metricsPort, store, audit,
    deployDoseScorer(scorer) {
      doseScorer = scorer;
      logger.info({ version: scorer?.version ?? null }, 'dose model deployed');
    },
    deployAdherencePredictor(predictor) {
      adherencePredictor = predictor;
      logger.info({ version: predictor?.version ?? null }, 'adherence model deployed');
    },
    deployTelemetryModel(model) {
      telemetryScorer = model ? modelTelemetryScorer(model.version, model.scorer, storedWindow) : null;
      logger.info({ version: model?.version ?? null }, 'telemetry model deployed');
    },
    async stop(graceMs = config.drainMs) {
      alerts.closeAll();
      await server.shutdown(graceMs);
      await writer.close();
      await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
      await audit.close();
      store.close();
    },
  };
}
