/**
 * The stateful side of GateDose: idempotency by command id, look-ups (issuer, device, patient state,
 * counter), the pure gate, the emergency burst rule, holds, and durability — the verdict's audit entry
 * (fsynced), then its store row, are written (group commit) before the reply is returned.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../../common/log/index.js';
import type { GateVerdict__Output } from '../../proto/gen/vigil/v1/GateVerdict.js';
import type { AlertHub } from '../alerts/alert-hub.js';
import { BurstDetector, type BurstOptions } from '../alerts/burst-detector.js';
import type { AuditSink } from '../audit-sink.js';
import { canonicalCommandBytes, type GateCommand } from '../gate/canonical-command.js';
import { gateDose, type GateDecision, type GatePolicy } from '../gate/gate.js';
import type { RateLimiter } from '../ingest/rate-limit.js';
import type { DeviceRecord } from '../store/edge-store.js';
import type { EdgeStore } from '../store/edge-store.js';
import type { DurableWriter } from '../store/durable-writer.js';
import { CommandIdFilter } from './command-id-filter.js';
import type { PatientStates } from './patient-states.js';

/** Observes verdicts (metrics). */
export interface VerdictObserver {
  verdict(verdict: GateVerdict__Output, latencyMs: number): void;
}

/** Collaborators of the runner. */
export interface DoseGateRunnerOptions {
  store: EdgeStore;
  writer: DurableWriter;
  audit: AuditSink;
  alerts: AlertHub;
  patients: PatientStates;
  devices: Map<string, DeviceRecord>;
  issuers: Map<string, Uint8Array>;
  rateLimiter: RateLimiter;
  policy: () => GatePolicy;
  holdTtlMs: number;
  burst: BurstOptions;
  logger: Logger;
  now?: () => number;
  observer?: VerdictObserver;
}

const digestOf = (command: GateCommand, canonical: Uint8Array) => createHash('sha256').update(canonical).update(command.authTag).digest('hex');

/** @returns a rate-token taker (an anonymous closure: named ones cost a defineProperty per call under tsx's keepNames). */
function rateTokenTaker(limiter: RateLimiter, deviceId: string): () => boolean {
  return () => limiter.take(deviceId);
}

/** Gates dose commands with durable, idempotent verdicts. */
export class DoseGateRunner {
  readonly #o: DoseGateRunnerOptions;
  readonly #now: () => number;
  readonly #inFlight = new Map<string, { digest: string; reply: Promise<GateVerdict__Output> }>();
  readonly #anomalies: BurstDetector;
  /** Ids the store may hold: a new id skips the idempotency SELECT (this runner is the only writer of command rows). */
  readonly #knownIds: CommandIdFilter;
  #modelDegradedAlertAtMs = -Infinity;

  constructor(options: DoseGateRunnerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#anomalies = new BurstDetector(options.burst);
    this.#knownIds = new CommandIdFilter(options.store.commandIds());
  }

  /**
   * Gates one command; the same id and content always get the same reply (no double delivery).
   * @returns the verdict once its audit entry and store row are durable.
   * @throws (rejects) when the audit log or store cannot write — the command then has no verdict.
   */
  gate(command: GateCommand): Promise<GateVerdict__Output> {
    const started = performance.now();
    const canonical = canonicalCommandBytes(command); // once: the digest and stage 1's tag check both cover it
    const digest = digestOf(command, canonical);
    const pending = this.#inFlight.get(command.commandId);
    if (pending) return pending.digest === digest ? pending.reply : this.#duplicate(command);
    const stored = this.#knownIds.mightContain(command.commandId) ? this.#o.store.command(command.commandId) : null;
    if (stored) return stored.digestHex === digest ? Promise.resolve(JSON.parse(stored.replyJson) as GateVerdict__Output) : this.#duplicate(command);
    this.#knownIds.add(command.commandId); // before its row exists; until then #inFlight answers for it
    const reply = this.#decide(command, digest, canonical, started);
    this.#inFlight.set(command.commandId, { digest, reply });
    reply.then(() => this.#forget(command.commandId), () => this.#forget(command.commandId));
    return reply;
  }

  #forget(commandId: string): void {
    this.#inFlight.delete(commandId);
  }

