/**
 * Command flood: the legitimate gateway's GateDose latency at a fixed request rate (open loop, latency
 * from each request's scheduled send time), first alone and then while another gateway floods the node
 * from its own process (security-flood-child.ts); and floods aimed at one device's id, followed by
 * that device's real traffic.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { summarize, type Summary } from '../metrics/index.js';
import type { SealedFrame } from '../../proto/gen/vigil/v1/SealedFrame.js';
import { sealedFrame } from '../../edge-node/testing/harness.js';
import type { FloodChildArgs, FloodChildSummary } from './security-flood-child.js';
import type { SecurityNode } from './security-node.js';
import { allowedCommand, gateDose, ingest } from './security-requests.js';
import { DrillTally, sleep } from './security-tally.js';

const CHILD = fileURLToPath(new URL('./security-flood-child.ts', import.meta.url));

/** Shape of the flood measurement. */
export interface FloodConfig {
  /** Legitimate GateDose requests per second in each phase. */
  legitPerSecond: number;
  phaseSeconds: number;
  warmupSeconds: number;
  /** Calls the flooder keeps in flight. */
  floodConcurrency: number;
  /** Forged commands for one pump and forged frames for one CGM (floodDrills). */
  forgedCommands: number;
  forgedFrames: number;
  /** Legitimate commands and real frames of those devices right after. */
  legitAfterFlood: number;
}

/** Legitimate traffic in one phase. */
export interface LegitPhase {
  latencyMs: Summary;
  latenciesMs: number[];
  /** Outcome label → count (all should be `ALLOW`). */
  outcomes: Record<string, number>;
}

/** What the flood measurement found. */
export interface FloodResult {
  baseline: LegitPhase;
  underFlood: LegitPhase;
  flood: FloodChildSummary & { perSecond: number };
  /** 1-minute load average before the baseline and after the flood (other jobs share the machine). */
  loadAverage: { before: number; after: number };
}

/** The flooding client process, started early so its start-up overlaps other drills. */
export interface FloodClient {
  ready: Promise<void>;
  /** Starts flooding. @returns once the child was told. */
  go(): void;
  /** Stops flooding. @returns the child's summary. */
  stop(): Promise<FloodChildSummary>;
  kill(): void;
}

/** Spawns the flooding client against `node`. @returns its handle (await `ready`). */
export function startFloodClient(node: SecurityNode, concurrency: number): FloodClient {
  const pump = (p: { patientId: string; pumpId: string }) => ({ patientId: p.patientId, pumpId: p.pumpId });
  const args: FloodChildArgs = { port: node.port, identityDir: node.identities.floodGateway, floodPumps: node.floodWard.map(pump), victimPumps: node.ward.map(pump), concurrency };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`flood client exited ${code}: ${err}`))));
  exited.catch(() => undefined);
  child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    for (const w of [...waiters]) {
      const m = w.pattern.exec(out);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const waitFor = (pattern: RegExp) => Promise.race([new Promise<RegExpExecArray>((resolve) => {
    const m = pattern.exec(out);
    if (m) resolve(m);
    else waiters.push({ pattern, resolve });
  }), exited]);
  return {
    ready: waitFor(/READY\n/).then(() => undefined),
    go: () => void child.stdin!.write('go\n'),
    async stop() {
      child.stdin!.write('stop\n');
      const m = await waitFor(/SUMMARY (.+)\n/);
      return JSON.parse(m[1]!) as FloodChildSummary;
    },
    kill: () => void (child.exitCode === null && child.kill('SIGKILL')),
  };
}

/** Sends `rate` requests per second for `seconds`, each at its scheduled time. @returns one phase. */
async function legitPhase(node: SecurityNode, rate: number, seconds: number, offset: number): Promise<LegitPhase> {
  const gw = node.client(node.identities.gateway);
  const count = Math.round(rate * seconds);
  const latenciesMs: number[] = [];
  const outcomes: Record<string, number> = {};
  const start = performance.now() + 20;
  await Promise.all(Array.from({ length: count }, async (_, i) => {
    const scheduled = start + (i * 1000) / rate;
    await sleep(Math.max(0, scheduled - performance.now()));
    const outcome = await gateDose(gw, allowedCommand(node.ward[(offset + i) % (node.ward.length - 1)]!)); // the last pump is floodDrills'
    latenciesMs.push(performance.now() - scheduled);
    outcomes[outcome.label] = (outcomes[outcome.label] ?? 0) + 1;
  }));
  return { latencyMs: summarize(latenciesMs), latenciesMs, outcomes };
}

/**
 * Floods aimed at one device, deterministic in size: forged commands claiming the last ward patient's
 * pump, then that pump's legitimate commands (control); forged frames claiming its CGM followed by the
 * CGM's real frames (control). The attack rows count the forged requests (none may be accepted); the controls
 * show whether the flood denied the device's real traffic.
 * @returns the tallies.
 */
