import { describe, expect, it } from 'vitest';
import { sealDeviceFrame } from '../../common/crypto/ascon/index.js';
import { encodeFramePayload, type FramePayload } from './frame-format.js';
import { openSealedFrame, type FrameDevice, type SealedFrameInput } from './frame-opener.js';
import { emptyReplayWindow } from './replay-window.js';

const key = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const NOW = 1_700_000_000_000;
const device: FrameDevice = { kind: 'cgm', patientId: 'p-0123abcd', asconKey: key, window: emptyReplayWindow() };
const reading: FramePayload = { v: 1, type: 'cgm', timestampMs: NOW, glucoseMgDl: 123 };

function seal(counter: bigint, payload: FramePayload | Uint8Array = reading, k = key, deviceId = 'cgm-1'): SealedFrameInput {
  const nonce = Uint8Array.from({ length: 16 }, (_, i) => (Number(counter) + i) & 0xff);
  const bytes = payload instanceof Uint8Array ? payload : encodeFramePayload(payload);
  return { deviceId, counter, nonce, ciphertext: sealDeviceFrame(k, nonce, bytes, { deviceId, counter }) };
}

describe('openSealedFrame', () => {
  it('opens a valid frame and advances the window', () => {
    const r = openSealedFrame(seal(1n), device, NOW, 60_000);
    expect(r.ok && r.payload).toEqual(reading);
    expect(r.window?.highest).toBe(1n);
  });

  it('refuses a replayed frame once its counter was recorded', () => {
    const first = openSealedFrame(seal(7n), device, NOW, 60_000);
    const again = openSealedFrame(seal(7n), { ...device, window: first.window! }, NOW, 60_000);
    expect(again).toMatchObject({ ok: false, rejection: 'FRAME_REJECTION_REPLAYED_COUNTER' });
  });

  it('refuses a counter older than the window', () => {
    const window = openSealedFrame(seal(5000n), device, NOW, 60_000).window!;
    expect(openSealedFrame(seal(1n), { ...device, window }, NOW, 60_000)).toMatchObject({ ok: false, rejection: 'FRAME_REJECTION_COUNTER_OUT_OF_WINDOW' });
  });

  it('refuses tampered ciphertext, a wrong key, a frame moved to another counter or device, and does not move the window', () => {
    const good = seal(3n);
    const tampered = { ...good, ciphertext: Uint8Array.from(good.ciphertext, (b, i) => (i === 0 ? b ^ 1 : b)) };
    for (const frame of [tampered, seal(3n, reading, new Uint8Array(16)), { ...good, counter: 4n }, { ...good, deviceId: 'cgm-2' }]) {
      expect(openSealedFrame(frame, device, NOW, 60_000)).toEqual({ ok: false, rejection: 'FRAME_REJECTION_BAD_TAG', window: null });
    }
  });

  it('refuses an unknown device', () => expect(openSealedFrame(seal(1n), null, NOW, 60_000)).toMatchObject({ rejection: 'FRAME_REJECTION_UNKNOWN_DEVICE' }));

  it('refuses a stale timestamp but spends the counter', () => {
    const r = openSealedFrame(seal(1n), device, NOW + 120_000, 60_000);
    expect(r).toMatchObject({ ok: false, rejection: 'FRAME_REJECTION_STALE_TIMESTAMP' });
    expect(r.window?.highest).toBe(1n);
  });

  it('refuses malformed plaintext and frame types the device may not send', () => {
    expect(openSealedFrame(seal(1n, new TextEncoder().encode('{"v":1,"type":"cgm"')), device, NOW, 60_000)).toMatchObject({ rejection: 'FRAME_REJECTION_MALFORMED' });
    expect(openSealedFrame(seal(2n, { v: 1, type: 'heart-rate', timestampMs: NOW, beatsPerMinute: 70 }), device, NOW, 60_000)).toMatchObject({ rejection: 'FRAME_REJECTION_MALFORMED' });
    expect(openSealedFrame(seal(3n, new Uint8Array([0xff, 0xfe])), device, NOW, 60_000)).toMatchObject({ rejection: 'FRAME_REJECTION_MALFORMED' });
  });
});