  /** A reused command id with different content: refused, audited, not stored over the original. */
  async #duplicate(command: GateCommand): Promise<GateVerdict__Output> {
    const reasons = [{ code: 'REASON_DUPLICATE_COMMAND' as const, text: `Command id '${command.commandId}' was already used for a different command.` }];
    const receipt = await this.#o.audit.append({
      type: 'verdict', atMs: this.#now(),
      data: { commandId: command.commandId, deviceId: command.deviceId, patientId: command.patientId, verdict: 'REJECT', reasons: reasons.map((r) => r.code) },
    });
    return this.#reply(command, { verdict: 'REJECT', reasons, anomalyScore: 0, anomalyThreshold: 0, modelVersion: '', modelStatus: 'NOT_CONSULTED', attributions: [], suspendRecommended: false, insulinOnBoardU: 0, predictedGlucoseMgDl: 0, authentic: false, modelFailure: null }, this.#now(), '', 0, { index: receipt.index, leafHashHex: Buffer.from(receipt.leafHash).toString('hex') });
  }

  #reply(command: GateCommand, d: GateDecision, decidedAtMs: number, holdId: string, holdExpiresAtMs: number, audit: GateVerdict__Output['audit']): GateVerdict__Output {
    return {
      commandId: command.commandId, verdict: `VERDICT_${d.verdict}`, reasons: d.reasons, anomalyScore: d.anomalyScore, anomalyThreshold: d.anomalyThreshold,
      modelVersion: d.modelVersion, modelStatus: `MODEL_STATUS_${d.modelStatus}`, attributions: d.attributions, holdId, holdExpiresAtMs, audit,
      suspendRecommended: d.suspendRecommended, decidedAtMs, insulinOnBoardU: d.insulinOnBoardU, predictedGlucoseMgDl: d.predictedGlucoseMgDl,
    };
  }

  async #decide(command: GateCommand, digest: string, canonical: Uint8Array, started: number): Promise<GateVerdict__Output> {
    const o = this.#o;
    const nowMs = this.#now();
    const device = o.devices.get(command.deviceId) ?? null;
    const policy = o.policy();
    // Synchronous from here to the writes: counters and rate limits change in arrival order.
    const d = gateDose({
      command, nowMs, issuerKey: o.issuers.get(command.issuerId) ?? null, device, patient: o.patients.get(command.patientId),
      lastCounter: device?.lastCommandCounter ?? null, takeRateToken: rateTokenTaker(o.rateLimiter, command.deviceId), canonicalBytes: canonical,
    }, policy);
    if (d.authentic && device) device.lastCommandCounter = command.counter;
    this.#emergency(command, d, nowMs);
    if (d.modelStatus === 'RULES_ONLY_MODEL_FAILED' && d.modelFailure !== null) this.#modelDegraded(d.modelFailure, nowMs);
    const holdId = d.verdict === 'HOLD' ? `h-${randomUUID()}` : '';
    const holdExpiresAtMs = holdId ? nowMs + o.holdTtlMs : 0;
    if (d.verdict === 'ALLOW') o.patients.addDelivered(command);
    const reply = this.#reply(command, d, nowMs, holdId, holdExpiresAtMs, null);
    const { authNonce: _n, authTag: _t, ...plain } = command;
    const receipt = await o.audit.append({
      type: 'verdict', atMs: nowMs,
      data: {
        commandId: command.commandId, deviceId: command.deviceId, patientId: command.patientId, verdict: d.verdict, reasons: d.reasons.map((r) => r.code),
        modelVersion: d.modelVersion || null, anomalyScore: d.anomalyScore, threshold: d.anomalyThreshold, kind: command.kind, units: command.units,
        holdId: holdId || null, suspendRecommended: d.suspendRecommended, digest,
      },
    });
    reply.audit = { index: receipt.index, leafHashHex: Buffer.from(receipt.leafHash).toString('hex') };
    // The store row follows the audit entry so it holds the final reply (with its audit reference) for
    // idempotent replays; a crash between the two leaves an audited verdict that was never replied to.
    await o.writer.write([
      { op: 'command', command: { commandId: command.commandId, digestHex: digest, patientId: command.patientId, deviceId: command.deviceId, verdict: d.verdict, replyJson: JSON.stringify(reply), delivered: d.verdict === 'ALLOW' }, commandJson: JSON.stringify(plain), decidedAtMs: nowMs, acceptedCounter: d.authentic ? command.counter : null },
      ...(holdId ? [{ op: 'hold' as const, hold: { holdId, commandId: command.commandId, patientId: command.patientId, deviceId: command.deviceId, expiresAtMs: holdExpiresAtMs, status: 'pending' as const } }] : []),
    ]);
    o.observer?.verdict(reply, performance.now() - started);
    return reply;
  }

  /**
   * A burst of anomalous commands on one pump recommends suspending it: held or rejected authentic
   * commands, and rate-limited ones (a flood; the rate limit is checked only once the tag verified).
   */
  #emergency(command: GateCommand, d: GateDecision, nowMs: number): void {
    const rateLimited = d.reasons.length === 1 && d.reasons[0]!.code === 'REASON_RATE_LIMITED';
    if ((d.authentic || rateLimited) && d.verdict !== 'ALLOW') {
      const burst = this.#anomalies.record(command.deviceId, nowMs);
      if (burst.inBurst && !d.suspendRecommended) {
        d.suspendRecommended = true;
        d.reasons.push({ code: 'REASON_SUSPEND_RECOMMENDED', text: `${burst.count} anomalous commands on this pump within ${Math.round(this.#o.burst.windowMs / 60_000)} min; suspending it is recommended.` });
      }
      if (burst.fired) {
        this.#o.alerts.raiseInBackground({ kind: 'ALERT_KIND_ANOMALY_BURST', severity: 'ALERT_SEVERITY_WARNING', patientId: command.patientId, deviceId: command.deviceId, message: `${burst.count} anomalous dose commands on pump ${command.deviceId} in a short time.` });
        this.#o.alerts.raiseInBackground({ kind: 'ALERT_KIND_SUSPEND_RECOMMENDED', severity: 'ALERT_SEVERITY_CRITICAL', patientId: command.patientId, deviceId: command.deviceId, message: `Suspend pump ${command.deviceId}: a burst of anomalous dose commands.` });
        return;
      }
    }
    if (d.suspendRecommended && d.reasons.some((r) => r.code === 'REASON_SUSPEND_RECOMMENDED') && d.authentic && !d.reasons.some((r) => r.text.includes('anomalous commands'))) {
      this.#o.alerts.raiseInBackground({ kind: 'ALERT_KIND_PREDICTED_HYPOGLYCAEMIA', severity: 'ALERT_SEVERITY_CRITICAL', patientId: command.patientId, deviceId: command.deviceId, message: 'Glucose is predicted to fall below the severe hypoglycaemia threshold; suspend insulin delivery.' });
    }
  }

  #modelDegraded(failure: unknown, nowMs: number): void {
    this.#o.logger.warn({ err: failure }, 'dose model failed; gating on rules only');
    if (nowMs - this.#modelDegradedAlertAtMs < 10 * 60_000) return;
    this.#modelDegradedAlertAtMs = nowMs;
    this.#o.alerts.raiseInBackground({ kind: 'ALERT_KIND_MODEL_DEGRADED', severity: 'ALERT_SEVERITY_WARNING', message: 'The dose anomaly model failed; the gate runs on rules only.' });
  }
}
