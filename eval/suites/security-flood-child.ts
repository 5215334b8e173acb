/**
 * The flooding client of the security suite, in its own process so its work does not delay the
 * legitimate client's measurements: a second gateway certificate sending GateDose as fast as the node
 * answers, `concurrency` calls at a time. Half the commands are authentic over-limit boluses for the
 * flood pumps (a stolen issuer key), half are forged temp basals for the victims' pumps (wrong key).
 * Protocol: prints `READY` once connected; floods after a `go` line on stdin; on `stop` prints
 * `SUMMARY <json>` and exits. Usage: node --import tsx security-flood-child.ts '<FloodChildArgs json>'
 */
import { createInterface } from 'node:readline';
import { createClient, loadProtos, waitForReady } from '../../common/grpc/index.js';
import { loadTlsIdentity } from '../../common/pki/index.js';
import type { GateVerdict__Output } from '../../proto/gen/vigil/v1/GateVerdict.js';
import type { ScoringClient } from '../../proto/gen/vigil/v1/Scoring.js';
import { call, wireCommand } from '../../edge-node/testing/harness.js';
import { statusName, verdictLabel } from './security-tally.js';

/** What the parent passes (security-flood.ts). */
export interface FloodChildArgs {
  port: number;
  identityDir: string;
  floodPumps: { patientId: string; pumpId: string }[];
  victimPumps: { patientId: string; pumpId: string }[];
  concurrency: number;
}

/** What the child prints at the end. */
export interface FloodChildSummary {
  sent: number;
  durationMs: number;
  /** Outcome label → count, split by the flood's two halves. */
  authentic: Record<string, number>;
  forged: Record<string, number>;
}

const args = JSON.parse(process.argv[2]!) as FloodChildArgs;
const client = createClient(loadProtos().scoring.Scoring, `127.0.0.1:${args.port}`, { tls: loadTlsIdentity(args.identityDir), expectedServerRole: 'edge', defaultDeadlineMs: 30_000 }) as unknown as ScoringClient;
await waitForReady(client as unknown as Parameters<typeof waitForReady>[0], 30_000);
const wrongKey = Uint8Array.from({ length: 16 }, (_, i) => 0xa5 ^ i);
const summary: FloodChildSummary = { sent: 0, durationMs: 0, authentic: {}, forged: {} };
let running = false;
let started = 0;

async function worker(): Promise<void> {
  while (running) {
    const n = summary.sent++;
    const authentic = n % 2 === 0;
    const pumps = authentic ? args.floodPumps : args.victimPumps;
    const pump = pumps[Math.floor(n / 2) % pumps.length]!;
    const command = authentic
      ? wireCommand({ deviceId: pump.pumpId, patientId: pump.patientId, kind: 'BOLUS', units: 40 })
      : wireCommand({ deviceId: pump.pumpId, patientId: pump.patientId, kind: 'TEMP_BASAL', units: 0.5, durationMinutes: 30 }, wrongKey);
    const { error, value } = await call<GateVerdict__Output>((cb) => client.gateDose(command, cb));
    const label = error || !value ? (error ? statusName(error) : 'EMPTY_REPLY') : verdictLabel(value);
    const tally = authentic ? summary.authentic : summary.forged;
    tally[label] = (tally[label] ?? 0) + 1;
  }
}

let workers: Promise<void>[] = [];
process.stdout.write('READY\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'go' && !running) {
    running = true;
    started = performance.now();
    workers = Array.from({ length: args.concurrency }, worker);
  } else if (line === 'stop') {
    running = false;
    await Promise.all(workers);
    summary.durationMs = started ? performance.now() - started : 0;
    process.stdout.write(`SUMMARY ${JSON.stringify(summary)}\n`);
    (client as unknown as { close(): void }).close();
    process.exit(0);
  }
}
