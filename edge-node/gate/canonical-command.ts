/**
 * The dose command as the gate sees it, and its canonical encoding: the exact bytes an issuer's
 * Ascon-AEAD128 tag covers (`DoseCommand.auth_tag`). Binary and fixed-order so any language can
 * produce it without a JSON canonicaliser:
 *
 * ```
 * "VIGIL-DOSE-v1"                       13 ASCII bytes
 * str commandId, patientId, deviceId, issuerId   (str = uint16_be length ‖ UTF-8)
 * uint64_be counter, uint64_be issuedAtMs
 * uint8 kind (the proto DoseKind number: BOLUS 1 … INFUSION_BOLUS 6)
 * float64_be units, uint32_be durationMinutes
 * uint8 hasInfusion; when 1: str drugId, str careArea, float64_be dose, str doseUnit, float64_be rateMlPerHour
 * ```
 * tag = Ascon-AEAD128(key_issuer, auth_nonce, plaintext = ∅, associated data = these bytes).
 */
import { DOSE_KINDS, type DoseCommand as DoseCommandRecord } from '../../datasets/records.js';
import { asconTag, verifyAsconTag } from '../crypto/ascon-tag.js';

/** A dose command with its authentication fields (validated at the service boundary). */
export interface GateCommand extends DoseCommandRecord {
  /** 16-byte nonce of the issuer's tag. */
  authNonce: Uint8Array;
  /** 16-byte Ascon-AEAD128 tag over {@link canonicalCommandBytes}. */
  authTag: Uint8Array;
}

const ENCODER = new TextEncoder();
const DOMAIN = ENCODER.encode('VIGIL-DOSE-v1');

class ByteWriter {
  #buf = new Uint8Array(256);
  #view = new DataView(this.#buf.buffer);
  #len = 0;

  reset(): void {
    this.#len = 0;
  }
  #ensure(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + n));
    next.set(this.#buf);
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }
  bytes(b: Uint8Array): void {
    this.#ensure(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }
  str(s: string): void {
    // At most 3 UTF-8 bytes per UTF-16 unit: encode in place after the length, then fill the length in.
    this.#ensure(2 + 3 * s.length);
    const n = ENCODER.encodeInto(s, this.#buf.subarray(this.#len + 2)).written;
    if (n > 0xffff) throw new RangeError('string too long for the canonical encoding');
    this.#view.setUint16(this.#len, n);
    this.#len += 2 + n;
  }
  u8(v: number): void { this.#ensure(1); this.#view.setUint8(this.#len, v); this.#len += 1; }
  u16(v: number): void { this.#ensure(2); this.#view.setUint16(this.#len, v); this.#len += 2; }
  u32(v: number): void { this.#ensure(4); this.#view.setUint32(this.#len, v); this.#len += 4; }
  u64(v: number): void { this.#ensure(8); this.#view.setBigUint64(this.#len, BigInt(v)); this.#len += 8; }
  f64(v: number): void { this.#ensure(8); this.#view.setFloat64(this.#len, v); this.#len += 8; }
  done(): Uint8Array { return this.#buf.slice(0, this.#len); }
}

const WRITER = new ByteWriter();

/**
 * Encodes the fields a tag covers, in the documented order.
 * @returns the canonical bytes. @throws RangeError when a counter or time is negative or a string exceeds 65,535 bytes.
 */
export function canonicalCommandBytes(command: DoseCommandRecord): Uint8Array {
  const w = WRITER; // synchronous from reset to done(), which copies: one buffer serves every call
  w.reset();
  w.bytes(DOMAIN);
  w.str(command.commandId);
  w.str(command.patientId);
  w.str(command.deviceId);
  w.str(command.issuerId);
  w.u64(command.counter);
  w.u64(command.issuedAtMs);
  w.u8(DOSE_KINDS.indexOf(command.kind) + 1);
  w.f64(command.units);
  w.u32(command.durationMinutes);
  if (command.infusion) {
    w.u8(1);
    w.str(command.infusion.drugId);
    w.str(command.infusion.careArea);
    w.f64(command.infusion.dose);
    w.str(command.infusion.doseUnit);
    w.f64(command.infusion.rateMlPerHour);
  } else {
    w.u8(0);
  }
  return w.done();
}

/**
 * Signs a command as an issuer would (gateways, simulators and tests use it).
 * @returns the 16-byte tag. @throws InvalidArgumentError when the key or nonce is not 16 bytes.
 */
export function signCommand(command: DoseCommandRecord, issuerKey: Uint8Array, nonce: Uint8Array): Uint8Array {
  return asconTag(issuerKey, nonce, canonicalCommandBytes(command));
}

/**
 * @returns true when the command's tag verifies under the issuer's key. Never throws for a bad tag or nonce.
 * `canonical` is the command's {@link canonicalCommandBytes} when the caller already encoded them.
 */
export function verifyCommandTag(command: GateCommand, issuerKey: Uint8Array, canonical: Uint8Array = canonicalCommandBytes(command)): boolean {
  return verifyAsconTag(issuerKey, command.authNonce, canonical, command.authTag);
}
