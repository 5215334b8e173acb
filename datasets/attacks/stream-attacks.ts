/**
 * Attacks on sensor and infusion streams: CGM spoofing (constant, replayed trace, offset drift, spikes),
 * an infusion rate entered ×10 (the decimal-point error, or an attacker exploiting it) and pillbox weight
 * spoofing that makes missed doses look taken. Values stay in the device's plausible range.
 */
import type { AttackType, PillboxEvent } from '../records.js';
import type { Random } from '../random.js';
import type { WorkingDay } from './attack-day.js';
import type { PlannedAttack } from './plan.js';

const MINUTE_MS = 60_000;
const clipCgm = (value: number) => Math.round(Math.min(400, Math.max(40, value)) * 10) / 10;

function labelOn(work: WorkingDay, attack: PlannedAttack, type: AttackType, deviceId: string, startMs: number, endMs: number, detail: string, commandIds: string[] = []): void {
  work.labels.push({ attackId: attack.attackId, type, patientId: work.source.profile.patientId, deviceId, startMs, endMs: Math.max(startMs, endMs), commandIds, detail });
}

/** Rewrites CGM readings in [startMs, endMs) with `value(reading, index)`; returns the first and last rewritten times. */
function rewriteCgm(work: WorkingDay, startMs: number, endMs: number, value: (glucose: number | null, timestampMs: number, index: number) => number | null): [number, number] | null {
  let first: number | null = null;
  let last = startMs;
  let index = 0;
  for (const reading of work.cgm) {
    if (reading.timestampMs < startMs || reading.timestampMs >= endMs) continue;
    reading.glucoseMgDl = value(reading.glucoseMgDl, reading.timestampMs, index++);
    first ??= reading.timestampMs;
    last = reading.timestampMs;
  }
  return first === null ? null : [first, last];
}

/** CGM spoofing of the given kind over 1–5 h starting at the planned time. */
export function cgmSpoof(work: WorkingDay, attack: PlannedAttack, random: Random, kind: 'constant' | 'replay' | 'drift' | 'spikes'): void {
  const { cgmDeviceId } = work.source.devices;
  const durationMs = random.int(60, 300) * MINUTE_MS;
  const startMs = attack.atMs;
  const endMs = startMs + durationMs;
  let detail: string;
  let window: [number, number] | null;
  if (kind === 'constant') {
    const value = Math.round(random.uniform(100, 150));
    window = rewriteCgm(work, startMs, endMs, () => value);
    detail = `constant ${value} mg/dL`;
  } else if (kind === 'replay') {
    // Replays the trace from 2–8 h earlier (same day), shifted to the current timestamps.
    // The lag is a whole number of sensor periods, so every replayed value lands on a sample time.
    const periodMs = Math.max(MINUTE_MS, (work.source.cgm[1]?.timestampMs ?? MINUTE_MS) - (work.source.cgm[0]?.timestampMs ?? 0));
    const wantedMs = Math.min(random.int(120, 480) * MINUTE_MS, startMs - work.source.dayStartMs);
    const lagMs = Math.floor(wantedMs / periodMs) * periodMs;
    const past = new Map(work.source.cgm.map((r) => [r.timestampMs, r.glucoseMgDl] as const));
    window = rewriteCgm(work, startMs, endMs, (glucose, t) => (lagMs > 0 ? past.get(t - lagMs) ?? glucose : glucose));
    detail = `trace replayed from ${(lagMs / MINUTE_MS).toFixed(0)} min earlier`;
  } else if (kind === 'drift') {
    const totalMgDl = (random.bernoulli(0.5) ? 1 : -1) * random.uniform(40, 90);
    window = rewriteCgm(work, startMs, endMs, (glucose, t) => (glucose === null ? null : clipCgm(glucose + (totalMgDl * (t - startMs)) / durationMs)));
    detail = `offset drifting to ${totalMgDl.toFixed(0)} mg/dL`;
  } else {
    const readings = work.cgm.filter((r) => r.timestampMs >= startMs && r.timestampMs < endMs);
    const spikes = new Set<number>();
    const wanted = Math.min(readings.length, random.int(3, 8));
    while (spikes.size < wanted) spikes.add(random.int(0, readings.length - 1));
    const times = new Set([...spikes].map((i) => readings[i]!.timestampMs));
    window = rewriteCgm(work, startMs, endMs, (glucose, t) => (glucose !== null && times.has(t) ? clipCgm(glucose + (random.bernoulli(0.5) ? 1 : -1) * random.uniform(60, 150)) : glucose));
    const spikeTimes = [...times].sort((a, b) => a - b);
    window = spikeTimes.length > 0 ? [spikeTimes[0]!, spikeTimes[spikeTimes.length - 1]!] : window;
    detail = `${times.size} spikes`;
  }
  const [first, last] = window ?? [startMs, endMs];
  labelOn(work, attack, `cgm-spoof-${kind}`, cgmDeviceId, first, last, detail);
}

