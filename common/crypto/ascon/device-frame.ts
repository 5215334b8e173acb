import { InvalidArgumentError } from '../../errors/index.js';
import { openFrame, sealFrame } from './ascon-aead.js';

/** Largest device id accepted in associated data, in UTF-8 bytes. */
export const MAX_DEVICE_ID_BYTES = 256;

/** What binds a device frame to its sender and position in the device's stream. */
export interface DeviceFrameContext {
  /** Stable device identifier (e.g. pump serial), UTF-8, non-empty, at most 256 bytes. */
  deviceId: string;
  /** Monotonic per-device frame counter, 0 ≤ counter < 2^64. */
  counter: bigint;
}

const UINT64_LIMIT = 1n << 64n;

/**
 * Builds the associated data of a device frame: `UTF-8(deviceId) ‖ uint64_be(counter)`.
 * The counter is last and fixed-width, so the encoding is unambiguous for a given device id.
 * @returns the associated data bytes.
 * @throws InvalidArgumentError when the device id is empty or too long, or the counter is outside [0, 2^64).
 */
export function deviceFrameAssociatedData(context: DeviceFrameContext): Uint8Array {
  const idBytes = new TextEncoder().encode(context.deviceId);
  const violations = [];
  if (idBytes.length === 0 || idBytes.length > MAX_DEVICE_ID_BYTES) violations.push({ field: 'deviceId', description: `must be 1..${MAX_DEVICE_ID_BYTES} UTF-8 bytes, got ${idBytes.length}` });
  if (context.counter < 0n || context.counter >= UINT64_LIMIT) violations.push({ field: 'counter', description: 'must be in [0, 2^64)' });
  if (violations.length > 0) throw new InvalidArgumentError(violations);
  const ad = new Uint8Array(idBytes.length + 8);
  ad.set(idBytes, 0);
  new DataView(ad.buffer).setBigUint64(idBytes.length, context.counter, false);
  return ad;
}

/**
 * Seals a device frame with Ascon-AEAD128 under the device key, with associated data `deviceId ‖ counter`.
 * @returns ciphertext ‖ 16-byte tag.
 * @throws InvalidArgumentError on a bad key/nonce length, device id or counter.
 */
export function sealDeviceFrame(key: Uint8Array, nonce: Uint8Array, frame: Uint8Array, context: DeviceFrameContext): Uint8Array {
  return sealFrame(key, nonce, frame, deviceFrameAssociatedData(context));
}

/**
 * Opens a device frame sealed by {@link sealDeviceFrame}. Authenticity only: replay/window checks on the
 * counter and timestamp belong to the caller (the edge node's ingest).
 * @returns the frame plaintext, or null when the tag does not verify for this key, nonce, device id and counter.
 * @throws InvalidArgumentError on a bad key/nonce length, device id or counter.
 */
export function openDeviceFrame(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, context: DeviceFrameContext): Uint8Array | null {
  return openFrame(key, nonce, sealed, deviceFrameAssociatedData(context));
}
