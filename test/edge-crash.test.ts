import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../common/ledger/index.js';
import type { GateVerdict__Output } from '../proto/gen/vigil/v1/GateVerdict.js';
import type { IngestSummary__Output } from '../proto/gen/vigil/v1/IngestSummary.js';
import { edgePaths } from '../edge-node/main.js';
import { EdgeStore } from '../edge-node/store/edge-store.js';
import { CGM_KEY, call, createHarness, scoringClient, sealedFrame, wireCommand, type Harness } from '../edge-node/testing/harness.js';
import { startServeChild } from '../edge-node/testing/serve-child-process.js';

let h: Harness;
let configFile: string;

beforeAll(async () => {
  h = await createHarness({ gate: { rateLimit: { capacity: 100_000, refillPerSecond: 100_000 } }, ingest: { rateLimit: { capacity: 100_000, refillPerSecond: 100_000 } } });
  configFile = join(h.dir, 'edge.json');
  writeFileSync(configFile, JSON.stringify(h.config));
});
afterAll(() => h?.cleanup());

describe('crash safety', () => {
  it('keeps every acknowledged verdict and event through SIGKILL under load, and the audit log verifies', async () => {
    const { child, port } = await startServeChild(configFile);
    const gw = scoringClient(h, port);
    const acked = new Map<string, GateVerdict__Output>();
    const sent = new Map<string, ReturnType<typeof wireCommand>>();
    let ackedFrames = 0;
    let frameCounter = 1n;
    let stop = false;
    const gateLoad = async (): Promise<void> => {
      while (!stop) {
        const command = wireCommand({ units: 0.2, kind: 'TEMP_BASAL', durationMinutes: 30 });
        const { value } = await call<GateVerdict__Output>((cb) => gw.gateDose(command, cb));
        if (value) {
          acked.set(value.commandId, value);
          sent.set(value.commandId, command);
        }
      }
    };
    const ingestLoad = async (): Promise<void> => {
      while (!stop) {
        const frames = Array.from({ length: 20 }, () => sealedFrame('cgm-1', CGM_KEY, frameCounter++, { v: 1, type: 'cgm', timestampMs: Date.now(), glucoseMgDl: 140 }));
        const summary = await new Promise<IngestSummary__Output | undefined>((resolve) => {
          const s = gw.ingest((error, value) => resolve(error ? undefined : value));
          for (const f of frames) s.write(f);
          s.end();
        });
        if (summary) ackedFrames += summary.accepted;
      }
    };
    const loads = [...Array.from({ length: 16 }, gateLoad), ingestLoad(), ingestLoad()];
    while (acked.size < 300) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    stop = true;
    await Promise.allSettled(loads);
    gw.close();

    const store = EdgeStore.open(edgePaths(h.config).store);
    const stored = new Set(store.commandIds());
    const counts = store.counts();
    store.close();
    expect([...acked.keys()].filter((id) => !stored.has(id))).toEqual([]);
    expect(counts.events).toBeGreaterThanOrEqual(ackedFrames);
    const report = verifyLedger(edgePaths(h.config).audit);
    expect(report.ok).toBe(true);
    const maxIndex = Math.max(...[...acked.values()].map((v) => v.audit?.index ?? 0));
    expect(report.size).toBeGreaterThan(maxIndex);

    // Restarted, the node serves again and answers an acknowledged command id with the same verdict.
    const restarted = await startServeChild(configFile);
    const again = scoringClient(h, restarted.port);
    const last = [...acked.values()].at(-1)!;
    const replay = await call<GateVerdict__Output>((cb) => again.gateDose(sent.get(last.commandId)!, cb));
    expect(replay.error).toBeNull();
    expect(replay.value?.verdict).toBe(last.verdict);
    expect(replay.value?.decidedAtMs).toBe(last.decidedAtMs);
    expect((await call<GateVerdict__Output>((cb) => again.gateDose(wireCommand({ units: 0.2, kind: 'TEMP_BASAL', durationMinutes: 30 }), cb))).error).toBeNull();
    again.close();
    restarted.child.kill('SIGTERM');
    await new Promise((r) => restarted.child.once('exit', r));
  }, 60_000);
});
