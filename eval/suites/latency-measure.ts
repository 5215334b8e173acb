/**
 * One configuration of `vigil eval latency`: an edge node started with the given security layers, warmed
 * up, then GateDose closed loop (throughput, latency), GateDose open loop at a fixed rate (latency from
 * each request's scheduled time) and Ingest (frames/s) — with the server's CPU per call, the figure
 * that depends least on other jobs sharing the machine.
 */
import { closedLoop, loadAverage, openLoop, startGateLoad, type GateLoad, type SecurityLayers } from '../bench/gate-load.js';
import { summarize, type Summary } from '../metrics/index.js';

/** What each configuration runs. */
export interface LoadShape {
  pumps: number;
  history: boolean;
  warmupSeconds: number;
  closedLoopSeconds: number;
  concurrency: number;
  openLoopPerSecond: number;
  openLoopSeconds: number;
  ingestFrames: number;
  framesPerCall: number;
}

/** The numbers of one configuration. */
export interface ConfigurationResult {
  name: string;
  layers: SecurityLayers;
  /** Deterministic: replies by verdict, and how many carried an audit leaf hash. */
  verdicts: Record<string, number>;
  auditedReplies: number;
  replies: number;
  framesAccepted: number;
  /** Machine-dependent. */
  unaryPerSecond: number;
  closedLoopMs: Summary;
  openLoopMs: Summary;
  openLoopFailures: number;
  openLoopLatenciesMs: number[];
  ingestFramesPerSecond: number;
  serverCpuUsPerVerdict: number;
  serverCpuUsPerFrame: number;
  loadAverage: { before: number[]; after: number[] };
}

async function cpuOf<T>(load: GateLoad, work: () => Promise<T>): Promise<{ result: T; cpuUs: number; seconds: number }> {
  const cpu0 = load.serverCpuSeconds();
  const t0 = performance.now();
  const result = await work();
  return { result, cpuUs: (load.serverCpuSeconds() - cpu0) * 1e6, seconds: (performance.now() - t0) / 1000 };
}

/** @returns a started node with `layers` and the load's ward (start several at once: start-up dominates short runs). */
export function startConfiguration(layers: SecurityLayers, shape: LoadShape): Promise<GateLoad> {
  return startGateLoad({ pumps: shape.pumps, history: shape.history, layers });
}

/** Measures a started node (the caller closes it). @returns the configuration's numbers. */
export async function measureConfiguration(name: string, layers: SecurityLayers, load: GateLoad, shape: LoadShape): Promise<ConfigurationResult> {
  const before = loadAverage();
  const verdicts: Record<string, number> = {};
  let auditedReplies = 0;
  let replies = 0;
  const gate = async (): Promise<void> => {
    const v = await load.gate(load.nextCommand());
    verdicts[v.verdict] = (verdicts[v.verdict] ?? 0) + 1;
    replies++;
    if (v.audit?.leafHashHex) auditedReplies++;
  };
  await closedLoop(shape.warmupSeconds, shape.concurrency, () => load.gate(load.nextCommand()));
  const closed = await cpuOf(load, () => closedLoop(shape.closedLoopSeconds, shape.concurrency, gate));
  const open = await openLoop(shape.openLoopPerSecond, shape.openLoopSeconds, gate);
  const ingest = await cpuOf(load, async () => {
    let accepted = 0;
    for (let sent = 0; sent < shape.ingestFrames; sent += shape.framesPerCall) accepted += await load.ingest(load.cgmFrames(Math.min(shape.framesPerCall, shape.ingestFrames - sent)));
    return accepted;
  });
  return {
    name, layers, verdicts, auditedReplies, replies, framesAccepted: ingest.result,
    unaryPerSecond: closed.result.perSecond,
    closedLoopMs: summarize(closed.result.latenciesMs),
    openLoopMs: summarize(open.latenciesMs),
    openLoopFailures: open.failures,
    openLoopLatenciesMs: open.latenciesMs,
    ingestFramesPerSecond: shape.ingestFrames / ingest.seconds,
    serverCpuUsPerVerdict: closed.cpuUs / closed.result.latenciesMs.length,
    serverCpuUsPerFrame: ingest.cpuUs / shape.ingestFrames,
    loadAverage: { before, after: loadAverage() },
  };
}
