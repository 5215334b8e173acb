/**
 * The telemetry autoencoder's input in service: the patient's own authenticated events (stored by Ingest)
 * over the 60 minutes before a window's end — CGM, insulin-pump telemetry and heart rate — as the
 * TelemetryWindow that models/ telemetryWindowFeatures turns into the row training used. The arrays in a
 * ScoreTelemetry request feed the plausibility rules only: the model never scores what the caller says.
 */
import type { CgmReading, HeartRateSample, PatientProfile, PumpTelemetry } from '../../datasets/records.js';
import { TELEMETRY_WINDOW_MINUTES, type TelemetryWindow } from '../../models/index.js';
import type { DeviceRecord, EdgeStore, StoredEvent } from '../store/edge-store.js';

const MINUTE_MS = 60_000;

/**
 * @returns the patient's stored telemetry in [endMs − 60 min, endMs), or null when nothing was stored in
 * that time (the node has no data of its own for the window: the model cannot score it).
 */
export function storedTelemetryWindow(store: EdgeStore, devices: ReadonlyMap<string, DeviceRecord>, profile: PatientProfile, endMs: number): TelemetryWindow | null {
  const fromMs = endMs - TELEMETRY_WINDOW_MINUTES * MINUTE_MS;
  const read = (kind: string): StoredEvent[] => store.events(profile.patientId, kind, fromMs, endMs);
  const cgm: CgmReading[] = read('cgm').map((e) => ({ patientId: e.patientId, deviceId: e.deviceId, timestampMs: e.atMs, glucoseMgDl: (e.payload['glucoseMgDl'] as number | null) ?? null }));
  // Infusion pumps send pump frames too; the model knows the insulin pump's.
  const pump: PumpTelemetry[] = read('pump').filter((e) => devices.get(e.deviceId)?.kind === 'insulin-pump').map((e) => ({
    patientId: e.patientId, deviceId: e.deviceId, timestampMs: e.atMs, deliveredU: Number(e.payload['deliveredU']), reservoirU: Number(e.payload['reservoirU']),
    occlusionPressureKpa: Number(e.payload['occlusionPressureKpa']), doseCounter: Number(e.payload['doseCounter']),
  }));
  const heartRate: HeartRateSample[] = read('heart-rate').map((e) => ({ patientId: e.patientId, deviceId: e.deviceId, timestampMs: e.atMs, beatsPerMinute: Number(e.payload['beatsPerMinute']) }));
  if (cgm.length === 0 && pump.length === 0 && heartRate.length === 0) return null;
  return { profile, endMs, cgm, pump, heartRate };
}
