/**
 * GateDose load generation shared by `npm run bench -- gate` and `vigil eval latency`: a provisioned
 * edge node in a child process (its own core; edge-node/testing/serve-child.ts), a ward of pumps whose
 * patients carry a realistic 30-h history, a gateway client, and closed-loop, open-loop and streaming
 * drivers. Latencies are measured from a request's scheduled (open loop) or send (closed loop) time.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { clientOptions, loadProtos } from '../../common/grpc/index.js';
import { loadTlsIdentity } from '../../common/pki/index.js';
import type { DoseCommand } from '../../proto/gen/vigil/v1/DoseCommand.js';
import type { GateVerdict__Output } from '../../proto/gen/vigil/v1/GateVerdict.js';
import type { ScoringClient } from '../../proto/gen/vigil/v1/Scoring.js';
import type { SealedFrame } from '../../proto/gen/vigil/v1/SealedFrame.js';
import { edgePaths } from '../../edge-node/main.js';
import { EdgeStore } from '../../edge-node/store/edge-store.js';
import { ADULT_PROFILE } from '../../edge-node/gate/testing-fixtures.js';
import { encodeFramePayload } from '../../edge-node/ingest/frame-format.js';
import { CGM_KEY, createHarness, PUMP_KEY, sealedFrame, wireCommand, type Harness } from '../../edge-node/testing/harness.js';
import type { MeasurementSwitches } from '../../edge-node/testing/measurement-switches.js';
import { startServeChild } from '../../edge-node/testing/serve-child-process.js';
import { prefillWard, wardPatient, wardPump } from './gate-ward.js';

const UNLIMITED = { capacity: 1e9, refillPerSecond: 1e9 };

/** What to start. */
export interface GateLoadOptions {
  /** Pumps (one patient each) the load is spread over. */
  pumps: number;
  /** Give every patient a realistic 30-h history (AID temp basals every 5 min, meal boluses, CGM). */
  history: boolean;
  /** Which security layers are on (default: all, the production node). */
  layers?: SecurityLayers;
  /** Extra node options for the server process, e.g. `--cpu-prof` or `--trace-gc`. */
  nodeOptions?: readonly string[];
}

/** The security layers a measurement can turn off. */
export interface SecurityLayers {
  /** mTLS on every call (off: plaintext gRPC on loopback). */
  mtls: boolean;
  /** Device frames sealed with Ascon-AEAD128 (off: plaintext frames). */
  ascon: boolean;
  /** Every verdict durable in the audit log before its reply (off: not audited). */
  audit: boolean;
}

/** Every layer on: the production node. */
export const ALL_LAYERS: SecurityLayers = { mtls: true, ascon: true, audit: true };

/** A running node under load, and the gateway's view of it. */
export interface GateLoad {
  readonly harness: Harness;
  readonly port: number;
  /** @returns a fresh command signed now for the next pump (round robin): a TEMP_BASAL below the schedule. */
  nextCommand(): DoseCommand;
  gate(command: DoseCommand): Promise<GateVerdict__Output>;
  /** One trivial RPC (grpc.health.v1 Check) on the same server. */
  healthCheck(): Promise<void>;
  /** Sends `commands` on one GateDoseStream. @returns the verdicts in order. */
  stream(commands: readonly DoseCommand[]): Promise<GateVerdict__Output[]>;
  /** @returns `count` CGM frames for the next counters of the ward's CGM, sealed or plain as the layers say. */
  cgmFrames(count: number): SealedFrame[];
  /** Sends frames on one Ingest call. @returns how many were accepted. */
  ingest(frames: readonly SealedFrame[]): Promise<number>;
  /** CPU seconds the server process has used so far (user + system). */
  serverCpuSeconds(): number;
  /** CPU seconds the server's main thread (the event loop; not its write threads) has used so far. */
  serverMainThreadCpuSeconds(): number;
  close(): Promise<void>;
}

/** @returns the load averages (1, 5, 15 min) rounded for a report. */
export const loadAverage = (): number[] => loadavg().map((l) => Number(l.toFixed(2)));

/** CPU ticks (user + system) of a process, or of one of its threads, from /proc; 0 where /proc is not available. */
function cpuSecondsOf(pid: number, thread?: number): number {
  try {
    const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100 on Linux)
  } catch {
    return 0;
  }
}