export async function floodDrills(node: SecurityNode, config: FloodConfig): Promise<DrillTally[]> {
  const victim = node.ward[node.ward.length - 1]!;
  const gw = node.client(node.identities.gateway);
  const attackerKey = Uint8Array.from({ length: 16 }, (_, i) => 0x3c ^ i);

  const forgedCommands = new DrillTally('flood-forged-commands', 'flood', 'attack', `${config.forgedCommands} forged commands for one pump at once (wrong key), more than its rate-limit bucket holds`, 'REJECT BAD_AUTH_TAG');
  const commands = Array.from({ length: config.forgedCommands }, () => allowedCommand(victim, {}, attackerKey));
  const forgedOutcomes = await Promise.all(commands.map((c) => gateDose(gw, c)));
  forgedOutcomes.forEach((o, i) => {
    forgedCommands.evidence.commandIds.push(commands[i]!.commandId!);
    forgedCommands.record(o.label, o.error !== null || o.verdict?.verdict === 'VERDICT_REJECT');
  });
  const commandsAfter = new DrillTally('flood-commands-control', 'flood', 'control', 'That pump\'s legitimate commands right after the forged flood', 'ALLOW (the forged flood spent none of its budget)');
  for (let i = 0; i < config.legitAfterFlood; i++) {
    const o = await gateDose(gw, allowedCommand(victim));
    commandsAfter.record(o.label, o.verdict?.verdict !== 'VERDICT_ALLOW');
  }

  // One Ingest call: the real frames arrive right behind the forged ones, as they would during a sustained flood.
  const forgedFrames = new DrillTally('flood-forged-frames', 'flood', 'attack', `${config.forgedFrames} forged frames claiming one CGM (wrong key), more than its rate-limit bucket holds`, 'FRAME_REJECTION_BAD_TAG or RATE_LIMITED');
  const forged = Array.from({ length: config.forgedFrames }, (_, i) => sealedFrame(victim.cgmId, attackerKey, 1_000_000n + BigInt(i), { v: 1, type: 'cgm', timestampMs: Date.now(), glucoseMgDl: 40 }));
  const framesAfter = new DrillTally('flood-frames-control', 'flood', 'control', 'That CGM\'s real frames, right behind the forged ones in the same Ingest call', 'accepted (the forged flood spent none of its budget)');
  const real = Array.from({ length: config.legitAfterFlood }, (_, i) => sealedFrame(victim.cgmId, victim.cgmKey, BigInt(i + 1), { v: 1, type: 'cgm', timestampMs: Date.now(), glucoseMgDl: 120 }));
  const reply = await ingest(gw, [...forged, ...real]);
  recordFrames(forgedFrames, forged, reply);
  recordFrames(framesAfter, real, reply);
  return [forgedCommands, commandsAfter, forgedFrames, framesAfter];
}

function recordFrames(tally: DrillTally, frames: readonly SealedFrame[], { summary, status }: Awaited<ReturnType<typeof ingest>>): void {
  const refusals = new Map((summary?.rejections ?? []).map((r) => [Number(r.counter), r.reason]));
  for (const frame of frames) {
    const reason = status ?? refusals.get(Number(frame.counter));
    tally.evidence.frames.push({ deviceId: frame.deviceId!, counter: String(frame.counter) });
    tally.record(reason ?? 'ACCEPTED', reason !== undefined);
  }
}

/**
 * Runs the flood measurement with an already started flooding client (it is stopped here).
 * @returns both phases, the flooder's summary and the ingest-starvation check.
 */
export async function floodMeasurement(node: SecurityNode, flooder: FloodClient, config: FloodConfig): Promise<FloodResult> {
  await flooder.ready;
  const loadBefore = loadavg()[0]!;
  await legitPhase(node, config.legitPerSecond, config.warmupSeconds, 0);
  const baseline = await legitPhase(node, config.legitPerSecond, config.phaseSeconds, 1);
  flooder.go();
  await sleep(300); // let the flood reach its steady state before measuring
  let underFlood: LegitPhase;
  let flood: FloodChildSummary;
  try {
    underFlood = await legitPhase(node, config.legitPerSecond, config.phaseSeconds, 2);
  } finally {
    flood = await flooder.stop();
  }
  const replies = Object.values(flood.authentic).reduce((a, b) => a + b, 0) + Object.values(flood.forged).reduce((a, b) => a + b, 0);
  return { baseline, underFlood, flood: { ...flood, perSecond: replies / (flood.durationMs / 1000) }, loadAverage: { before: loadBefore, after: loadavg()[0]! } };
}
