import { z } from 'zod';
import { InvalidArgumentError, zodViolations } from '../errors/index.js';
import { canonicalJson, CanonicalJsonError } from './canonical-json.js';

/**
 * Audit-log entries: a type tag, a time and a JSON payload validated per type. Payloads keep the
 * listed fields required and accept any extra JSON fields, so components can add context freely.
 *
 * Canonical bytes (what the leaf hash covers):
 *   UTF-8(type) ‖ 0x0A ‖ UTF-8(canonicalJson({ "atMs": <integer ms since epoch>, "data": <payload> }))
 */

const json = z.json();
const id = z.string().min(1).max(256);
const open = <T extends z.ZodRawShape>(shape: T) => z.object(shape).catchall(json);

/** Payload schemas, one per entry type. */
export const ENTRY_SCHEMAS = {
  /** A dose-gate decision. */
  verdict: open({
    commandId: id,
    deviceId: id,
    patientId: id,
    verdict: z.enum(['ALLOW', 'HOLD', 'REJECT']),
    reasons: z.array(z.string()),
    modelVersion: z.string().nullable().optional(),
    anomalyScore: z.number().nullable().optional(),
    threshold: z.number().nullable().optional(),
  }),
  /** A clinician confirming or cancelling a held command. */
  override: open({ commandId: id, clinicianId: id, decision: z.enum(['CONFIRM', 'CANCEL']), reason: z.string() }),
  /** An alert raised to people (anomaly burst, SUSPEND recommendation, adherence risk). */
  alert: open({ alertId: id, kind: id, severity: z.enum(['info', 'warning', 'critical']), message: z.string() }),
  /** A model promoted, kept or rolled back on a node. */
  deployment: open({ nodeId: id, model: id, version: id, action: z.enum(['promote', 'keep', 'rollback']) }),
  /** A federated round and its participants. */
  round: open({ roundId: id, model: id, status: z.enum(['opened', 'completed', 'failed', 'cancelled']), participants: z.array(id) }),
  /** A key created, rotated or revoked (fingerprints only, never key material). */
  key_change: open({ keyId: id, purpose: id, action: z.enum(['created', 'rotated', 'revoked']), fingerprint: z.string().optional() }),
  /** A configuration change: what changed and its digest. */
  config_change: open({ component: id, changedBy: id, digest: z.string(), summary: z.string().optional() }),
} as const;

/** The closed set of entry types. */
export type EntryType = keyof typeof ENTRY_SCHEMAS;

/** Every entry type, in a stable order. */
export const ENTRY_TYPES = Object.keys(ENTRY_SCHEMAS) as EntryType[];

/** The payload of an entry of type `T`. */
export type EntryData<T extends EntryType> = z.input<(typeof ENTRY_SCHEMAS)[T]>;

/** An entry to append: type, payload and optionally its time (defaults to the log's clock). */
export type AuditEntryInput = { [T in EntryType]: { type: T; data: EntryData<T>; atMs?: number } }[EntryType];

/** An entry as stored: its validated fields and its canonical bytes. */
export interface AuditEntry {
  type: EntryType;
  atMs: number;
  data: Record<string, unknown>;
  bytes: Buffer;
}

const isEntryType = (t: string): t is EntryType => Object.hasOwn(ENTRY_SCHEMAS, t);

/**
 * Validates and encodes an entry.
 * @returns the entry with its canonical bytes.
 * @throws InvalidArgumentError naming the offending field (unknown type, bad payload, bad time, non-JSON value).
 */
export function encodeEntry(input: { type: string; data: unknown; atMs: number }): AuditEntry {
  if (!isEntryType(input.type)) throw new InvalidArgumentError([{ field: 'type', description: `unknown entry type '${input.type}' (known: ${ENTRY_TYPES.join(', ')})` }]);
  if (!Number.isSafeInteger(input.atMs) || input.atMs < 0) throw new InvalidArgumentError([{ field: 'atMs', description: 'must be a non-negative integer (ms since epoch)' }]);
  const parsed = ENTRY_SCHEMAS[input.type].safeParse(input.data);
  if (!parsed.success) {
    throw new InvalidArgumentError(zodViolations(parsed.error).map((v) => ({ ...v, field: v.field ? `data.${v.field}` : 'data' })));
  }
  let body: string;
  try {
    body = canonicalJson({ atMs: input.atMs, data: parsed.data });
  } catch (error) {
    if (error instanceof CanonicalJsonError) throw new InvalidArgumentError([{ field: 'data', description: error.message }]);
    throw error;
  }
  const bytes = Buffer.from(`${input.type}\n${body}`, 'utf8');
  return { type: input.type, atMs: input.atMs, data: parsed.data as Record<string, unknown>, bytes };
}

/** Result of decoding stored bytes: the entry, or why the bytes are not a canonical entry. */
export type DecodedEntry = { ok: true; entry: AuditEntry } | { ok: false; reason: string };

/**
 * Decodes stored entry bytes and checks they are exactly the canonical encoding of a valid entry.
 * @returns the entry, or a reason. Never throws.
 */
export function decodeEntry(bytes: Uint8Array): DecodedEntry {
  const text = Buffer.from(bytes).toString('utf8');
  const newline = text.indexOf('\n');
  if (newline < 0) return { ok: false, reason: 'no type tag' };
  const type = text.slice(0, newline);
  let body: unknown;
  try {
    body = JSON.parse(text.slice(newline + 1));
  } catch {
    return { ok: false, reason: 'payload is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'payload is not an object' };
  const { atMs, data, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return { ok: false, reason: `unexpected fields ${Object.keys(rest).join(', ')}` };
  try {
    const entry = encodeEntry({ type, data, atMs: atMs as number });
    if (!entry.bytes.equals(Buffer.from(bytes))) return { ok: false, reason: 'bytes are not in canonical form' };
    return { ok: true, entry };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
