/**
 * Stage 1 — authenticity and freshness: the issuer is known and its tag verifies, the device and
 * patient are known and belong together, the per-device counter moves forward, the command is fresh,
 * and the device is within its rate limit. Any failure rejects; later stages never see the command.
 */
import type { GateCommand } from './canonical-command.js';
import { verifyCommandTag } from './canonical-command.js';
import { objection, pass, fmt, type StageFinding } from './reasons.js';

/** Freshness window of a command. */
export interface FreshnessOptions {
  /** Older than this (ms before now) is stale. */
  maxAgeMs: number;
  /** Further than this in the future is refused (clock skew allowance). */
  maxFutureSkewMs: number;
}

/** Published defaults: commands live 5 minutes; 30 s of clock skew. */
export const DEFAULT_FRESHNESS: FreshnessOptions = { maxAgeMs: 5 * 60_000, maxFutureSkewMs: 30_000 };

/** What stage 1 needs to know, looked up by the caller. */
export interface AuthenticityInput {
  command: GateCommand;
  nowMs: number;
  /** The issuer's 16-byte key, or null when the issuer is unknown. */
  issuerKey: Uint8Array | null;
  /** The device as provisioned, or null when unknown. */
  device: { patientId: string; kind: string } | null;
  patientKnown: boolean;
  /** Highest dose-command counter already accepted for the device (null: none yet). */
  lastCounter: number | null;
  /** Takes one token of the device's bucket; called only for authentic, fresh commands. */
  takeRateToken: () => boolean;
  freshness: FreshnessOptions;
  /** The command's canonical bytes, when the caller already has them. */
  canonicalBytes?: Uint8Array;
}

const DOSING_DEVICE_KINDS = new Set(['insulin-pump', 'infusion-pump']);

/**
 * Runs stage 1.
 * @returns ALLOW with no reasons, or REJECT with the first failing check. Never throws.
 */
export function checkAuthenticity(input: AuthenticityInput): StageFinding {
  const { command } = input;
  const none = pass();
  if (input.issuerKey === null) return objection(none, 'REJECT', 'REASON_UNKNOWN_ISSUER', `Issuer '${command.issuerId}' is not provisioned on this node.`);
  if (input.device === null || !DOSING_DEVICE_KINDS.has(input.device.kind)) {
    return objection(none, 'REJECT', 'REASON_UNKNOWN_DEVICE', `Device '${command.deviceId}' is not a provisioned pump.`);
  }
  if (!input.patientKnown) return objection(none, 'REJECT', 'REASON_UNKNOWN_PATIENT', 'The patient is not registered on this node.');
  if (input.device.patientId !== command.patientId) {
    return objection(none, 'REJECT', 'REASON_UNKNOWN_DEVICE', `Device '${command.deviceId}' is not assigned to this patient.`);
  }
  // The tag is checked before the counter, so forged commands cannot advance or probe the counter.
  if (!verifyCommandTag(command, input.issuerKey, input.canonicalBytes)) return objection(none, 'REJECT', 'REASON_BAD_AUTH_TAG', "The command's authentication tag does not verify for its issuer.");
  if (input.lastCounter !== null && command.counter <= input.lastCounter) {
    return objection(none, 'REJECT', 'REASON_REPLAYED_COUNTER', `Counter ${command.counter} is not above the last accepted counter ${input.lastCounter} for this pump.`);
  }
  const ageMs = input.nowMs - command.issuedAtMs;
  if (ageMs > input.freshness.maxAgeMs) return objection(none, 'REJECT', 'REASON_STALE_TIMESTAMP', `The command was issued ${fmt(ageMs / 1000)} s ago (limit ${fmt(input.freshness.maxAgeMs / 1000)} s).`);
  if (-ageMs > input.freshness.maxFutureSkewMs) return objection(none, 'REJECT', 'REASON_FUTURE_TIMESTAMP', `The command is dated ${fmt(-ageMs / 1000)} s in the future (limit ${fmt(input.freshness.maxFutureSkewMs / 1000)} s).`);
  if (!input.takeRateToken()) return objection(none, 'REJECT', 'REASON_RATE_LIMITED', 'Too many commands for this pump; rate limit exceeded.');
  return none;
}
