/**
 * Wire-level validation of every Scoring request (proto-loader objects: camelCase, longs as numbers,
 * enums as strings, bytes as Buffers). Failures become INVALID_ARGUMENT naming the field.
 */
import { z } from 'zod';
import { PatientId, DOSE_KINDS } from '../../datasets/records.js';
import type { GateCommand } from '../gate/canonical-command.js';

const bytes16 = z.instanceof(Uint8Array).refine((b) => b.length === 16, 'must be 16 bytes');
const id = z.string().min(1, 'is required').max(64);

/** A DoseCommand from the wire, turned into the gate's command. */
export const DoseCommandWire = z
  .object({
    commandId: id, patientId: PatientId, deviceId: id, issuerId: id,
    counter: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    issuedAtMs: z.number().int().positive('is required'),
    kind: z.enum(DOSE_KINDS.map((k) => `DOSE_KIND_${k}`) as [string, ...string[]], { message: 'must be a dose kind (not UNSPECIFIED)' }),
    units: z.number().finite('must be a finite number').nonnegative('must not be negative').max(1000, 'is absurd (more than 1,000)'),
    durationMinutes: z.number().int().min(0).max(1440),
    infusion: z.object({
      drugId: id, careArea: id, dose: z.number().finite().nonnegative().max(1e6), doseUnit: z.string().min(1).max(32), rateMlPerHour: z.number().finite().nonnegative().max(10_000),
    }).nullable().optional(),
    authNonce: bytes16, authTag: bytes16,
  })
  .superRefine((c, ctx) => {
    const infusion = c.kind.startsWith('DOSE_KIND_INFUSION');
    if (infusion && !c.infusion) ctx.addIssue({ code: 'custom', path: ['infusion'], message: 'is required for infusion commands' });
    if (!infusion && c.infusion) ctx.addIssue({ code: 'custom', path: ['infusion'], message: 'is only for infusion commands' });
    if ((c.kind === 'DOSE_KIND_TEMP_BASAL' || c.kind === 'DOSE_KIND_SUSPEND') && c.durationMinutes === 0) ctx.addIssue({ code: 'custom', path: ['durationMinutes'], message: 'is required for temp basal and suspend' });
    if (c.kind === 'DOSE_KIND_SUSPEND' && c.units !== 0) ctx.addIssue({ code: 'custom', path: ['units'], message: 'must be 0 for a suspend' });
  })
  .transform((c): GateCommand => ({
    commandId: c.commandId, patientId: c.patientId, deviceId: c.deviceId, issuerId: c.issuerId, counter: c.counter, issuedAtMs: c.issuedAtMs,
    kind: c.kind.slice('DOSE_KIND_'.length) as GateCommand['kind'], units: c.units, durationMinutes: c.durationMinutes,
    ...(c.infusion ? { infusion: c.infusion } : {}), authNonce: new Uint8Array(c.authNonce), authTag: new Uint8Array(c.authTag),
  }));

const PATIENT_ID = /^p-[0-9a-f]{8,32}$/;
const INSULIN_KINDS = new Map(DOSE_KINDS.filter((k) => !k.startsWith('INFUSION')).map((k) => [`DOSE_KIND_${k}`, k]));
const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 64;
const isBytes16 = (v: unknown): v is Uint8Array => v instanceof Uint8Array && v.length === 16;

/**
 * Parses a wire DoseCommand: the same result as `DoseCommandWire.safeParse`. The common case — an
 * insulin command every one of whose fields is plainly valid — is checked and built directly (zod costs
 * ~15 µs a command on the GateDose hot path); anything else, valid or not, goes through the schema, so
 * accepted values, the output and every error are the schema's.
 */
export function parseDoseCommand(message: Record<string, unknown>): ReturnType<typeof DoseCommandWire.safeParse> {
  const m = message;
  const kind = typeof m['kind'] === 'string' ? INSULIN_KINDS.get(m['kind']) : undefined;
  const { counter, issuedAtMs, units, durationMinutes } = m;
  if (
    kind !== undefined && isId(m['commandId']) && typeof m['patientId'] === 'string' && PATIENT_ID.test(m['patientId']) && isId(m['deviceId']) && isId(m['issuerId']) &&
    Number.isSafeInteger(counter) && (counter as number) >= 0 && Number.isSafeInteger(issuedAtMs) && (issuedAtMs as number) > 0 &&
    typeof units === 'number' && Number.isFinite(units) && units >= 0 && units <= 1000 &&
    Number.isSafeInteger(durationMinutes) && (durationMinutes as number) >= 0 && (durationMinutes as number) <= 1440 &&
    (m['infusion'] === null || m['infusion'] === undefined) && isBytes16(m['authNonce']) && isBytes16(m['authTag']) &&
    !((kind === 'TEMP_BASAL' || kind === 'SUSPEND') && durationMinutes === 0) && !(kind === 'SUSPEND' && units !== 0)
  ) {
    return {
      success: true,
      data: {
        commandId: m['commandId'], patientId: m['patientId'], deviceId: m['deviceId'], issuerId: m['issuerId'], counter: counter as number, issuedAtMs: issuedAtMs as number,
        kind, units, durationMinutes: durationMinutes as number, authNonce: new Uint8Array(m['authNonce']), authTag: new Uint8Array(m['authTag']),
      },
    } as ReturnType<typeof DoseCommandWire.safeParse>;
  }
  return DoseCommandWire.safeParse(message);
}

/** Accepts any message; GateDose validates inside so refused commands can be audited. */
export const AnyMessage = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null);

/** ConfirmDoseRequest. */
export const ConfirmDoseWire = z.object({
  holdId: z.string().min(1, 'is required').max(128),
  totpCode: z.string().regex(/^[0-9]{6}$/, 'must be 6 digits'),
  decision: z.enum(['CLINICIAN_DECISION_CONFIRM', 'CLINICIAN_DECISION_DECLINE'], { message: 'must be CONFIRM or DECLINE' }),
  note: z.string().max(200),
});

/** PredictAdherenceRequest. */
export const PredictAdherenceWire = z.object({ patientId: PatientId, asOfMs: z.number().int().nonnegative() });

/** SealedFrame. */
export const SealedFrameWire = z.object({
  deviceId: z.string().min(1, 'is required').max(256),
  counter: z.union([z.number().int().nonnegative(), z.string().regex(/^[0-9]{1,20}$/)]),
  nonce: z.instanceof(Uint8Array),
  ciphertext: z.instanceof(Uint8Array).refine((b) => b.length >= 16 && b.length <= 4096, 'must be 16..4096 bytes'),
});

const series = z.array(z.number().finite().min(0).max(10_000)).max(1440);
/** TelemetryWindow. */
export const TelemetryWindowWire = z.object({
  windowId: z.string().min(1, 'is required').max(128), patientId: PatientId, deviceId: z.string().max(64), endAtMs: z.number().int().nonnegative(),
  cgmMgDl: series, deliveredU: series, heartRateBpm: series, linePressureKpa: z.array(z.number().finite().min(-1000).max(10_000)).max(1440), commandedU: series,
});

/** WatchAlertsRequest. */
export const WatchAlertsWire = z.object({
  minSeverity: z.enum(['ALERT_SEVERITY_UNSPECIFIED', 'ALERT_SEVERITY_INFO', 'ALERT_SEVERITY_WARNING', 'ALERT_SEVERITY_CRITICAL']),
  patientIds: z.array(PatientId).max(1000),
});
