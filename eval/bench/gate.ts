/**
 * `npm run bench -- gate`: GateDose over loopback with mTLS and a durable audit log, against a trivial
 * RPC (grpc.health.v1 Check) on the same server in the same run. The server runs in a child process
 * (its own core), the load here. Reports: unary closed-loop rate and its ratio to the trivial RPC;
 * open-loop latency at 1,000 requests/s (p50/p99); GateDoseStream verdicts/s.
 * Knobs: GATE_BENCH_SECONDS (default 4).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { createClient } from '../../common/grpc/index.js';
import { loadTlsIdentity } from '../../common/pki/index.js';
import type { GateVerdict__Output } from '../../proto/gen/vigil/v1/GateVerdict.js';
import type { DoseCommand } from '../../proto/gen/vigil/v1/DoseCommand.js';
import { edgePaths } from '../../edge-node/main.js';
import { EdgeStore } from '../../edge-node/store/edge-store.js';
import { ADULT_PROFILE } from '../../edge-node/gate/testing-fixtures.js';
import { CGM_KEY, PUMP_KEY, createHarness, scoringClient, sealedFrame, wireCommand } from '../../edge-node/testing/harness.js';

const SECONDS = Number(process.env['GATE_BENCH_SECONDS'] ?? 4);
const CONCURRENCY = 64;
const CHILD = fileURLToPath(new URL('../../edge-node/testing/serve-child.ts', import.meta.url));

function startChild(configFile: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, configFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`edge node exited ${code}`)));
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
const benchPatient = (w: number) => `p-be${w.toString(16).padStart(6, '0')}`;
const command = (worker: number) => wireCommand({ deviceId: `bench-pump-${worker}`, patientId: benchPatient(worker), kind: 'TEMP_BASAL', units: 0.5, durationMinutes: 30 });

async function closedLoop(fn: (worker: number) => Promise<unknown>): Promise<number> {
  let done = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, w) => {
    while (performance.now() < end) {
      await fn(w);
      done++;
    }
  }));
  return done / SECONDS;
}

/** Runs the benchmark and prints its report. */
export async function run(): Promise<void> {
  const h = await createHarness({
    gate: { rateLimit: { capacity: 1e9, refillPerSecond: 1e9 } }, ingest: { rateLimit: { capacity: 1e9, refillPerSecond: 1e9 } }, metrics: { enabled: false },
  });
  const store = EdgeStore.open(edgePaths(h.config).store);
  // One patient per pump, as in a ward: a patient's history (what each verdict looks at) stays realistic.
  for (let w = 0; w < CONCURRENCY; w++) {
    store.upsertPatient({ ...ADULT_PROFILE, patientId: benchPatient(w) }, Date.now());
    store.upsertDevice({ deviceId: `bench-pump-${w}`, kind: 'insulin-pump', patientId: benchPatient(w), siteId: 'icu', asconKeyHex: Buffer.from(PUMP_KEY).toString('hex') }, Date.now());
  }
  store.close();
  const configFile = join(h.dir, 'edge.json');
  writeFileSync(configFile, JSON.stringify(h.config));
  const { child, port } = await startChild(configFile);
  try {
    const gw = scoringClient(h, port);
    const now = Date.now();
    await new Promise<void>((resolve) => {
      const s = gw.ingest(() => resolve());
      for (let i = 0; i < 12; i++) s.write(sealedFrame('cgm-1', CGM_KEY, BigInt(i + 1), { v: 1, type: 'cgm', timestampMs: now - (11 - i) * 60_000, glucoseMgDl: 150 }));
      s.end();
    });
    const definition = protoLoader.loadSync(healthProtoPath, { enums: String, defaults: true });
    const Health = (grpc.loadPackageDefinition(definition) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } }).grpc.health.v1.Health;
    const health = createClient(Health as never, `127.0.0.1:${port}`, { tls: loadTlsIdentity(join(h.pki, 'gateway', 'gw-icu')), expectedServerRole: 'edge' }) as unknown as grpc.Client & { check(r: object, cb: (e: unknown) => void): void };
    const gate = (c: DoseCommand) => new Promise<GateVerdict__Output>((resolve, reject) => gw.gateDose(c, (e, v) => (e ? reject(e) : resolve(v!))));
    // Warm-up.
    await closedLoop((w) => gate(command(w)));

    const trivial = await closedLoop(() => new Promise((resolve, reject) => health.check({ service: '' }, (e) => (e ? reject(e) : resolve(null)))));
    const verdicts = new Map<string, number>();
    const unaryRate = await closedLoop(async (w) => {
      const v = await gate(command(w));
      verdicts.set(v.verdict, (verdicts.get(v.verdict) ?? 0) + 1);
    });

    // Open loop: one request every millisecond, latency from its scheduled time (no coordinated omission).
    const total = SECONDS * 1000;
    const latencies: number[] = [];
    let failures = 0;
    process.stderr.write(`trivial ${Math.round(trivial)}/s, GateDose unary ${Math.round(unaryRate)}/s; open loop...\n`);
    const start = performance.now() + 50;
    await new Promise<void>((resolve) => {
      let sent = 0;
      let finished = 0;
      const tick = (): void => {
        const due = Math.min(total, Math.floor(performance.now() - start) + 1);
        for (; sent < due; sent++) {
          const scheduled = start + sent;
          // Signed at send time: issuedAtMs and the counter are covered by the tag.
          void gate(command(sent % CONCURRENCY)).then(
            () => latencies.push(performance.now() - scheduled),
            () => failures++,
          ).finally(() => {
            if (++finished === total) resolve();
          });
        }
        if (sent < total) setImmediate(tick);
      };
      setTimeout(tick, 50);
    });
    latencies.sort((a, b) => a - b);
    process.stderr.write(`open loop p99 ${pct(latencies, 0.99).toFixed(2)} ms (${failures} failed); stream...\n`);

    // Bidirectional stream: one stream, commands pre-signed in counter order.
    const streamCount = 30_000;
    const streamCommands = Array.from({ length: streamCount }, (_, i) => command(i % CONCURRENCY));
    const streamStart = performance.now();
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      const stream = gw.gateDoseStream({ deadline: Date.now() + 300_000 });
      stream.on('data', () => {
        if (++received === streamCount) resolve();
      });
      stream.on('error', reject);
      let i = 0;
      const pump = (): void => {
        while (i < streamCount) {
          if (!stream.write(streamCommands[i++]!)) {
            stream.once('drain', pump);
            return;
          }
        }
        stream.end();
      };
      pump();
    });
    const streamRate = streamCount / ((performance.now() - streamStart) / 1000);

    const report = {
      trivialUnaryPerSecond: Math.round(trivial),
      gateDoseUnaryPerSecond: Math.round(unaryRate),
      unaryRatio: Number((unaryRate / trivial).toFixed(3)),
      openLoop1000PerSecond: { failed: failures, p50Ms: Number(pct(latencies, 0.5).toFixed(2)), p99Ms: Number(pct(latencies, 0.99).toFixed(2)), maxMs: Number((latencies.at(-1) ?? 0).toFixed(2)) },
      gateDoseStreamVerdictsPerSecond: Math.round(streamRate),
      streamRatioToTarget10k: Number((streamRate / 10_000).toFixed(3)),
      verdictMix: Object.fromEntries(verdicts),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`unary GateDose / trivial RPC = ${(report.unaryRatio * 100).toFixed(1)}% (target ≥ 80%); p99 at 1,000/s = ${report.openLoop1000PerSecond.p99Ms} ms (target ≤ 5 ms); stream = ${report.gateDoseStreamVerdictsPerSecond}/s (target ≥ 10,000)\n`);
    gw.close();
    health.close();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    h.cleanup();
  }
}
