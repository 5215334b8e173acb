/**
 * Opens one sealed device frame: known device → counter inside the replay window and not seen →
 * Ascon-AEAD128 tag (common/crypto/ascon, associated data = device id ‖ 64-bit counter) → well-formed
 * payload of a type the device may send → timestamp within the allowed skew. Pure: the caller owns
 * the window and stores the result.
 */
import { openDeviceFrame } from '../../common/crypto/ascon/index.js';
import type { FrameRejection__Output } from '../../proto/gen/vigil/v1/FrameRejection.js';
import { FRAME_TYPES_BY_DEVICE, FramePayload } from './frame-format.js';
import { checkCounter, recordCounter, type ReplayWindow, type ReplayWindowOptions } from './replay-window.js';
import type { Device } from '../../datasets/records.js';

/** A frame as the gateway forwarded it. */
export interface SealedFrameInput {
  deviceId: string;
  counter: bigint;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

/** What the opener knows about the claimed device. */
export interface FrameDevice {
  kind: Device['kind'];
  patientId: string;
  asconKey: Uint8Array;
  window: ReplayWindow;
}

/** Why a frame was refused (the proto's FrameRejection). */
export type FrameRejectionName = Exclude<FrameRejection__Output, 'FRAME_REJECTION_UNSPECIFIED'>;

/** Opens a frame's authenticated encryption. @returns the plaintext, or null when the tag does not verify. */
export type FrameCipher = typeof openDeviceFrame;

/** Outcome of opening one frame. `window` is set whenever the frame authenticated (record it). */
export type OpenedFrame =
  | { ok: true; payload: FramePayload; window: ReplayWindow }
  | { ok: false; rejection: FrameRejectionName; window: ReplayWindow | null };

/**
 * Opens and checks one frame; `cipher` is Ascon-AEAD128 except in measurements that price it.
 * @returns the payload and the advanced window, or the rejection. Never throws.
 */
export function openSealedFrame(frame: SealedFrameInput, device: FrameDevice | null, nowMs: number, maxSkewMs: number, windowOptions?: ReplayWindowOptions, cipher: FrameCipher = openDeviceFrame): OpenedFrame {
  if (device === null) return { ok: false, rejection: 'FRAME_REJECTION_UNKNOWN_DEVICE', window: null };
  const seen = checkCounter(device.window, frame.counter, windowOptions);
  if (seen === 'replayed') return { ok: false, rejection: 'FRAME_REJECTION_REPLAYED_COUNTER', window: null };
  if (seen === 'out-of-window') return { ok: false, rejection: 'FRAME_REJECTION_COUNTER_OUT_OF_WINDOW', window: null };
  let plaintext: Uint8Array | null;
  try {
    plaintext = frame.nonce.length === 16 ? cipher(device.asconKey, frame.nonce, frame.ciphertext, { deviceId: frame.deviceId, counter: frame.counter }) : null;
  } catch {
    plaintext = null; // a malformed device id or counter cannot authenticate
  }
  if (plaintext === null) return { ok: false, rejection: 'FRAME_REJECTION_BAD_TAG', window: null };
  // Authentic from here on: the counter is spent even if the content is refused.
  const window = recordCounter(device.window, frame.counter, windowOptions);
  let parsed: ReturnType<typeof FramePayload.safeParse>;
  try {
    parsed = FramePayload.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext)));
  } catch {
    return { ok: false, rejection: 'FRAME_REJECTION_MALFORMED', window };
  }
  if (!parsed.success || !FRAME_TYPES_BY_DEVICE[device.kind].includes(parsed.data.type)) return { ok: false, rejection: 'FRAME_REJECTION_MALFORMED', window };
  if (Math.abs(nowMs - parsed.data.timestampMs) > maxSkewMs) return { ok: false, rejection: 'FRAME_REJECTION_STALE_TIMESTAMP', window };
  return { ok: true, payload: parsed.data, window };
}
