import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../common/ledger/index.js';
import { silentLogger } from '../common/log/index.js';
import type { Alert__Output } from '../proto/gen/vigil/v1/Alert.js';
import type { ConfirmDoseResponse__Output } from '../proto/gen/vigil/v1/ConfirmDoseResponse.js';
import type { GateVerdict__Output } from '../proto/gen/vigil/v1/GateVerdict.js';
import type { IngestSummary__Output } from '../proto/gen/vigil/v1/IngestSummary.js';
import type { ScoringClient } from '../proto/gen/vigil/v1/Scoring.js';
import type { DoseCommand } from '../proto/gen/vigil/v1/DoseCommand.js';
import type { SealedFrame } from '../proto/gen/vigil/v1/SealedFrame.js';
import { startEdgeNode, edgePaths, type RunningEdgeNode } from '../edge-node/main.js';
import { newTotpSecret, totpCode } from '../edge-node/holds/totp.js';
import { EdgeStore } from '../edge-node/store/edge-store.js';
import { CGM_KEY, PUMP_KEY, call, createHarness, scoringClient, sealedFrame, wireCommand, type Harness } from '../edge-node/testing/harness.js';
import type { DoseCommand as DoseRecord } from '../datasets/records.js';

let h: Harness;
let node: RunningEdgeNode;
let gw: ScoringClient;
let cgmCounter = 1n;
/** Short enough for the test to wait out. */
const LOCKOUT = { maxFailures: 4, baseLockoutMs: 1_500, maxLockoutMs: 60_000 };

const gate = (c: DoseCommand) => call<GateVerdict__Output>((cb) => gw.gateDose(c, cb));
const codes = (v: GateVerdict__Output | undefined) => v?.reasons.map((r) => r.code) ?? [];
const confirm = (client: ScoringClient, holdId: string, totpCode: string, decision = 'CLINICIAN_DECISION_CONFIRM') =>
  call<ConfirmDoseResponse__Output>((cb) => client.confirmDose({ holdId, totpCode, decision: decision as 'CLINICIAN_DECISION_CONFIRM', note: 'checked' }, cb));

/** Subscribes to alerts (at or above `minSeverity`) and waits until the subscription is in place. */
async function watchAlerts(client: ScoringClient, minSeverity: 'ALERT_SEVERITY_WARNING' | 'ALERT_SEVERITY_CRITICAL'): Promise<{ alerts: Alert__Output[]; watch: grpc.ClientReadableStream<Alert__Output> }> {
  const alerts: Alert__Output[] = [];
  const watch = client.watchAlerts({ minSeverity, patientIds: [] });
  watch.on('data', (a: Alert__Output) => alerts.push(a));
  watch.on('error', () => undefined);
  await new Promise((r) => setTimeout(r, 200));
  return { alerts, watch };
}

function ingest(frames: SealedFrame[]): Promise<{ error: grpc.ServiceError | null; value: IngestSummary__Output | undefined }> {
  return new Promise((resolve) => {
    const stream = gw.ingest((error, value) => resolve({ error, value }));
    for (const f of frames) stream.write(f);
    stream.end();
  });
}

/** Feeds flat CGM at `mgDl` for the last 20 minutes (and carbs), so insulin has context. */
async function feedGlucose(mgDl: number, carbsG = 0): Promise<void> {
  const now = Date.now();
  const frames = [0, 5, 10, 15, 20].map((ago) => sealedFrame('cgm-1', CGM_KEY, cgmCounter++, { v: 1, type: 'cgm', timestampMs: now - ago * 60_000 + 1, glucoseMgDl: mgDl }));
  if (carbsG > 0) frames.push(sealedFrame('pump-1', PUMP_KEY, cgmCounter++, { v: 1, type: 'carbs', timestampMs: now, carbsG }));
  const { value } = await ingest(frames);
  expect(value?.accepted).toBe(frames.length);
}

beforeAll(async () => {
  h = await createHarness({ gate: { rateLimit: { capacity: 40, refillPerSecond: 1 }, anomalyBurst: { threshold: 3, windowMs: 600_000, cooldownMs: 600_000 }, totpLockout: LOCKOUT } });
  node = await startEdgeNode(h.config, silentLogger());
  gw = scoringClient(h, node.port);
});

afterAll(async () => {
  gw?.close();
  await node?.stop(500);
  h?.cleanup();
});

