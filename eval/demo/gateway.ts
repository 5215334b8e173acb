/**
 * A simulated gateway: replays one recorded day of a site through the real Scoring API over mTLS —
 * device frames sealed with each device's Ascon key (Ingest), dose commands tagged with the issuer's key
 * (GateDose), then adherence predictions — in virtual time, so the edge node sees a day at `speed`×.
 */
import { randomBytes } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { sealDeviceFrame } from '../../common/crypto/ascon/index.js';
import { createClient, loadProtos } from '../../common/grpc/index.js';
import type { TlsIdentity } from '../../common/pki/index.js';
import { readRecords, STREAM_SCHEMAS } from '../../datasets/loaders.js';
import type { AttackLabel, DoseCommand } from '../../datasets/records.js';
import { encodeFramePayload, signCommand, type FramePayload } from '../../edge-node/index.js';
import type { ScoringClient } from '../../proto/gen/vigil/v1/Scoring.js';
import type { GateVerdict__Output } from '../../proto/gen/vigil/v1/GateVerdict.js';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

/** Maps real time to the day being replayed. */
export interface VirtualClock {
  virtualStartMs: number;
  realStartMs: number;
  speed: number;
}

/** @returns the virtual time now. */
export function virtualNow(clock: VirtualClock, realMs = Date.now()): number {
  return clock.virtualStartMs + (realMs - clock.realStartMs) * clock.speed;
}

/** What happened to each class of command. */
export interface ReplayStats {
  site: string;
  commands: number;
  /** DUPLICATE: the node recognised a replayed command id and did not deliver it again. */
  byClass: Record<string, { total: number; ALLOW: number; HOLD: number; REJECT: number; DUPLICATE: number; errors: number }>;
  framesSent: number;
  framesAccepted: number;
  framesRejected: number;
  gateLatencyMs: number[];
  /** Reason codes of held or rejected commands, by command class. */
  reasons: Record<string, Record<string, number>>;
  adherence: { patients: number; alerts: number; meanPMiss: number };
}

