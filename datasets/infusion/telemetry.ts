/**
 * Infusion-pump telemetry: one record per channel per minute, what a large-volume pump reports
 * (programmed and measured rate, volume infused, downstream line pressure). No alarm field on purpose:
 * finding occlusions and free flow is the detector's job.
 */
import { z } from 'zod';
import { PatientId } from '../records.js';

/** One minute of one infusion channel. */
export const InfusionTelemetry = z.strictObject({
  patientId: PatientId,
  deviceId: z.string().min(1).max(64),
  /** Channel letter on the pump (A–D). */
  channel: z.string().min(1).max(4),
  drugId: z.string().min(1).max(64),
  timestampMs: z.number().int().nonnegative(),
  /** Rate the pump is programmed to run (mL/h), including a running bolus. */
  programmedRateMlPerHour: z.number().finite().nonnegative(),
  /** Rate the flow sensor measured over the minute (mL/h). */
  measuredRateMlPerHour: z.number().finite().nonnegative(),
  /** Volume infused on this channel since it started (mL). */
  volumeInfusedMl: z.number().finite().nonnegative(),
  /** Downstream line pressure (mmHg). */
  linePressureMmHg: z.number().finite(),
});
/** One minute of one infusion channel. */
export type InfusionTelemetry = z.infer<typeof InfusionTelemetry>;

/** A fault on one channel over [startMs, endMs). */
export interface InfusionFault {
  /** occlusion: downstream blockage, no flow, pressure climbs; free-flow: uncontrolled gravity flow, pressure near zero. */
  kind: 'occlusion' | 'free-flow';
  drugId: string;
  startMs: number;
  endMs: number;
}
