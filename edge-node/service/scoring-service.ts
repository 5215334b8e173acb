/**
 * The Scoring service's gRPC adapters — with service/*.ts, the only edge-node code that touches
 * grpc. Each method validates its request, calls the domain, and replies; streams keep replies in
 * order and bound the messages in flight (backpressure).
 */
import type * as grpc from '@grpc/grpc-js';
import { InvalidArgumentError, NotFoundError, zodViolations } from '../../common/errors/index.js';
import { bidiStream, clientStream, serverStream, unary, type AdapterDeps } from '../../common/grpc/index.js';
import type { Logger } from '../../common/log/index.js';
import type { PillboxEvent } from '../../datasets/records.js';
import type { AdherencePrediction__Output } from '../../proto/gen/vigil/v1/AdherencePrediction.js';
import type { GateVerdict__Output } from '../../proto/gen/vigil/v1/GateVerdict.js';
import type { IngestSummary__Output } from '../../proto/gen/vigil/v1/IngestSummary.js';
import { baselineAdherence, riskBand } from '../adherence/baseline.js';
import type { AlertHub } from '../alerts/alert-hub.js';
import { BurstDetector } from '../alerts/burst-detector.js';
import type { AuditSink } from '../audit-sink.js';
import type { DoseGateRunner } from '../dose/dose-gate-runner.js';
import type { HoldService } from '../holds/hold-service.js';
import type { Ingestor, IngestOutcome } from '../ingest/ingestor.js';
import type { EdgeStore } from '../store/edge-store.js';
import { scoreTelemetryWindow, type TelemetryScorer } from '../telemetry/telemetry-scorer.js';
import { AnyMessage, ConfirmDoseWire, parseDoseCommand, PredictAdherenceWire, SealedFrameWire, TelemetryWindowWire, WatchAlertsWire } from './wire-schemas.js';

/** A deployed adherence model (injected; absent until models/ deploys one). */
export interface AdherencePredictor {
  readonly version: string;
  predict(input: { regimens: ReturnType<EdgeStore['regimens']>; events: PillboxEvent[]; asOfMs: number }): { pMissNextDose: number; pPdcBelow80Next7Days: number; factors: AdherencePrediction__Output['topFactors'] };
}

/** What the service needs. */
export interface ScoringServiceDeps {
  logger: Logger;
  store: EdgeStore;
  audit: AuditSink;
  alerts: AlertHub;
  runner: DoseGateRunner;
  holds: HoldService;
  ingestor: Ingestor;
  telemetryScorer: () => TelemetryScorer | null;
  adherencePredictor: () => AdherencePredictor | null;
  adherenceAlertRisk: number;
  maxInFlightPerStream: number;
  maxIngestInFlight: number;
  now?: () => number;
}

/**
 * Gates one wire message. A malformed command is audited, then refused with INVALID_ARGUMENT naming the
 * fields. The runner's synchronous part runs before this returns, so commands are decided in call order.
 */
function gateMessage(deps: ScoringServiceDeps, message: Record<string, unknown>): Promise<GateVerdict__Output> {
  const parsed = parseDoseCommand(message);
  if (parsed.success) return deps.runner.gate(parsed.data);
  const violations = zodViolations(parsed.error);
  const text = (k: string) => (typeof message[k] === 'string' && message[k] !== '' ? (message[k] as string).slice(0, 64) : '(missing)');
  return deps.audit.append({
    type: 'verdict', atMs: (deps.now ?? Date.now)(),
    data: { commandId: text('commandId'), deviceId: text('deviceId'), patientId: text('patientId'), verdict: 'REJECT', reasons: ['INVALID_ARGUMENT'], invalidFields: violations.map((v) => v.field) },
  }).then(() => {
    throw new InvalidArgumentError(violations);
  });
}

