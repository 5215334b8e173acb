/**
 * Test and benchmark harness: a PKI, a provisioned store (one adult patient, a pump, a CGM, an issuer,
 * a clinician) and helpers to sign commands and seal frames. Not used by production code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { sealDeviceFrame } from '../../common/crypto/ascon/index.js';
import { createClient, loadProtos } from '../../common/grpc/index.js';
import { initPki, loadTlsIdentity } from '../../common/pki/index.js';
import type { DoseCommand as DoseRecord } from '../../datasets/records.js';
import type { DoseCommand } from '../../proto/gen/vigil/v1/DoseCommand.js';
import type { ScoringClient } from '../../proto/gen/vigil/v1/Scoring.js';
import type { SealedFrame } from '../../proto/gen/vigil/v1/SealedFrame.js';
import { EdgeConfigSchema, type EdgeConfig } from '../config.js';
import { signCommand } from '../gate/canonical-command.js';
import { ADULT_PROFILE, ISSUER_KEY } from '../gate/testing-fixtures.js';
import { encodeFramePayload, type FramePayload } from '../ingest/frame-format.js';
import { newTotpSecret } from '../holds/totp.js';
import { edgePaths } from '../main.js';
import { EdgeStore } from '../store/edge-store.js';

export const PUMP_KEY = Uint8Array.from({ length: 16 }, (_, i) => 0x40 + i);
export const CGM_KEY = Uint8Array.from({ length: 16 }, (_, i) => 0x80 + i);

/** A provisioned node directory. */
export interface Harness {
  dir: string;
  pki: string;
  config: EdgeConfig;
  totpSecret: string;
  cleanup(): void;
}

/** Creates PKI and a provisioned store. @returns the harness (call cleanup when done). */
export async function createHarness(overrides: Record<string, unknown> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-edge-'));
  const pki = join(dir, 'pki');
  await initPki({ outDir: pki, sites: ['icu'], clinicians: 2 });
  const config = EdgeConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 }, metrics: { host: '127.0.0.1', port: 0 }, dataDir: join(dir, 'data'), identity: join(pki, 'edge', 'icu'),
    auditKey: join(dir, 'audit.key'), drainMs: 1_000, ...overrides,
  });
  const store = EdgeStore.open(edgePaths(config).store);
  const now = Date.now();
  store.upsertPatient(ADULT_PROFILE, now);
  store.upsertDevice({ deviceId: 'pump-1', kind: 'insulin-pump', patientId: ADULT_PROFILE.patientId, siteId: 'icu', asconKeyHex: Buffer.from(PUMP_KEY).toString('hex') }, now);
  store.upsertDevice({ deviceId: 'pump-2', kind: 'insulin-pump', patientId: ADULT_PROFILE.patientId, siteId: 'icu', asconKeyHex: Buffer.from(PUMP_KEY).toString('hex') }, now);
  store.upsertDevice({ deviceId: 'pump-3', kind: 'insulin-pump', patientId: ADULT_PROFILE.patientId, siteId: 'icu', asconKeyHex: Buffer.from(PUMP_KEY).toString('hex') }, now);
  store.upsertDevice({ deviceId: 'cgm-1', kind: 'cgm', patientId: ADULT_PROFILE.patientId, siteId: 'icu', asconKeyHex: Buffer.from(CGM_KEY).toString('hex') }, now);
  store.upsertDevice({ deviceId: 'infusion-1', kind: 'infusion-pump', patientId: ADULT_PROFILE.patientId, siteId: 'icu', asconKeyHex: Buffer.from(PUMP_KEY).toString('hex') }, now);
  store.addIssuer('aid-1', ISSUER_KEY, now);
  const totpSecret = newTotpSecret();
  store.addClinician('clin-001', totpSecret, now);
  store.close();
  return { dir, pki, config, totpSecret, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** @returns a Scoring client with the given identity (default: the ICU gateway). */
export function scoringClient(h: Harness, port: number, role = 'gateway', name = 'gw-icu'): ScoringClient {
  return createClient(loadProtos().scoring.Scoring, `127.0.0.1:${port}`, { tls: loadTlsIdentity(join(h.pki, role, name)), expectedServerRole: 'edge', defaultDeadlineMs: 10_000 });
}

let nonceCounter = 0;
let counterSeq = Date.now() * 100;
/** @returns a wire DoseCommand signed with `key` (default the test issuer's), fresh as of now. */
export function wireCommand(overrides: Partial<DoseRecord> = {}, key: Uint8Array = ISSUER_KEY): DoseCommand {
  const record: DoseRecord = {
    commandId: `c-${++nonceCounter}-${Date.now()}`, patientId: ADULT_PROFILE.patientId, deviceId: 'pump-1', issuerId: 'aid-1',
    counter: ++counterSeq, issuedAtMs: Date.now(), kind: 'BOLUS', units: 1, durationMinutes: 0, ...overrides,
  };
  const nonce = Buffer.alloc(16);
  nonce.writeUInt32BE(++nonceCounter, 12);
  nonce.writeUInt32BE(process.pid, 0);
  const tag = signCommand(record, key, nonce);
  const { infusion, ...rest } = record;
  return { ...rest, kind: `DOSE_KIND_${record.kind}`, authNonce: nonce, authTag: Buffer.from(tag), ...(infusion ? { infusion } : {}) };
}

/** @returns a frame sealed by a device. */
export function sealedFrame(deviceId: string, key: Uint8Array, counter: bigint, payload: FramePayload): SealedFrame {
  const nonce = Buffer.alloc(16);
  nonce.writeBigUInt64BE(counter, 8);
  return { deviceId, counter: counter.toString(), nonce, ciphertext: Buffer.from(sealDeviceFrame(key, nonce, encodeFramePayload(payload), { deviceId, counter })) };
}

/** Promisifies a unary call. @returns `{ error, value }`. */
export function call<T>(fn: (cb: (error: grpc.ServiceError | null, value?: T) => void) => void): Promise<{ error: grpc.ServiceError | null; value: T | undefined }> {
  return new Promise((resolve) => fn((error, value) => resolve({ error, value })));
}