/** An INFUSION_RATE order entered ×10 (dose and rate), and the channel runs ×10 until the next order. */
export function infusionRateTimesTen(work: WorkingDay, attack: PlannedAttack, random: Random): void {
  const deviceId = work.source.devices.infusionDeviceId;
  if (deviceId === undefined) return;
  const orders = work.commands.filter((c) => c.command.kind === 'INFUSION_RATE' && c.command.deviceId === deviceId && c.sequence.role === 'normal' && (c.command.infusion?.dose ?? 0) > 0);
  let target = orders[0];
  for (const c of orders) if (Math.abs(c.command.issuedAtMs - attack.atMs) < Math.abs(target!.command.issuedAtMs - attack.atMs)) target = c;
  if (target === undefined || target.command.infusion === undefined) return;
  const { infusion } = target.command;
  const original = { ...infusion };
  target.command.infusion = { ...infusion, dose: Number((infusion.dose * 10).toPrecision(4)), rateMlPerHour: Number((infusion.rateMlPerHour * 10).toFixed(2)) };
  target.command.units = target.command.infusion.dose;
  const startMs = target.command.issuedAtMs;
  const next = work.commands.find((c) => c.command.kind === 'INFUSION_RATE' && c.command.infusion?.drugId === infusion.drugId && c.command.issuedAtMs > startMs);
  const endMs = next?.command.issuedAtMs ?? work.source.dayStartMs + 1440 * MINUTE_MS;
  // The pump cannot run past its mechanism's maximum (999 mL/h).
  const factor = Math.min(10, 999 / Math.max(original.rateMlPerHour, 1e-9));
  let extraMl = 0;
  let last = startMs;
  for (const t of work.infusion) {
    if (t.drugId !== infusion.drugId || t.deviceId !== deviceId) continue;
    if (t.timestampMs >= startMs && t.timestampMs < endMs) {
      const added = t.measuredRateMlPerHour * (factor - 1);
      t.programmedRateMlPerHour = Number((t.programmedRateMlPerHour * factor).toFixed(3));
      t.measuredRateMlPerHour = Number((t.measuredRateMlPerHour + added).toFixed(3));
      extraMl += added / 60;
      last = t.timestampMs;
    }
    if (t.timestampMs >= startMs) t.volumeInfusedMl = Number((t.volumeInfusedMl + extraMl).toFixed(3));
  }
  void random;
  labelOn(work, attack, 'infusion-rate-x10', deviceId, startMs, last, `${infusion.drugId} ${original.dose} -> ${target.command.infusion.dose} ${original.doseUnit}`, [target.command.commandId]);
}

/** Fake removal sessions (lid, IR, weight) at missed doses' times, so the box reports them taken. */
export function pillboxWeightSpoof(work: WorkingDay, attack: PlannedAttack, random: Random): void {
  const { regimen } = work.source;
  const deviceId = work.source.devices.pillboxDeviceId;
  if (regimen === undefined || deviceId === undefined) return;
  const missed = (work.source.doseOutcomes ?? []).filter((o) => o.outcome === 'MISSED').map((o) => o.scheduledAtMs);
  const times = missed.length > 0 ? missed : [attack.atMs];
  const fake: PillboxEvent[] = [];
  for (const scheduledAtMs of times) {
    const t = scheduledAtMs + random.int(-20, 30) * MINUTE_MS + random.int(0, 59) * 1000;
    const base = { patientId: regimen.patientId, deviceId };
    fake.push({ ...base, timestampMs: t, kind: 'LID_OPEN', value: 0 });
    fake.push({ ...base, timestampMs: t + 3000, kind: 'IR_DETECT', value: 0 });
    fake.push({ ...base, timestampMs: t + 9000, kind: 'WEIGHT_CHANGE', value: Number((-regimen.pillMassMg + random.normal(0, 8)).toFixed(1)) });
    fake.push({ ...base, timestampMs: t + 25_000, kind: 'LID_CLOSE', value: 0 });
  }
  work.pillboxEvents.push(...fake);
  work.pillboxEvents.sort((a, b) => a.timestampMs - b.timestampMs);
  const stamps = fake.map((e) => e.timestampMs);
  labelOn(work, attack, 'pillbox-weight-spoof', deviceId, Math.min(...stamps), Math.max(...stamps), missed.length > 0 ? `${missed.length} missed doses reported as taken` : 'phantom removal');
}