/** @returns the Scoring service implementation. */
export function scoringService(deps: ScoringServiceDeps): grpc.UntypedServiceImplementation {
  const a: AdapterDeps = { logger: deps.logger };
  const now = deps.now ?? Date.now;
  const telemetryAlerts = new BurstDetector({ threshold: 1, windowMs: 60_000, cooldownMs: 10 * 60_000 });
  return {
    GateDose: unary(a, { roles: ['gateway'], schema: AnyMessage }, (message) => gateMessage(deps, message)),

    // Replies in arrival order, each only once its verdict is durable (the adapter orders and bounds them).
    GateDoseStream: bidiStream(a, { roles: ['gateway'], schema: AnyMessage, maxInFlight: deps.maxInFlightPerStream }, (message) => gateMessage(deps, message)),

    ConfirmDose: unary(a, { roles: ['clinician'], schema: ConfirmDoseWire }, async (request, context) =>
      deps.holds.confirm({ holdId: request.holdId, totpCode: request.totpCode, decision: request.decision === 'CLINICIAN_DECISION_CONFIRM' ? 'CONFIRM' : 'DECLINE', note: request.note }, context.identity.name)),

    PredictAdherence: unary(a, { roles: ['gateway', 'clinician'], schema: PredictAdherenceWire }, async (request) => {
      if (deps.store.patients().every((p) => p.patientId !== request.patientId)) throw new NotFoundError('patient', request.patientId);
      const asOfMs = request.asOfMs || now();
      const regimens = deps.store.regimens(request.patientId);
      const events = deps.store.events(request.patientId, 'pillbox', asOfMs - 8 * 86_400_000).map((e) => ({
        patientId: e.patientId, deviceId: e.deviceId, timestampMs: e.atMs, kind: e.payload['kind'] as PillboxEvent['kind'], value: Number(e.payload['value'] ?? 0),
      }));
      const baseline = baselineAdherence(regimens, events, asOfMs);
      const model = deps.adherencePredictor();
      const predicted = model ? model.predict({ regimens, events, asOfMs }) : { pMissNextDose: baseline.pMissNextDose, pPdcBelow80Next7Days: baseline.pPdcBelow80Next7Days, factors: baseline.factors };
      const alertRaised = predicted.pMissNextDose >= deps.adherenceAlertRisk && baseline.dosesConsidered > 0;
      if (alertRaised) {
        await deps.alerts.raise({ kind: 'ALERT_KIND_ADHERENCE_RISK', severity: 'ALERT_SEVERITY_WARNING', patientId: request.patientId, message: `Risk of missing the next dose is ${Math.round(predicted.pMissNextDose * 100)}%.` });
      }
      return {
        patientId: request.patientId, pMissNextDose: predicted.pMissNextDose, pPdcBelow_80Next_7Days: predicted.pPdcBelow80Next7Days, riskBand: riskBand(predicted.pMissNextDose),
        topFactors: predicted.factors, modelVersion: model?.version ?? '', nextDoseAtMs: baseline.nextDoseAtMs, dosesConsidered: baseline.dosesConsidered, alertRaised,
      } satisfies AdherencePrediction__Output;
    }),

    Ingest: clientStream(a, { roles: ['gateway'], schema: SealedFrameWire }, async (frames) => {
      const summary: IngestSummary__Output = { accepted: 0, rejected: 0, rejections: [] };
      const pending = new Set<Promise<void>>();
      for await (const frame of frames) {
        const outcome = deps.ingestor.ingest({ deviceId: frame.deviceId, counter: BigInt(frame.counter), nonce: new Uint8Array(frame.nonce), ciphertext: new Uint8Array(frame.ciphertext) });
        const done = outcome.then((o: IngestOutcome) => {
          if (o.accepted) summary.accepted++;
          else {
            summary.rejected++;
            if (summary.rejections.length < 1000) summary.rejections.push({ deviceId: frame.deviceId.slice(0, 64), counter: Number(frame.counter), reason: o.rejection });
          }
        });
        pending.add(done);
        void done.finally(() => pending.delete(done)).catch(() => undefined);
        // Backpressure: stop reading (grpc flow control pushes back on the gateway) while many writes are pending.
        if (pending.size >= deps.maxIngestInFlight) await Promise.race(pending);
      }
      await Promise.all(pending);
      return summary;
    }),

    ScoreTelemetry: bidiStream(a, { roles: ['gateway'], schema: TelemetryWindowWire, maxInFlight: deps.maxInFlightPerStream }, (w) => {
      const score = scoreTelemetryWindow(w.windowId, w, deps.telemetryScorer());
      if (score.anomalous && telemetryAlerts.record(`${w.patientId}/${w.deviceId}`, now()).fired) {
        deps.alerts.raiseInBackground({ kind: 'ALERT_KIND_TELEMETRY_ANOMALY', severity: 'ALERT_SEVERITY_WARNING', patientId: w.patientId, deviceId: w.deviceId, message: `Telemetry anomaly: ${score.findings.map((f) => f.replace('TELEMETRY_FINDING_', '').toLowerCase()).join(', ')}.` });
      }
      return score;
    }),

    WatchAlerts: serverStream(a, { roles: ['gateway', 'clinician'], schema: WatchAlertsWire }, async (request, context, send) => {
      const subscription = deps.alerts.subscribe({ minSeverity: request.minSeverity, patientIds: request.patientIds }, context.signal);
      for await (const alert of subscription) await send(alert);
    }),
  };
}
