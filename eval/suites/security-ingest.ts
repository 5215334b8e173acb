/**
 * Device-frame drills against Ingest, from the real gateway certificate: tampered frames, replays
 * (a counter seen before, a captured frame older than the replay window), frames sealed with another
 * device's key, unknown devices, timestamps outside the skew and payloads the device may not send.
 * Each drill uses its own CGM (so per-device rate limits and bad-frame bursts do not mix) and one
 * Ingest call; a frame got through when the summary does not list it as refused.
 */
import type { Random } from '../../datasets/random.js';
import type { SealedFrame } from '../../proto/gen/vigil/v1/SealedFrame.js';
import { EdgeConfigSchema } from '../../edge-node/config.js';
import type { FramePayload } from '../../edge-node/ingest/frame-format.js';
import { sealedFrame } from '../../edge-node/testing/harness.js';
import type { SecurityNode, WardPatient } from './security-node.js';
import { ingest } from './security-requests.js';
import { DrillTally } from './security-tally.js';

const cgm = (timestampMs: number, glucoseMgDl = 120): FramePayload => ({ v: 1, type: 'cgm', timestampMs, glucoseMgDl });
const MINUTE_MS = 60_000;

/** CGM frames of one device with its own counter. */
class Device {
  #counter = 0n;
  constructor(readonly patient: WardPatient) {}
  get id(): string {
    return this.patient.cgmId;
  }
  /** @returns the next frame, correctly sealed, for `payload` (default a fresh reading). */
  frame(payload: FramePayload = cgm(Date.now()), counter: bigint = ++this.#counter): SealedFrame {
    if (counter > this.#counter) this.#counter = counter;
    return sealedFrame(this.id, this.patient.cgmKey, counter, payload);
  }
}

/**
 * Sends `frames` in one Ingest call and records each: refused when the summary lists it, accepted otherwise.
 * `track`: the store check looks for these frames (not for replays, whose originals are stored).
 * @returns how many were accepted.
 */
async function sendFrames(node: SecurityNode, tally: DrillTally | null, frames: readonly SealedFrame[], track = true): Promise<number> {
  const { summary, status } = await ingest(node.client(node.identities.gateway), frames);
  const refusals = new Map((summary?.rejections ?? []).map((r) => [`${r.deviceId}#${r.counter}`, r.reason]));
  let accepted = 0;
  for (const frame of frames) {
    const reason = status ?? refusals.get(`${frame.deviceId}#${Number(frame.counter)}`);
    if (!reason) accepted++;
    if (!tally) continue;
    if (track) tally.evidence.frames.push({ deviceId: frame.deviceId!, counter: String(frame.counter) });
    const ok = reason === undefined;
    tally.record(ok ? 'ACCEPTED' : reason, !ok); // a refused control frame counts as wrongly blocked
  }
  return accepted;
}

/** Flips one bit of a buffer at a seeded position. @returns the changed copy. */
function flip(bytes: Uint8Array, random: Random, from = 0, to = bytes.length): Buffer {
  const copy = Buffer.from(bytes);
  const at = random.int(from, to - 1);
  copy[at]! ^= 1 << random.int(0, 7);
  return copy;
}

/**
 * Runs the ingest drills, `attempts` frames each, plus the control.
 * @returns the tallies, control first. @throws Error when the ward has fewer than 8 patients.
 */
export async function ingestDrills(node: SecurityNode, attempts: number, random: Random): Promise<DrillTally[]> {
  if (node.ward.length < 8) throw new Error('the ingest drills need 8 ward patients');
  const [captureDevice, tamperDevice, windowDevice, victimDevice, keyDonor, clockDevice, typeDevice] = node.ward.slice(0, 7).map((p) => new Device(p)) as [Device, Device, Device, Device, Device, Device, Device];

  const control = new DrillTally('ingest-control', 'ingest', 'control', 'Fresh frames sealed with the device\'s own key', 'accepted');
  const captured = Array.from({ length: attempts }, () => captureDevice.frame());
  await sendFrames(node, control, captured);

  const tampered = new DrillTally('frame-tampered', 'ingest', 'attack', 'One bit flipped in the ciphertext, the tag, the nonce or the counter', 'FRAME_REJECTION_BAD_TAG');
  const tamperedFrames = Array.from({ length: attempts }, (_, i) => {
    const frame = tamperDevice.frame();
    const sealed = frame.ciphertext as Buffer;
    switch (i % 4) {
      case 0: return { ...frame, ciphertext: flip(sealed, random, 0, sealed.length - 16) };
      case 1: return { ...frame, ciphertext: flip(sealed, random, sealed.length - 16) };
      case 2: return { ...frame, nonce: flip(frame.nonce as Buffer, random) };
      default: return { ...frame, counter: (BigInt(String(frame.counter)) + 100_000n + BigInt(i)).toString() };
    }
  });
  await sendFrames(node, tampered, tamperedFrames);

  const replayed = new DrillTally('frame-replayed', 'ingest', 'attack', 'Frames the node already accepted, re-sent verbatim (counter reuse)', 'FRAME_REJECTION_REPLAYED_COUNTER');
  await sendFrames(node, replayed, captured, false); // events are unique per (device, counter): the reply tells

  const outOfWindow = new DrillTally('frame-out-of-window', 'ingest', 'attack', 'Captured frames released after the device moved 5,000 counters on (older than the 1,024-counter window)', 'FRAME_REJECTION_COUNTER_OUT_OF_WINDOW');
  const old = Array.from({ length: attempts }, () => windowDevice.frame());
  const later = windowDevice.frame(cgm(Date.now()), 5_000n + BigInt(attempts));
  const setupAccepted = await sendFrames(node, null, [later]);
  if (setupAccepted !== 1) outOfWindow.note('The device\'s newer frame was not accepted; the drill is weaker for it.');
  await sendFrames(node, outOfWindow, old);

  const wrongKey = new DrillTally('frame-wrong-key', 'ingest', 'attack', 'Sealed with another provisioned device\'s key (a compromised CGM impersonating this one)', 'FRAME_REJECTION_BAD_TAG');
  let victimCounter = 0n;
  await sendFrames(node, wrongKey, Array.from({ length: attempts }, () => sealedFrame(victimDevice.id, keyDonor.patient.cgmKey, ++victimCounter, cgm(Date.now(), 40))));

  const unknown = new DrillTally('frame-unknown-device', 'ingest', 'attack', 'Claiming devices that were never provisioned (a new id each time)', 'FRAME_REJECTION_UNKNOWN_DEVICE');
  const probes = Math.max(attempts, EdgeConfigSchema.parse({}).ingest.badFrameBurst.threshold); // enough to make a burst
  await sendFrames(node, unknown, Array.from({ length: probes }, (_, i) => sealedFrame(`cgm-${random.hex(4)}`, keyDonor.patient.cgmKey, BigInt(i + 1), cgm(Date.now()))));
  unknown.note('Each frame claims a different unknown id; unknown ids share one bad-frame burst count, so the probing should raise one alert with no device (see the alerts table).');

  const skew = new DrillTally('frame-timestamp-skew', 'ingest', 'attack', 'Correctly sealed, timestamped more than 30 min in the past or the future', 'FRAME_REJECTION_STALE_TIMESTAMP');
  await sendFrames(node, skew, Array.from({ length: attempts }, (_, i) => clockDevice.frame(cgm(Date.now() + (i % 2 === 0 ? -1 : 1) * (31 + i * 7) * MINUTE_MS))));

  const wrongType = new DrillTally('frame-wrong-type', 'ingest', 'attack', 'Correctly sealed insulin-delivery (pump) reading from a CGM', 'FRAME_REJECTION_MALFORMED');
  await sendFrames(node, wrongType, Array.from({ length: attempts }, (_, i) => typeDevice.frame({ v: 1, type: 'pump', timestampMs: Date.now(), deliveredU: 5, reservoirU: 100, occlusionPressureKpa: 10, doseCounter: i })));

  return [control, tampered, replayed, outOfWindow, wrongKey, unknown, skew, wrongType];
}
