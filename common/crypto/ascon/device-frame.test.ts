import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors/index.js';
import { deviceFrameAssociatedData, openDeviceFrame, sealDeviceFrame } from './index.js';

const key = new Uint8Array(16).fill(7);
const nonce = new Uint8Array(16).fill(9);
const frame = Uint8Array.of(0xde, 0xad, 0xbe, 0xef);

describe('device frames', () => {
  it('builds associated data as UTF-8 device id followed by a big-endian 64-bit counter', () => {
    const ad = deviceFrameAssociatedData({ deviceId: 'pümp-1', counter: 0x0102030405060708n });
    expect(Buffer.from(ad).toString('hex')).toBe(Buffer.from('pümp-1', 'utf8').toString('hex') + '0102030405060708');
  });

  it('opens a frame sealed for the same device and counter', () => {
    const sealed = sealDeviceFrame(key, nonce, frame, { deviceId: 'cgm-42', counter: 5n });
    expect(openDeviceFrame(key, nonce, sealed, { deviceId: 'cgm-42', counter: 5n })).toEqual(frame);
  });

  it('rejects a frame replayed under another counter or claimed by another device', () => {
    const sealed = sealDeviceFrame(key, nonce, frame, { deviceId: 'cgm-42', counter: 5n });
    expect(openDeviceFrame(key, nonce, sealed, { deviceId: 'cgm-42', counter: 6n })).toBeNull();
    expect(openDeviceFrame(key, nonce, sealed, { deviceId: 'cgm-43', counter: 5n })).toBeNull();
  });

  it('throws InvalidArgumentError on an empty device id or an out-of-range counter', () => {
    expect(() => deviceFrameAssociatedData({ deviceId: '', counter: 0n })).toThrow(InvalidArgumentError);
    expect(() => deviceFrameAssociatedData({ deviceId: 'x', counter: -1n })).toThrow(/counter/);
    expect(() => deviceFrameAssociatedData({ deviceId: 'x', counter: 1n << 64n })).toThrow(/counter/);
    expect(deviceFrameAssociatedData({ deviceId: 'x', counter: (1n << 64n) - 1n })).toHaveLength(9);
  });
});