async function readDay<N extends keyof typeof STREAM_SCHEMAS>(dir: string, stream: N, fromMs: number, toMs: number, time: (r: never) => number): Promise<Array<import('zod').output<(typeof STREAM_SCHEMAS)[N]>>> {
  const file = join(dir, `${stream}.jsonl`);
  if (!existsSync(file)) return [];
  const out: Array<import('zod').output<(typeof STREAM_SCHEMAS)[N]>> = [];
  for await (const record of readRecords(file, STREAM_SCHEMAS[stream])) {
    const t = time(record as never);
    if (t >= fromMs && t < toMs) out.push(record as import('zod').output<(typeof STREAM_SCHEMAS)[N]>);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * Replays [fromMs, toMs) of a site directory against an edge node.
 * @returns verdicts per command class (normal, or the attack type from the labels), frame counts, latencies.
 */
export async function replaySiteDay(options: { site: string; siteDir: string; address: string; tls: TlsIdentity; issuerKeys: ReadonlyMap<string, Buffer>; fromMs: number; toMs: number; clock: VirtualClock }): Promise<ReplayStats> {
  const { siteDir } = options;
  const [commands, cgm, pillbox, devices, labels, regimens, carbs] = await Promise.all([
    readDay(siteDir, 'commands', options.fromMs, options.toMs, (c: DoseCommand) => c.issuedAtMs),
    readDay(siteDir, 'cgm', options.fromMs, options.toMs, (r: { timestampMs: number }) => r.timestampMs),
    readDay(siteDir, 'pillbox-events', options.fromMs, options.toMs, (r: { timestampMs: number }) => r.timestampMs),
    readDay(siteDir, 'devices', -Infinity, Infinity, () => 0),
    readDay(siteDir, 'labels', -Infinity, Infinity, () => 0),
    readDay(siteDir, 'regimens', -Infinity, Infinity, () => 0),
    readDay(siteDir, 'carbs', options.fromMs, options.toMs, (r: { timestampMs: number }) => r.timestampMs),
  ]);
  const classOf = new Map<string, string>();
  const wrongKey = new Set<string>();
  for (const label of labels as AttackLabel[]) for (const id of label.commandIds) {
    classOf.set(id, label.type);
    if (label.type === 'forged-command' && label.detail.includes('wrong-key')) wrongKey.add(id);
  }
  const deviceKeys = new Map(devices.map((d) => [d.deviceId, Buffer.from(d.asconKeyHex, 'hex')]));
  const client: ScoringClient = createClient(loadProtos().scoring.Scoring, options.address, { tls: options.tls, expectedServerRole: 'edge', defaultDeadlineMs: 10_000 });
  const stats: ReplayStats = { site: options.site, commands: commands.length, byClass: {}, framesSent: 0, framesAccepted: 0, framesRejected: 0, gateLatencyMs: [], reasons: {}, adherence: { patients: 0, alerts: 0, meanPMiss: 0 } };
  const counters = new Map<string, number>();
  // One stream for the whole day: it needs a deadline longer than the client's default.
  const ingest = client.ingest({ deadline: Date.now() + 15 * 60_000 }, (error, summary) => {
    if (!error && summary) {
      stats.framesAccepted = summary.accepted;
      stats.framesRejected = summary.rejected;
    }
  });
  const ingestDone = new Promise<void>((resolve) => ingest.on('status', () => resolve()));
  const sendFrame = (deviceId: string, payload: FramePayload) => {
    const key = deviceKeys.get(deviceId);
    if (!key) return;
    const counter = (counters.get(deviceId) ?? 0) + 1;
    counters.set(deviceId, counter);
    const nonce = randomBytes(16);
    ingest.write({ deviceId, counter, nonce, ciphertext: Buffer.from(sealDeviceFrame(key, nonce, encodeFramePayload(payload), { deviceId, counter: BigInt(counter) })) });
    stats.framesSent++;
  };
  type Event = { t: number; run: () => Promise<void> | void };
  const pending: Promise<void>[] = [];
  const seen = new Set<string>();
  const events: Event[] = [
    ...cgm.map((r) => ({ t: r.timestampMs, run: () => sendFrame(r.deviceId, { v: 1, type: 'cgm', timestampMs: r.timestampMs, glucoseMgDl: r.glucoseMgDl }) })),
    // The app announces carbs a couple of minutes before the patient confirms the bolus.
    ...carbs.map((c) => ({ t: c.timestampMs - 120_000, run: () => sendFrame(c.deviceId, { v: 1, type: 'carbs', timestampMs: c.timestampMs, carbsG: c.carbsG }) })),
    ...pillbox.map((e) => ({ t: e.timestampMs, run: () => sendFrame(e.deviceId, { v: 1, type: 'pillbox', timestampMs: e.timestampMs, kind: e.kind, value: e.value }) })),
    ...commands.map((c) => ({ t: c.issuedAtMs, run: () => {
      // A replay attack re-sends a recorded command verbatim: its first occurrence is the genuine one.
      const label = classOf.get(c.commandId);
      const commandClass = label === 'replayed-command' && !seen.has(c.commandId) ? 'normal' : (label ?? 'normal');
      seen.add(c.commandId);
      pending.push(gate(client, c, commandClass, wrongKey.has(c.commandId) ? randomBytes(16) : options.issuerKeys.get(c.issuerId), stats));
    } })),
  ].sort((a, b) => a.t - b.t);
  for (const event of events) {
    const wait = (event.t - virtualNow(options.clock)) / options.clock.speed;
    if (wait > 5) await sleep(wait);
    await event.run();
    if (pending.length > 64) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  ingest.end();
  await ingestDone;
  for (const regimen of regimens) {
    const prediction = await new Promise<{ pMissNextDose: number; alertRaised: boolean } | null>((resolve) =>
      client.predictAdherence({ patientId: regimen.patientId, asOfMs: Math.round(virtualNow(options.clock)) }, (error: grpc.ServiceError | null, value?: { pMissNextDose: number; alertRaised: boolean }) => resolve(error ? null : (value ?? null))),
    );
    if (!prediction) continue;
    stats.adherence.patients++;
    stats.adherence.meanPMiss += prediction.pMissNextDose;
    if (prediction.alertRaised) stats.adherence.alerts++;
  }
  if (stats.adherence.patients > 0) stats.adherence.meanPMiss /= stats.adherence.patients;
  client.close();
  return stats;
}

function gate(client: ScoringClient, command: DoseCommand, commandClass: string, key: Buffer | undefined, stats: ReplayStats): Promise<void> {
  const nonce = randomBytes(16);
  const tag = key ? signCommand(command, key, nonce) : randomBytes(16);
  const entry = (stats.byClass[commandClass] ??= { total: 0, ALLOW: 0, HOLD: 0, REJECT: 0, DUPLICATE: 0, errors: 0 });
  entry.total++;
  const started = performance.now();
  const request = {
    commandId: command.commandId, patientId: command.patientId, deviceId: command.deviceId, issuerId: command.issuerId, counter: command.counter,
    issuedAtMs: command.issuedAtMs, kind: `DOSE_KIND_${command.kind}` as const, units: command.units, durationMinutes: command.durationMinutes,
    ...(command.infusion ? { infusion: command.infusion } : {}), authNonce: nonce, authTag: Buffer.from(tag),
  };
  return new Promise((resolve) => {
    client.gateDose(request, (error: grpc.ServiceError | null, verdict?: GateVerdict__Output) => {
      stats.gateLatencyMs.push(performance.now() - started);
      if (error || !verdict) {
        entry.errors++;
        return resolve();
      }
      if (verdict.reasons.some((r) => r.code === 'REASON_DUPLICATE_COMMAND' || r.code === 'REASON_REPLAYED_COUNTER')) entry.DUPLICATE++;
      else if (verdict.verdict === 'VERDICT_ALLOW') entry.ALLOW++;
      else if (verdict.verdict === 'VERDICT_HOLD') entry.HOLD++;
      else entry.REJECT++;
      if (verdict.verdict !== 'VERDICT_ALLOW') {
        const byReason = (stats.reasons[commandClass] ??= {});
        for (const r of verdict.reasons) if (r.code !== 'REASON_MODEL_UNAVAILABLE') byReason[r.code] = (byReason[r.code] ?? 0) + 1;
      }
      resolve();
    });
  });
}
