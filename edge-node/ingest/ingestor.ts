/**
 * Ingest: opens sealed frames in arrival order, spends counters, stores accepted events with group
 * commit, and acknowledges (resolves) only once the event is durable. Per-device token buckets bound
 * floods; a burst of bad frames from one device raises an alert.
 */
import type { AlertHub } from '../alerts/alert-hub.js';
import { BurstDetector, type BurstOptions } from '../alerts/burst-detector.js';
import type { PatientStates } from '../dose/patient-states.js';
import type { DeviceRecord } from '../store/edge-store.js';
import type { DurableWriter } from '../store/durable-writer.js';
import type { WriteOp } from '../store/edge-store.js';
import { openSealedFrame, type FrameCipher, type FrameRejectionName, type SealedFrameInput } from './frame-opener.js';
import type { RateLimiter } from './rate-limit.js';
import { parseReplayWindow, serialiseReplayWindow, type ReplayWindow } from './replay-window.js';

/** Observes ingest outcomes (metrics). */
export interface IngestObserver {
  frame(outcome: 'accepted' | FrameRejectionName): void;
}

/** The outcome of one frame: accepted once durable, or refused. */
export type IngestOutcome = { accepted: true } | { accepted: false; rejection: FrameRejectionName };

/**
 * The burst key of every frame claiming a device the node does not know: probing with a new id each time
 * is one burst, and made-up ids cannot grow the detector's map.
 */
const UNKNOWN_DEVICES = '\u0000unknown-devices';

/** Opens and stores device frames. */
export class Ingestor {
  readonly #windows = new Map<string, ReplayWindow>();
  readonly #badFrames: BurstDetector;

  constructor(private readonly o: {
    devices: Map<string, DeviceRecord>; writer: DurableWriter; patients: PatientStates; alerts: AlertHub; rateLimiter: RateLimiter;
    maxSkewMs: number; badFrameBurst: BurstOptions; now?: () => number; observer?: IngestObserver; frameCipher?: FrameCipher;
  }) {
    this.#badFrames = new BurstDetector(o.badFrameBurst);
  }

  /**
   * Handles one frame. The checks run synchronously (so counters are spent in arrival order); the
   * returned promise resolves after the event is durable.
   * @returns the outcome. @throws (rejects) when the store cannot write (the frame is not acknowledged).
   */
  ingest(frame: SealedFrameInput): Promise<IngestOutcome> {
    const now = (this.o.now ?? Date.now)();
    const record = this.o.devices.get(frame.deviceId) ?? null;
    const refuse = (rejection: FrameRejectionName): Promise<IngestOutcome> => {
      this.o.observer?.frame(rejection);
      if (rejection !== 'FRAME_REJECTION_RATE_LIMITED' && this.#badFrames.record(record ? frame.deviceId : UNKNOWN_DEVICES, now).fired) {
        this.o.alerts.raiseInBackground({ kind: 'ALERT_KIND_BAD_FRAME_BURST', severity: 'ALERT_SEVERITY_WARNING', deviceId: record ? frame.deviceId : '', patientId: record?.patientId ?? '', message: `A burst of refused frames (latest: ${rejection.replace('FRAME_REJECTION_', '').toLowerCase()}) claiming device ${record ? frame.deviceId : '(unknown)'}.` });
      }
      return Promise.resolve({ accepted: false, rejection });
    };
    const window = record ? this.#windows.get(frame.deviceId) ?? parseReplayWindow(record.replayWindow) : null;
    const opened = openSealedFrame(frame, record && window ? { kind: record.kind, patientId: record.patientId, asconKey: record.asconKey, window } : null, now, this.o.maxSkewMs, undefined, this.o.frameCipher);
    // Only authentic frames (tag verified: `window` set) spend the device's budget, so forged frames under
    // its id cannot silence it; a rate-limited frame leaves its counter unspent so the device can resend it.
    if (opened.window && !this.o.rateLimiter.take(frame.deviceId)) return refuse('FRAME_REJECTION_RATE_LIMITED');
    if (opened.window) this.#windows.set(frame.deviceId, opened.window);
    const windowOp: WriteOp[] = opened.window ? [{ op: 'window', deviceId: frame.deviceId, window: serialiseReplayWindow(opened.window) }] : [];
    if (!opened.ok) {
      if (windowOp.length > 0) void this.o.writer.write(windowOp).catch(() => undefined);
      return refuse(opened.rejection);
    }
    const device = record!;
    const { type, timestampMs, v: _v, ...payload } = opened.payload;
    const write = this.o.writer.write([...windowOp, { op: 'event', event: { deviceId: device.deviceId, patientId: device.patientId, kind: type, counter: frame.counter.toString(), atMs: timestampMs, payload }, receivedAtMs: now }]);
    return write.then(() => {
      if (opened.payload.type === 'cgm') this.o.patients.addCgm({ patientId: device.patientId, deviceId: device.deviceId, timestampMs, glucoseMgDl: opened.payload.glucoseMgDl });
      if (opened.payload.type === 'carbs') this.o.patients.addCarbs(device.patientId, { timestampMs, carbsG: opened.payload.carbsG });
      this.o.observer?.frame('accepted');
      return { accepted: true } as const;
    });
  }
}