/** Provisions a ward, starts the node in a child process and connects a gateway. @returns the running load. */
export async function startGateLoad(options: GateLoadOptions): Promise<GateLoad> {
  const layers = options.layers ?? ALL_LAYERS;
  const harness = await createHarness({ gate: { rateLimit: UNLIMITED }, ingest: { rateLimit: UNLIMITED }, metrics: { enabled: false } });
  const store = EdgeStore.open(edgePaths(harness.config).store);
  const nowMs = Date.now();
  for (let w = 0; w < options.pumps; w++) {
    store.upsertPatient({ ...ADULT_PROFILE, patientId: wardPatient(w) }, nowMs);
    store.upsertDevice({ deviceId: wardPump(w), kind: 'insulin-pump', patientId: wardPatient(w), siteId: 'icu', asconKeyHex: Buffer.from(PUMP_KEY).toString('hex') }, nowMs);
  }
  if (options.history) prefillWard(store, options.pumps, nowMs);
  store.close();
  const configFile = join(harness.dir, 'edge.json');
  writeFileSync(configFile, JSON.stringify(harness.config));
  const switches: MeasurementSwitches = {
    ...(layers.mtls ? {} : { insecureTransportAs: join(harness.pki, 'gateway', 'gw-icu') }),
    ...(layers.audit ? {} : { auditOff: true }),
    ...(layers.ascon ? {} : { plainFrames: true }),
  };
  let started: { child: ChildProcess; port: number };
  try {
    started = await startServeChild(configFile, { switches, nodeOptions: options.nodeOptions ?? [] });
  } catch (error) {
    harness.cleanup();
    throw error;
  }
  const { child, port } = started;
  const address = `127.0.0.1:${port}`;
  const security = clientOptions({ tls: loadTlsIdentity(join(harness.pki, 'gateway', 'gw-icu')), expectedServerRole: 'edge', defaultDeadlineMs: 60_000 });
  // Insecure credentials only when the measurement turned mTLS off on the server too.
  const credentials = layers.mtls ? security.credentials : grpc.credentials.createInsecure();
  const scoring = new (loadProtos().scoring.Scoring)(address, credentials, security.options) as unknown as ScoringClient;
  const definition = protoLoader.loadSync(healthProtoPath, { enums: String, defaults: true });
  const Health = (grpc.loadPackageDefinition(definition) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } }).grpc.health.v1.Health;
  const health = new Health(address, credentials, security.options) as unknown as grpc.Client & { check(r: object, cb: (e: grpc.ServiceError | null) => void): void };
  let next = 0;
  let frameCounter = 0n;
  return {
    harness,
    port,
    nextCommand: () => {
      const w = next++ % options.pumps;
      return wireCommand({ deviceId: wardPump(w), patientId: wardPatient(w), kind: 'TEMP_BASAL', units: 0.5, durationMinutes: 30 });
    },
    gate: (command) => new Promise((resolve, reject) => scoring.gateDose(command, (e, v) => (e ? reject(e) : resolve(v!)))),
    healthCheck: () => new Promise((resolve, reject) => health.check({ service: '' }, (e) => (e ? reject(e) : resolve()))),
    stream: (commands) => pingPongStream(scoring.gateDoseStream({ deadline: Date.now() + 600_000 }), commands),
    cgmFrames: (count) => Array.from({ length: count }, () => {
      const counter = ++frameCounter;
      const payload = { v: 1 as const, type: 'cgm' as const, timestampMs: Date.now(), glucoseMgDl: 140 };
      if (layers.ascon) return sealedFrame('cgm-1', CGM_KEY, counter, payload);
      return { deviceId: 'cgm-1', counter: counter.toString(), nonce: Buffer.alloc(16), ciphertext: Buffer.from(encodeFramePayload(payload)) };
    }),
    ingest: (frames) =>
      new Promise((resolve, reject) => {
        const call = scoring.ingest((e, summary) => (e ? reject(e) : resolve(summary!.accepted)));
        for (const frame of frames) call.write(frame);
        call.end();
      }),
    serverCpuSeconds: () => cpuSecondsOf(child.pid!),
    serverMainThreadCpuSeconds: () => cpuSecondsOf(child.pid!, child.pid!), // the main thread's id is the process id
    async close() {
      scoring.close();
      health.close();
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
      harness.cleanup();
    },
  };
}

/** Writes `requests` on a bidirectional stream as fast as it takes them. @returns the replies, once there is one per request. */
function pingPongStream<Req, Res>(stream: grpc.ClientDuplexStream<Req, Res>, requests: readonly Req[]): Promise<Res[]> {
  const replies: Res[] = [];
  return new Promise((resolve, reject) => {
    stream.on('data', (reply: Res) => {
      replies.push(reply);
      if (replies.length === requests.length) resolve(replies);
    });
    stream.on('error', reject);
    let i = 0;
    const pump = (): void => {
      while (i < requests.length) {
        if (!stream.write(requests[i++]!)) {
          stream.once('drain', pump);
          return;
        }
      }
      stream.end();
    };
    pump();
  });
}

/** @returns completed calls per second and each call's latency (ms) with `concurrency` callers for `seconds`. */
export async function closedLoop(seconds: number, concurrency: number, call: () => Promise<unknown>): Promise<{ perSecond: number; latenciesMs: number[] }> {
  const latenciesMs: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      await call();
      latenciesMs.push(performance.now() - sent);
    }
  }));
  return { perSecond: latenciesMs.length / ((performance.now() - start) / 1000), latenciesMs };
}

/**
 * Open loop: `perSecond` requests on a fixed schedule for `seconds`, each latency measured from its
 * scheduled time, so a stalled server is charged for every request it delayed (no coordinated omission).
 * Between sends the generator sleeps until the next request is due (a timer, not a setImmediate spin:
 * spinning would burn one of the 2 cores the server shares with it).
 * @returns the latencies (ms) and the number of failed calls.
 */
export async function openLoop(perSecond: number, seconds: number, call: () => Promise<unknown>): Promise<{ latenciesMs: number[]; failures: number }> {
  const total = Math.round(perSecond * seconds);
  const intervalMs = 1000 / perSecond;
  const latenciesMs: number[] = [];
  let failures = 0;
  const start = performance.now() + 50;
  await new Promise<void>((resolve) => {
    let sent = 0;
    let finished = 0;
    const tick = (): void => {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      for (; sent < due; sent++) {
        const scheduled = start + sent * intervalMs;
        void call().then(() => latenciesMs.push(performance.now() - scheduled), () => failures++).finally(() => {
          if (++finished === total) resolve();
        });
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * intervalMs - performance.now()));
    };
    setTimeout(tick, 50);
  });
  return { latenciesMs, failures };
}
