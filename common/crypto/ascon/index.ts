export { sealFrame, openFrame, hash256, ASCON_KEY_BYTES, ASCON_NONCE_BYTES, ASCON_TAG_BYTES, ASCON_HASH_BYTES } from './ascon-aead.js';
export { sealDeviceFrame, openDeviceFrame, deviceFrameAssociatedData, MAX_DEVICE_ID_BYTES } from './device-frame.js';
export type { DeviceFrameContext } from './device-frame.js';
