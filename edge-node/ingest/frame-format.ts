/**
 * The plaintext of a device frame (documented in edge-node/README.md): UTF-8 JSON, one reading per
 * frame, version 1. Identity is not in the frame: the device id and counter travel in the associated
 * data, and the patient comes from the device's provisioning record.
 */
import { z } from 'zod';
import { PILLBOX_EVENT_KINDS, type Device } from '../../datasets/records.js';

const at = z.number().int().nonnegative();

/** One frame's plaintext. */
export const FramePayload = z.discriminatedUnion('type', [
  z.strictObject({ v: z.literal(1), type: z.literal('cgm'), timestampMs: at, glucoseMgDl: z.number().finite().min(0).max(1000).nullable() }),
  z.strictObject({
    v: z.literal(1), type: z.literal('pump'), timestampMs: at,
    deliveredU: z.number().finite().nonnegative().max(100), reservoirU: z.number().finite().min(-10).max(2000),
    occlusionPressureKpa: z.number().finite().min(-100).max(1000), doseCounter: z.number().int().nonnegative(),
  }),
  z.strictObject({ v: z.literal(1), type: z.literal('carbs'), timestampMs: at, carbsG: z.number().finite().nonnegative().max(400) }),
  z.strictObject({ v: z.literal(1), type: z.literal('heart-rate'), timestampMs: at, beatsPerMinute: z.number().finite().positive().max(300) }),
  z.strictObject({ v: z.literal(1), type: z.literal('pillbox'), timestampMs: at, kind: z.enum(PILLBOX_EVENT_KINDS), value: z.number().finite().default(0) }),
]);
/** One frame's plaintext. */
export type FramePayload = z.infer<typeof FramePayload>;

/** Which frame types each device kind may send. */
export const FRAME_TYPES_BY_DEVICE: Record<Device['kind'], readonly FramePayload['type'][]> = {
  cgm: ['cgm'],
  'insulin-pump': ['pump', 'carbs'],
  'infusion-pump': ['pump'],
  'heart-rate': ['heart-rate'],
  pillbox: ['pillbox'],
};

/** @returns the frame's bytes as a device would encode them before sealing. */
export function encodeFramePayload(payload: FramePayload): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(payload));
}