describe('Scoring over mTLS', () => {
  it('allows a meal bolus with context, rules only, with a durable audit reference', async () => {
    await feedGlucose(150, 40);
    const { error, value } = await gate(wireCommand({ units: 2 }));
    expect(error).toBeNull();
    expect(value).toMatchObject({ verdict: 'VERDICT_ALLOW', modelStatus: 'MODEL_STATUS_RULES_ONLY_NO_MODEL', modelVersion: '' });
    expect(codes(value)).toEqual(['REASON_MODEL_UNAVAILABLE']);
    expect(value?.audit?.leafHashHex).toMatch(/^[0-9a-f]{64}$/);
    expect(node.audit.size).toBeGreaterThan(value!.audit!.index);
  });

  it('answers the same command id with the same verdict, and a reused id with other content with DUPLICATE_COMMAND', async () => {
    const command = wireCommand({ units: 1 });
    const [a, b] = await Promise.all([gate(command), gate(command)]);
    const c = await gate(command);
    expect(b.value).toEqual(a.value);
    expect(c.value?.verdict).toBe(a.value?.verdict);
    expect(c.value?.audit?.index).toBe(a.value?.audit?.index);
    const other = wireCommand({ commandId: command.commandId!, units: 3 });
    const d = await gate(other);
    expect(d.value?.verdict).toBe('VERDICT_REJECT');
    expect(codes(d.value)).toEqual(['REASON_DUPLICATE_COMMAND']);
  });

  describe('attack catalogue, hand-built (datasets attack injection has not landed)', () => {
    const cases: [string, () => DoseCommand, string, string][] = [
      ['bolus-tamper-outside-limits', () => wireCommand({ units: 40 }), 'VERDICT_REJECT', 'REASON_BOLUS_ABOVE_MAX'],
      ['basal-manipulation-sudden', () => wireCommand({ kind: 'BASAL_RATE', units: 15 }), 'VERDICT_REJECT', 'REASON_BASAL_ABOVE_MAX'],
      ['basal-manipulation-drift (temp basal above max safe)', () => wireCommand({ kind: 'TEMP_BASAL', units: 5, durationMinutes: 60 }), 'VERDICT_REJECT', 'REASON_TEMP_BASAL_ABOVE_MAX_SAFE'],
      ['forged-command', () => wireCommand({ units: 1 }, new Uint8Array(16).fill(9)), 'VERDICT_REJECT', 'REASON_BAD_AUTH_TAG'],
      ['unknown issuer', () => wireCommand({ issuerId: 'rogue' }), 'VERDICT_REJECT', 'REASON_UNKNOWN_ISSUER'],
      ['unknown patient', () => wireCommand({ patientId: 'p-ffffffff' }), 'VERDICT_REJECT', 'REASON_UNKNOWN_PATIENT'],
      ['unknown device', () => wireCommand({ deviceId: 'pump-x' }), 'VERDICT_REJECT', 'REASON_UNKNOWN_DEVICE'],
      ['stale command', () => wireCommand({ issuedAtMs: Date.now() - 10 * 60_000 }), 'VERDICT_REJECT', 'REASON_STALE_TIMESTAMP'],
      ['infusion-rate-x10', () => wireCommand({ deviceId: 'infusion-1', kind: 'INFUSION_RATE', units: 0, infusion: { drugId: 'insulin-regular-iv', careArea: 'icu', dose: 50, doseUnit: 'unit/h', rateMlPerHour: 50 } }), 'VERDICT_REJECT', 'REASON_DRUG_HARD_LIMIT'],
      ['infusion wrong units', () => wireCommand({ deviceId: 'infusion-1', kind: 'INFUSION_RATE', units: 0, infusion: { drugId: 'insulin-regular-iv', careArea: 'icu', dose: 5, doseUnit: 'mg/h', rateMlPerHour: 5 } }), 'VERDICT_REJECT', 'REASON_DRUG_HARD_LIMIT'],
    ];
    it.each(cases)('%s → %s', async (_name, make, verdict, code) => {
      const { value, error } = await gate(make());
      expect(error).toBeNull();
      expect(value?.verdict).toBe(verdict);
      expect(codes(value)).toContain(code);
    });

    it('infusion-rate-x10 inside the library: ×10 the running order is held (the running order comes from delivered commands)', async () => {
      const order = (dose: number) => wireCommand({ deviceId: 'infusion-1', kind: 'INFUSION_RATE', units: 0, infusion: { drugId: 'insulin-regular-iv', careArea: 'icu', dose, doseUnit: 'unit/h', rateMlPerHour: dose } });
      expect((await gate(order(1))).value?.verdict).toBe('VERDICT_ALLOW');
      const { value } = await gate(order(10));
      expect(value?.verdict).toBe('VERDICT_HOLD');
      expect(codes(value)).toContain('REASON_INFUSION_RATE_STEP');
    });

    it('bolus-tamper-inside-limits: a bolus within the maximum but far beyond the context is held or rejected', async () => {
      const { value } = await gate(wireCommand({ units: 9 }));
      expect(['VERDICT_HOLD', 'VERDICT_REJECT']).toContain(value?.verdict);
      expect(codes(value).some((c) => c === 'REASON_PREDICTED_HYPOGLYCAEMIA' || c === 'REASON_INSULIN_ON_BOARD_ABOVE_MAX')).toBe(true);
    });

    it('command-flood: past the per-pump bucket, commands are rate limited, and the flood raises an anomaly burst', async () => {
      const clinician = scoringClient(h, node.port, 'clinician', 'clin-001');
      const { alerts, watch } = await watchAlerts(clinician, 'ALERT_SEVERITY_WARNING');
      const results = await Promise.all(Array.from({ length: 45 }, () => gate(wireCommand({ deviceId: 'pump-3', units: 0.1 }))));
      const limited = results.filter((r) => codes(r.value).includes('REASON_RATE_LIMITED'));
      expect(limited.length).toBeGreaterThanOrEqual(3);
      expect(limited.at(-1)?.value?.suspendRecommended).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(alerts.some((a) => a.kind === 'ALERT_KIND_ANOMALY_BURST' && a.deviceId === 'pump-3')).toBe(true);
      watch.cancel();
      clinician.close();
    });

    it('replayed-command: a captured command re-sent under a new id fails its tag; under an old counter it is replayed', async () => {
      const original = wireCommand({ units: 0.5 });
      await gate(original);
      const reId = await gate({ ...original, commandId: 'c-replay-new-id' });
      expect(codes(reId.value)).toEqual(['REASON_BAD_AUTH_TAG']);
      const oldCounter = await gate(wireCommand({ units: 0.5, counter: 5 }));
      expect(codes(oldCounter.value)).toEqual(['REASON_REPLAYED_COUNTER']);
    });

    it('bolus-during-low and suspend-attack context: insulin at low glucose is rejected, a suspend is allowed', async () => {
      await feedGlucose(60);
      expect(codes((await gate(wireCommand({ units: 1 }))).value)).toContain('REASON_GLUCOSE_BELOW_HYPO_THRESHOLD');
      expect((await gate(wireCommand({ kind: 'SUSPEND', units: 0, durationMinutes: 30 }))).value?.verdict).toBe('VERDICT_ALLOW');
      await feedGlucose(150, 40);
    });
  });

  it('raises a SUSPEND recommendation on a burst of anomalous commands and streams it to clinicians', async () => {
    const clinician = scoringClient(h, node.port, 'clinician', 'clin-001');
    const { alerts, watch } = await watchAlerts(clinician, 'ALERT_SEVERITY_CRITICAL');
    let last: GateVerdict__Output | undefined;
    for (let i = 0; i < 3; i++) last = (await gate(wireCommand({ units: 30, deviceId: 'pump-2' }))).value;
    expect(last?.suspendRecommended).toBe(true);
    expect(codes(last)).toContain('REASON_SUSPEND_RECOMMENDED');
    await new Promise((r) => setTimeout(r, 300));
    expect(alerts.some((a) => a.kind === 'ALERT_KIND_SUSPEND_RECOMMENDED' && a.deviceId === 'pump-2' && a.audit?.leafHashHex)).toBe(true);
    watch.cancel();
    clinician.close();
  });

  describe('ConfirmDose', () => {
    const holdOne = async (): Promise<GateVerdict__Output> => {
      const v = (await gate(wireCommand({ units: 0.5, deviceId: 'infusion-1', kind: 'INFUSION_RATE', infusion: { drugId: 'insulin-regular-iv', careArea: 'icu', dose: 25, doseUnit: 'unit/h', rateMlPerHour: 25 } }))).value!;
      expect(v.verdict).toBe('VERDICT_HOLD');
      expect(v.holdId).toMatch(/^h-/);
      return v;
    };

    it('releases a hold with a clinician certificate and a valid TOTP; the same code cannot be reused', async () => {
      const clinician = scoringClient(h, node.port, 'clinician', 'clin-001');
      const v = await holdOne();
      const code = totpCode(h.totpSecret, Date.now());
      const ok = await confirm(clinician, v.holdId, code);
      expect(ok.error).toBeNull();
      expect(ok.value).toMatchObject({ commandId: v.commandId, verdict: 'VERDICT_ALLOW' });
      const again = await confirm(clinician, (await holdOne()).holdId, code);
      expect(again.error?.code).toBe(grpc.status.UNAUTHENTICATED);
      expect(again.error?.details).toMatch(/already used/);
      clinician.close();
    });

    it('refuses a wrong code, another role, an unenrolled clinician and an unknown hold', async () => {
      const v = await holdOne();
      const clinician = scoringClient(h, node.port, 'clinician', 'clin-001');
      expect((await confirm(clinician, v.holdId, '000000')).error?.code).toBe(grpc.status.UNAUTHENTICATED);
      expect((await confirm(gw, v.holdId, totpCode(h.totpSecret, Date.now()))).error?.code).toBe(grpc.status.PERMISSION_DENIED);
      const other = scoringClient(h, node.port, 'clinician', 'clin-002');
      expect((await confirm(other, v.holdId, totpCode(h.totpSecret, Date.now()))).error?.code).toBe(grpc.status.PERMISSION_DENIED);
      expect((await confirm(clinician, 'h-nope', '123456')).error?.code).toBe(grpc.status.NOT_FOUND);
      other.close();
      clinician.close();
    });

    it('refuses an expired hold and a decided hold, and records declines', async () => {
      const clinician = scoringClient(h, node.port, 'clinician', 'clin-001');
      const v = await holdOne();
      const declined = await confirm(clinician, v.holdId, totpCode(h.totpSecret, Date.now() + 30_000), 'CLINICIAN_DECISION_DECLINE');
      expect(declined.value?.verdict).toBe('VERDICT_REJECT');
      expect((await confirm(clinician, v.holdId, totpCode(h.totpSecret, Date.now() + 30_000))).error?.code).toBe(grpc.status.FAILED_PRECONDITION);
      clinician.close();
    });

    it('locks a clinician out after repeated wrong codes (concurrent guesses cannot overrun it), alerts, keeps the lockout across a restart, then accepts the right code', async () => {
      // A second clinician, enrolled now, so the codes the other tests spent do not matter.
      const secret = newTotpSecret();
      const store = EdgeStore.open(edgePaths(h.config).store);
      store.addClinician('clin-002', secret, Date.now());
      store.close();
      const clinician = scoringClient(h, node.port, 'clinician', 'clin-002');
      const { alerts, watch } = await watchAlerts(clinician, 'ALERT_SEVERITY_WARNING');
      const v = await holdOne();
      const valid = new Set([-1, 0, 1, 2].map((d) => totpCode(secret, Date.now() + d * 30_000)));
      const wrong = Array.from({ length: 40 }, (_, i) => String(100_000 + i * 7_919)).filter((c) => !valid.has(c)).slice(0, 12);
      const guesses = await Promise.all(wrong.map((code) => confirm(clinician, v.holdId, code)));
      const byCode = (rs: typeof guesses) => rs.reduce<Record<number, number>>((n, r) => ({ ...n, [r.error!.code]: (n[r.error!.code] ?? 0) + 1 }), {});
      expect(byCode(guesses)).toEqual({ [grpc.status.UNAUTHENTICATED]: LOCKOUT.maxFailures, [grpc.status.RESOURCE_EXHAUSTED]: 12 - LOCKOUT.maxFailures });
      const lockedAt = Date.now();
      const right = await confirm(clinician, v.holdId, totpCode(secret, Date.now()));
      expect(right.error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(right.error?.details).toMatch(/locked for another \d+ s/);
      await new Promise((r) => setTimeout(r, 200));
      expect(alerts.filter((a) => a.kind === 'ALERT_KIND_AUTH_LOCKOUT')).toHaveLength(1);
      watch.cancel();
      clinician.close();

      gw.close();
      await node.stop(500);
      node = await startEdgeNode(h.config, silentLogger());
      gw = scoringClient(h, node.port);
      const after = scoringClient(h, node.port, 'clinician', 'clin-002');
      expect((await confirm(after, v.holdId, totpCode(secret, Date.now()))).error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      await new Promise((r) => setTimeout(r, Math.max(0, lockedAt + LOCKOUT.baseLockoutMs + 100 - Date.now())));
      const released = await confirm(after, v.holdId, totpCode(secret, Date.now()));
      expect(released.error).toBeNull();
      expect(released.value?.verdict).toBe('VERDICT_ALLOW');
      expect(node.store.clinician('clin-002')?.lockout).toEqual({ failures: 0, lockouts: 0, lockedUntilMs: 0 });
      after.close();
    });
  });

  describe('bad input: named field, audited, and the server keeps serving', () => {
    const bad: [string, Partial<DoseRecord> | Record<string, unknown>, string][] = [
      ['NaN units', { units: Number.NaN }, 'units'],
      ['negative units', { units: -1 }, 'units'],
      ['absurd units', { units: 1e9 }, 'units'],
      ['missing command id', { commandId: '' }, 'commandId'],
      ['a patient id that is not pseudonymous', { patientId: 'John Smith' }, 'patientId'],
    ];
    it.each(bad)('%s → INVALID_ARGUMENT naming %s', async (_name, override, field) => {
      const before = node.audit.size;
      const command = { ...wireCommand(), ...override } as DoseCommand;
      const { error } = await gate(command);
      expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error?.details).toContain(field);
      await node.audit.flush();
      expect(node.audit.size).toBe(before + 1);
    });
    it('refuses an unspecified kind, a missing tag and an infusion without its drug', async () => {
      expect((await gate({ ...wireCommand(), kind: 'DOSE_KIND_UNSPECIFIED' })).error?.details).toContain('kind');
      expect((await gate({ ...wireCommand(), authTag: Buffer.alloc(0) })).error?.details).toContain('authTag');
      expect((await gate({ ...wireCommand(), kind: 'DOSE_KIND_INFUSION_RATE' })).error?.details).toContain('infusion');
    });
    it('refuses an oversized message with RESOURCE_EXHAUSTED', async () => {
      const { error } = await gate({ ...wireCommand(), commandId: 'x'.repeat(100_000) });
      expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    });
    it('still serves afterwards', async () => expect((await gate(wireCommand({ units: 0.5 }))).error).toBeNull());
  });

  describe('Ingest', () => {
    it('accepts fresh frames and refuses replayed, forged, tampered, wrong-key and unknown-device frames', async () => {
      const now = Date.now();
      const good = sealedFrame('cgm-1', CGM_KEY, cgmCounter++, { v: 1, type: 'cgm', timestampMs: now, glucoseMgDl: 140 });
      const tampered = { ...good, counter: (cgmCounter++).toString() };
      const wrongKey = sealedFrame('cgm-1', PUMP_KEY, cgmCounter++, { v: 1, type: 'cgm', timestampMs: now, glucoseMgDl: 140 });
      const forged = { ...sealedFrame('cgm-1', CGM_KEY, cgmCounter++, { v: 1, type: 'cgm', timestampMs: now, glucoseMgDl: 40 }) };
      (forged.ciphertext as Buffer)[0]! ^= 0xff;
      const unknown = sealedFrame('cgm-9', CGM_KEY, 1n, { v: 1, type: 'cgm', timestampMs: now, glucoseMgDl: 140 });
      const stale = sealedFrame('cgm-1', CGM_KEY, cgmCounter++, { v: 1, type: 'cgm', timestampMs: now - 3_600_000, glucoseMgDl: 140 });
      const { value } = await ingest([good, good, tampered, wrongKey, forged, unknown, stale]);
      expect(value?.accepted).toBe(1);
      expect(value?.rejections.map((r) => r.reason)).toEqual([
        'FRAME_REJECTION_REPLAYED_COUNTER', 'FRAME_REJECTION_BAD_TAG', 'FRAME_REJECTION_BAD_TAG', 'FRAME_REJECTION_BAD_TAG', 'FRAME_REJECTION_UNKNOWN_DEVICE', 'FRAME_REJECTION_STALE_TIMESTAMP',
      ]);
    });

    it('a burst of bad frames raises an alert', async () => {
      const now = Date.now();
      const bad = Array.from({ length: 6 }, (_, i) => ({ ...sealedFrame('pump-1', CGM_KEY, 10_000n + BigInt(i), { v: 1, type: 'pump', timestampMs: now, deliveredU: 0, reservoirU: 100, occlusionPressureKpa: 10, doseCounter: i }) }));
      await ingest(bad);
      await new Promise((r) => setTimeout(r, 200));
      expect(node.store.counts().alerts).toBeGreaterThan(0);
    });

    it('frames claiming a new unknown device id each time are one burst (one alert, no device id)', async () => {
      const clinician = scoringClient(h, node.port, 'clinician', 'clin-001');
      const { alerts, watch } = await watchAlerts(clinician, 'ALERT_SEVERITY_WARNING');
      const now = Date.now();
      const probes = Array.from({ length: 12 }, (_, i) => sealedFrame(`probe-${i}`, CGM_KEY, 1n, { v: 1, type: 'cgm', timestampMs: now, glucoseMgDl: 140 }));
      const { value } = await ingest(probes);
      expect(value?.rejections.map((r) => r.reason)).toEqual(Array(12).fill('FRAME_REJECTION_UNKNOWN_DEVICE'));
      await new Promise((r) => setTimeout(r, 300));
      const bursts = alerts.filter((a) => a.kind === 'ALERT_KIND_BAD_FRAME_BURST');
      expect(bursts).toHaveLength(1);
      expect(bursts[0]).toMatchObject({ deviceId: '', patientId: '' });
      expect(bursts[0]!.message).toMatch(/unknown/);
      watch.cancel();
      clinician.close();
    });
  });

  it('scores telemetry windows with rules when no telemetry model is deployed', async () => {
    const stream = gw.scoreTelemetry();
    const scores: unknown[] = [];
    stream.on('data', (s) => scores.push(s));
    const ended = new Promise((r) => stream.on('end', r));
    const base = { patientId: 'p-0123abcd', deviceId: 'pump-1', endAtMs: Date.now(), deliveredU: Array(30).fill(0.01), commandedU: Array(30).fill(0.01), heartRateBpm: Array(30).fill(70) };
    stream.write({ ...base, windowId: 'w-ok', cgmMgDl: Array.from({ length: 30 }, (_, i) => 120 + (i % 4)), linePressureKpa: Array(30).fill(20) });
    stream.write({ ...base, windowId: 'w-occluded', cgmMgDl: Array.from({ length: 30 }, (_, i) => 120 + (i % 4)), linePressureKpa: Array(30).fill(200), deliveredU: Array(30).fill(0) });
    stream.end();
    await ended;
    expect(scores).toMatchObject([{ windowId: 'w-ok', anomalous: false }, { windowId: 'w-occluded', anomalous: true, findings: ['TELEMETRY_FINDING_OCCLUSION'] }]);
  });

  it('predicts adherence with the documented baseline (no model: empty version)', async () => {
    const { value, error } = await call((cb) => gw.predictAdherence({ patientId: 'p-0123abcd', asOfMs: 0 }, cb));
    expect(error).toBeNull();
    expect(value).toMatchObject({ patientId: 'p-0123abcd', modelVersion: '', dosesConsidered: 0 });
    const missing = await call((cb) => gw.predictAdherence({ patientId: 'p-ffffffff', asOfMs: 0 }, cb));
    expect(missing.error?.code).toBe(grpc.status.NOT_FOUND);
  });

  it('degrades to rules only when the deployed model throws, and says so', async () => {
    node.deployDoseScorer({ version: 'f'.repeat(64), threshold: 1, score: () => { throw new Error('model exploded'); } });
    const { value } = await gate(wireCommand({ units: 0.5 }));
    node.deployDoseScorer(null);
    // The interim context source gives no feature row, so the model cannot score: rules only either way.
    expect(value?.modelStatus).toBe('MODEL_STATUS_RULES_ONLY_MODEL_FAILED');
    expect(codes(value)).toContain('REASON_MODEL_UNAVAILABLE');
  });

  it('serves Prometheus metrics on loopback', async () => {
    const text = await (await fetch(`http://127.0.0.1:${node.metricsPort}/metrics`)).text();
    expect(text).toMatch(/vigil_edge_verdicts_total\{verdict="VERDICT_ALLOW"/);
    expect(text).toMatch(/vigil_edge_ingest_frames_total/);
    expect(text).not.toMatch(/p-0123abcd/);
  });

  it('leaves an audit log that verifies', async () => {
    await node.audit.flush();
    const report = verifyLedger(edgePaths(h.config).audit);
    expect(report.ok).toBe(true);
  });
});
