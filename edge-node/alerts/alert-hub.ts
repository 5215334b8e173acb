/**
 * Raises alerts: each is appended to the audit log (awaited), stored, then published to every
 * subscriber whose filter matches (WatchAlerts streams). Subscribers are bounded queues so a slow
 * client cannot grow memory without limit; a full queue drops that subscriber's oldest alerts.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../common/log/index.js';
import type { AlertKind__Output } from '../../proto/gen/vigil/v1/AlertKind.js';
import type { AlertSeverity__Output } from '../../proto/gen/vigil/v1/AlertSeverity.js';
import type { Alert__Output } from '../../proto/gen/vigil/v1/Alert.js';
import type { AuditSink } from '../audit-sink.js';
import type { DurableWriter } from '../store/durable-writer.js';

/** An alert to raise. */
export interface AlertInput {
  kind: Exclude<AlertKind__Output, 'ALERT_KIND_UNSPECIFIED'>;
  severity: Exclude<AlertSeverity__Output, 'ALERT_SEVERITY_UNSPECIFIED'>;
  patientId?: string;
  deviceId?: string;
  /** One sentence, no patient identity. */
  message: string;
}

/** Which alerts a subscriber wants. */
export interface AlertFilter {
  minSeverity: AlertSeverity__Output;
  patientIds: readonly string[];
}

const RANK: Record<AlertSeverity__Output, number> = { ALERT_SEVERITY_UNSPECIFIED: 0, ALERT_SEVERITY_INFO: 1, ALERT_SEVERITY_WARNING: 2, ALERT_SEVERITY_CRITICAL: 3 };
const AUDIT_SEVERITY = { ALERT_SEVERITY_INFO: 'info', ALERT_SEVERITY_WARNING: 'warning', ALERT_SEVERITY_CRITICAL: 'critical' } as const;

/** A subscription: an async iterator of alerts until closed. */
export interface AlertSubscription extends AsyncIterable<Alert__Output> {
  close(): void;
}

/** Raises, stores, audits and fans out alerts. */
export class AlertHub {
  readonly #subscribers = new Set<{ filter: AlertFilter; push: (a: Alert__Output) => void; close: () => void }>();
  readonly #audit: AuditSink;
  readonly #writer: DurableWriter;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #onRaised: (alert: Alert__Output) => void;

  constructor(options: { audit: AuditSink; writer: DurableWriter; logger: Logger; now?: () => number; onRaised?: (alert: Alert__Output) => void }) {
    this.#audit = options.audit;
    this.#writer = options.writer;
    this.#now = options.now ?? Date.now;
    this.#log = options.logger;
    this.#onRaised = options.onRaised ?? (() => undefined);
  }

  /**
   * Raises an alert: audited and stored (both awaited), then published.
   * @returns the alert as sent. @throws (rejects) when the audit log or store cannot write.
   */
  async raise(input: AlertInput): Promise<Alert__Output> {
    const alertId = `a-${randomUUID()}`;
    const raisedAtMs = this.#now();
    const receipt = await this.#audit.append({
      type: 'alert',
      atMs: raisedAtMs,
      data: { alertId, kind: input.kind, severity: AUDIT_SEVERITY[input.severity], message: input.message, patientId: input.patientId ?? '', deviceId: input.deviceId ?? '' },
    });
    const leafHashHex = Buffer.from(receipt.leafHash).toString('hex');
    const alert: Alert__Output = {
      alertId, kind: input.kind, severity: input.severity, patientId: input.patientId ?? '', deviceId: input.deviceId ?? '', raisedAtMs,
      message: input.message, audit: { index: receipt.index, leafHashHex },
    };
    await this.#writer.write([{ op: 'alert', alert: { alertId, kind: input.kind, severity: input.severity, patientId: alert.patientId, deviceId: alert.deviceId, raisedAtMs, message: input.message, auditIndex: receipt.index, leafHashHex } }]);
    this.#log.info({ alertId, kind: input.kind, severity: input.severity }, 'alert raised');
    this.#onRaised(alert);
    for (const s of this.#subscribers) {
      if (RANK[alert.severity] >= RANK[s.filter.minSeverity] && (s.filter.patientIds.length === 0 || s.filter.patientIds.includes(alert.patientId))) s.push(alert);
    }
    return alert;
  }

  /** Raises without waiting; a failure is logged (alerts must never fail the call that caused them). */
  raiseInBackground(input: AlertInput): void {
    this.raise(input).catch((error: unknown) => this.#log.error({ err: error, kind: input.kind }, 'could not raise alert'));
  }

  /** @returns a subscription yielding matching alerts raised from now on, until closed or `signal` aborts. */
  subscribe(filter: AlertFilter, signal?: AbortSignal, maxQueue = 1_000): AlertSubscription {
    const queue: Alert__Output[] = [];
    let wake: (() => void) | null = null;
    let closed = false;
    const entry = {
      filter,
      push: (a: Alert__Output) => {
        queue.push(a);
        if (queue.length > maxQueue) queue.shift();
        wake?.();
      },
      close: () => {
        closed = true;
        this.#subscribers.delete(entry);
        wake?.();
      },
    };
    this.#subscribers.add(entry);
    signal?.addEventListener('abort', entry.close, { once: true });
    return {
      close: entry.close,
      async *[Symbol.asyncIterator]() {
        while (!closed) {
          const next = queue.shift();
          if (next) yield next;
          else await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
        }
      },
    };
  }

  /** Ends every subscription (drain on shutdown). */
  closeAll(): void {
    for (const s of [...this.#subscribers]) s.close();
  }
}
