/**
 * ScoreTelemetry with a deployed telemetry autoencoder: the model scores the node's own stored events
 * (frames that came in through Ingest) through the one feature code path, the request's arrays feed the
 * rules, and a window the node has no data for gets the rules' answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../common/log/index.js';
import { createRandom } from '../datasets/random.js';
import type { CgmReading, HeartRateSample, PumpTelemetry } from '../datasets/records.js';
import { ADULT_PROFILE } from '../edge-node/gate/testing-fixtures.js';
import { startEdgeNode, type RunningEdgeNode } from '../edge-node/main.js';
import { CGM_KEY, PUMP_KEY, createHarness, scoringClient, sealedFrame, type Harness } from '../edge-node/testing/harness.js';
import { AnomalyScorer, TELEMETRY_WINDOW_SPEC, telemetryWindowFeatures, type TelemetryWindow } from '../models/index.js';
import { trainAutoencoder, type TrainedAutoencoder } from '../models/training.js';
import type { IngestSummary__Output } from '../proto/gen/vigil/v1/IngestSummary.js';
import type { ScoringClient } from '../proto/gen/vigil/v1/Scoring.js';
import type { SealedFrame } from '../proto/gen/vigil/v1/SealedFrame.js';
import type { TelemetryScore__Output } from '../proto/gen/vigil/v1/TelemetryScore.js';

const MINUTE = 60_000;
const patientId = ADULT_PROFILE.patientId;

/** A steady patient's records every 5 minutes over [startMs, endMs). */
function records(startMs: number, endMs: number, seed: string): { cgm: CgmReading[]; pump: PumpTelemetry[]; heartRate: HeartRateSample[] } {
  const random = createRandom(seed);
  const out = { cgm: [] as CgmReading[], pump: [] as PumpTelemetry[], heartRate: [] as HeartRateSample[] };
  let reservoir = 200;
  let counter = 1;
  for (let t = startMs; t < endMs; t += 5 * MINUTE) {
    out.cgm.push({ patientId, deviceId: 'cgm-1', timestampMs: t, glucoseMgDl: Math.round(130 + 25 * Math.sin(t / (3 * 60 * MINUTE)) + random.normal() * 3) });
    const delivered = 0.08;
    reservoir -= delivered;
    out.pump.push({ patientId, deviceId: 'pump-1', timestampMs: t + 1, deliveredU: delivered, reservoirU: Math.round(reservoir * 100) / 100, occlusionPressureKpa: 10 + random.normal(), doseCounter: counter++ });
  }
  return out;
}

/** @returns the feature rows of windows ending every 10 min over a day of steady records. */
function trainingRows(seed: string): Float32Array {
  const day = records(0, 24 * 60 * MINUTE, seed);
  const rows: Float32Array[] = [];
  for (let end = 60 * MINUTE; end <= 24 * 60 * MINUTE; end += 10 * MINUTE) {
    const inWindow = <T extends { timestampMs: number }>(items: T[]) => items.filter((r) => r.timestampMs >= end - 60 * MINUTE && r.timestampMs < end);
    rows.push(telemetryWindowFeatures({ profile: ADULT_PROFILE, endMs: end, cgm: inWindow(day.cgm), pump: inWindow(day.pump), heartRate: [] }));
  }
  const flat = new Float32Array(rows.length * TELEMETRY_WINDOW_SPEC.features.length);
  rows.forEach((r, i) => flat.set(r, i * r.length));
  return flat;
}

let h: Harness;
let node: RunningEdgeNode;
let gw: ScoringClient;
let trained: TrainedAutoencoder;
let scorer: AnomalyScorer;

function ingest(frames: SealedFrame[]): Promise<IngestSummary__Output | undefined> {
  return new Promise((resolve) => {
    const stream = gw.ingest((_error, value) => resolve(value));
    for (const f of frames) stream.write(f);
    stream.end();
  });
}

function score(windows: { windowId: string; endAtMs: number }[]): Promise<TelemetryScore__Output[]> {
  return new Promise((resolve, reject) => {
    const stream = gw.scoreTelemetry();
    const out: TelemetryScore__Output[] = [];
    stream.on('data', (s: TelemetryScore__Output) => out.push(s));
    stream.on('error', reject);
    stream.on('end', () => resolve(out));
    const flat = (v: number) => Array(60).fill(v);
    for (const w of windows) stream.write({ ...w, patientId, deviceId: 'pump-1', cgmMgDl: Array.from({ length: 60 }, (_, i) => 120 + (i % 3)), deliveredU: flat(0.016), commandedU: flat(0.016), heartRateBpm: flat(70), linePressureKpa: flat(10) });
    stream.end();
  });
}

beforeAll(async () => {
  trained = await trainAutoencoder({ spec: TELEMETRY_WINDOW_SPEC, trainRows: trainingRows('train'), calibrationRows: trainingRows('calibrate'), targetFalseAlarmRate: 0.05, seed: 7, epochs: 3 });
  scorer = trained.scorer;
  h = await createHarness({ ingest: { maxSkewMs: 2 * 60 * MINUTE } }); // the test sends an hour of frames at once
  node = await startEdgeNode(h.config, silentLogger());
  gw = scoringClient(h, node.port);
}, 60_000);

afterAll(async () => {
  gw?.close();
  await node?.stop(500);
  h?.cleanup();
});

describe('ScoreTelemetry with a deployed telemetry autoencoder', () => {
  const endAtMs = Date.now() - 1_000;
  const sent = records(endAtMs - 60 * MINUTE, endAtMs, 'served');

  it('scores the node\'s stored events through the training feature path, and rules only without data of its own', async () => {
    let counter = 1n;
    const frames = [
      ...sent.cgm.map((r) => sealedFrame('cgm-1', CGM_KEY, counter++, { v: 1, type: 'cgm', timestampMs: r.timestampMs, glucoseMgDl: r.glucoseMgDl })),
      ...sent.pump.map((p) => sealedFrame('pump-1', PUMP_KEY, counter++, { v: 1, type: 'pump', timestampMs: p.timestampMs, deliveredU: p.deliveredU, reservoirU: p.reservoirU, occlusionPressureKpa: p.occlusionPressureKpa, doseCounter: p.doseCounter })),
      // An infusion pump's telemetry for the same patient is not the insulin pump's: the model ignores it.
      sealedFrame('infusion-1', PUMP_KEY, counter++, { v: 1, type: 'pump', timestampMs: endAtMs - 30 * MINUTE, deliveredU: 5, reservoirU: 10, occlusionPressureKpa: 90, doseCounter: 1 }),
    ];
    expect((await ingest(frames))?.accepted).toBe(frames.length);

    const [rulesOnly] = await score([{ windowId: 'before-deploy', endAtMs }]);
    expect(rulesOnly).toMatchObject({ modelVersion: '', anomalyScore: 0, anomalous: false });

    node.deployTelemetryModel({ version: 'telemetry-v1', scorer });
    const expected = scorer.explain(telemetryWindowFeatures({ profile: ADULT_PROFILE, endMs: endAtMs, ...sent, heartRate: [] } satisfies TelemetryWindow), 5);
    const [scored, noData] = await score([{ windowId: 'w-now', endAtMs }, { windowId: 'w-last-week', endAtMs: endAtMs - 7 * 24 * 60 * MINUTE }]);
    expect(scored).toMatchObject({ windowId: 'w-now', modelVersion: 'telemetry-v1', anomalyThreshold: scorer.scoring.threshold });
    expect(scored!.anomalyScore).toBeCloseTo(expected.score, 5);
    expect(scored!.attributions.map((a) => a.feature)).toEqual(expected.attributions.map((a) => a.feature));
    expect(scored!.anomalous).toBe(expected.score > scorer.scoring.threshold);
    expect(noData).toMatchObject({ windowId: 'w-last-week', modelVersion: '', anomalous: false });
  });

  it('a score above the threshold is an ANOMALY finding with attributions; undeploying returns to rules only', async () => {
    const strict = new AnomalyScorer(TELEMETRY_WINDOW_SPEC, trained.normalisation, trained.net, trained.weights, { ...trained.scoring, threshold: -1e6 });
    node.deployTelemetryModel({ version: 'telemetry-strict', scorer: strict });
    const [flagged] = await score([{ windowId: 'w', endAtMs }]);
    expect(flagged).toMatchObject({ modelVersion: 'telemetry-strict', anomalous: true, findings: ['TELEMETRY_FINDING_ANOMALY'] });
    expect(flagged!.attributions.length).toBeGreaterThan(0);
    node.deployTelemetryModel(null);
    expect((await score([{ windowId: 'w', endAtMs }]))[0]).toMatchObject({ modelVersion: '', anomalous: false });
  });
});
