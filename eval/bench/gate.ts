/**
 * `npm run bench -- gate`: GateDose over loopback with mTLS and a durable audit log, against a trivial
 * RPC (grpc.health.v1 Check) on the same server in the same run. The server runs in a child process
 * (its own core), the load here. Reports: unary closed-loop rate and its ratio to the trivial RPC;
 * open-loop latency at 1,000 requests/s (p50/p99), next to the trivial RPC's on the same schedule (the
 * tail the transport and the shared cores give on their own); GateDoseStream verdicts/s; the server's CPU use in
 * each phase (near 1 core: the server is the bottleneck; well below: the client or the machine is) and
 * in CPU µs per call — the whole process, its main thread alone (the event loop; the rest is its
 * SQLite write threads) — and the load generator's own CPU µs per call (it shares the 2 cores); and,
 * in process before the server starts, the dose context's own µs per command (incremental, as served,
 * and from scratch over the same history; gate-context.ts).
 * Knobs: GATE_BENCH_SECONDS (default 4), GATE_BENCH_PUMPS (default 512), GATE_BENCH_HISTORY (default 1:
 * a realistic 30-h history per patient; 0: empty histories), GATE_BENCH_CPU_PROF (directory for a
 * CPU profile of the server), GATE_BENCH_PHASES (default "unary,open,stream": which phases to run, e.g.
 * "stream" to profile one phase; the trivial RPC runs with unary and open), GATE_BENCH_NODE_OPTIONS (extra Node.js
 * options for the server, space-separated, e.g. "--max-semi-space-size=32" to try a V8 setting).
 */
import { percentile } from '../metrics/index.js';
import { measureContext } from './gate-context.js';
import { closedLoop, loadAverage, openLoop, startGateLoad, type GateLoad } from './gate-load.js';

const SECONDS = Number(process.env['GATE_BENCH_SECONDS'] ?? 4);
const PUMPS = Number(process.env['GATE_BENCH_PUMPS'] ?? 512);
const HISTORY = process.env['GATE_BENCH_HISTORY'] !== '0';
const PHASES = new Set((process.env['GATE_BENCH_PHASES'] ?? 'unary,open,stream').split(','));
const CONCURRENCY = 64;
const STREAM_COMMANDS = 30_000;

const ms = (x: number) => Number(x.toFixed(2));

/**
 * Runs `phase` (which completes `calls(result)` calls) and adds the server's CPU use over it: in cores,
 * and in CPU µs per call — the figure that does not depend on what else the machine is running.
 */
async function measured<T>(load: GateLoad, calls: (result: T) => number, phase: () => Promise<T>): Promise<T & { serverCores: number; serverCpuUsPerCall: number; serverMainThreadCpuUsPerCall: number; clientCpuUsPerCall: number }> {
  const cpu0 = load.serverCpuSeconds();
  const main0 = load.serverMainThreadCpuSeconds();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await phase();
  const cpu = load.serverCpuSeconds() - cpu0;
  const mainCpu = load.serverMainThreadCpuSeconds() - main0;
  const client = process.cpuUsage(client0);
  const n = calls(result);
  return {
    ...result, serverCores: Number((cpu / ((performance.now() - t0) / 1000)).toFixed(2)), serverCpuUsPerCall: Math.round((cpu * 1e6) / n),
    serverMainThreadCpuUsPerCall: Math.round((mainCpu * 1e6) / n), clientCpuUsPerCall: Math.round((client.user + client.system) / n),
  };
}
const completed = (r: { latenciesMs: number[] }) => r.latenciesMs.length;

/** Runs the benchmark and prints its report. */
export async function run(): Promise<void> {
  const loadBefore = loadAverage();
  const contextUs = measureContext(PUMPS);
  process.stderr.write(`dose context ${contextUs.incrementalUs} µs incremental, ${contextUs.fromScratchUs} µs from scratch; server...\n`);
  const profileDir = process.env['GATE_BENCH_CPU_PROF'];
  const load = await startGateLoad({ pumps: PUMPS, history: HISTORY, nodeOptions: [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...(process.env['GATE_BENCH_NODE_OPTIONS']?.split(' ').filter(Boolean) ?? [])] });
  try {
    const verdicts = new Map<string, number>();
    const gate = async () => {
      const v = await load.gate(load.nextCommand());
      verdicts.set(v.verdict, (verdicts.get(v.verdict) ?? 0) + 1);
    };
    await closedLoop(SECONDS, CONCURRENCY, gate); // warm-up: JIT, and every patient's state loaded
    verdicts.clear();
    const skipped = { perSecond: Number.NaN, latenciesMs: [] as number[], failures: 0, serverCores: Number.NaN, serverCpuUsPerCall: Number.NaN, serverMainThreadCpuUsPerCall: Number.NaN, clientCpuUsPerCall: Number.NaN };
    const trivial = PHASES.has('unary') ? await measured(load, completed, () => closedLoop(SECONDS, CONCURRENCY, () => load.healthCheck())) : skipped;
    const unary = PHASES.has('unary') ? await measured(load, completed, () => closedLoop(SECONDS, CONCURRENCY, gate)) : skipped;
    process.stderr.write(`trivial ${Math.round(trivial.perSecond)}/s, GateDose unary ${Math.round(unary.perSecond)}/s; open loop...\n`);
    // Signed at send time: issuedAtMs and the counter are covered by the tag.
    // The trivial RPC on the same schedule first: the transport's own tail at this rate on this machine.
    const trivialOpen = PHASES.has('open') ? await measured(load, completed, () => openLoop(1000, SECONDS, () => load.healthCheck())) : skipped;
    const open = PHASES.has('open') ? await measured(load, completed, () => openLoop(1000, SECONDS, gate)) : skipped;
    process.stderr.write(`open loop p99 ${percentile(open.latenciesMs, 99).toFixed(2)} ms (trivial RPC ${percentile(trivialOpen.latenciesMs, 99).toFixed(2)} ms, ${open.failures} failed); stream...\n`);
    // One stream, commands pre-signed in counter order (signing is the gateway's cost, not the node's).
    const commands = Array.from({ length: STREAM_COMMANDS }, () => load.nextCommand());
    const stream = PHASES.has('stream') ? await measured(load, () => STREAM_COMMANDS, async () => {
      const t0 = performance.now();
      for (const v of await load.stream(commands)) verdicts.set(v.verdict, (verdicts.get(v.verdict) ?? 0) + 1);
      return { perSecond: STREAM_COMMANDS / ((performance.now() - t0) / 1000) };
    }) : skipped;

    const report = {
      workload: { pumps: PUMPS, realisticHistory: HISTORY, seconds: SECONDS, concurrency: CONCURRENCY, streamCommands: STREAM_COMMANDS },
      loadAverage: { before: loadBefore, after: loadAverage() },
      trivialUnaryPerSecond: Math.round(trivial.perSecond),
      gateDoseUnaryPerSecond: Math.round(unary.perSecond),
      unaryRatio: Number((unary.perSecond / trivial.perSecond).toFixed(3)),
      unaryP99Ms: ms(percentile(unary.latenciesMs, 99)),
      openLoop1000PerSecond: { failed: open.failures, p50Ms: ms(percentile(open.latenciesMs, 50)), p99Ms: ms(percentile(open.latenciesMs, 99)), maxMs: ms(percentile(open.latenciesMs, 100)) },
      trivialOpenLoop1000PerSecond: { failed: trivialOpen.failures, p50Ms: ms(percentile(trivialOpen.latenciesMs, 50)), p99Ms: ms(percentile(trivialOpen.latenciesMs, 99)), maxMs: ms(percentile(trivialOpen.latenciesMs, 100)) },
      gateDoseStreamVerdictsPerSecond: Math.round(stream.perSecond),
      streamRatioToTarget10k: Number((stream.perSecond / 10_000).toFixed(3)),
      serverCores: { trivial: trivial.serverCores, unary: unary.serverCores, trivialOpenLoop: trivialOpen.serverCores, openLoop: open.serverCores, stream: stream.serverCores },
      serverCpuUsPerCall: { trivial: trivial.serverCpuUsPerCall, unary: unary.serverCpuUsPerCall, trivialOpenLoop: trivialOpen.serverCpuUsPerCall, openLoop: open.serverCpuUsPerCall, stream: stream.serverCpuUsPerCall },
      serverMainThreadCpuUsPerCall: { trivial: trivial.serverMainThreadCpuUsPerCall, unary: unary.serverMainThreadCpuUsPerCall, trivialOpenLoop: trivialOpen.serverMainThreadCpuUsPerCall, openLoop: open.serverMainThreadCpuUsPerCall, stream: stream.serverMainThreadCpuUsPerCall },
      clientCpuUsPerCall: { trivial: trivial.clientCpuUsPerCall, unary: unary.clientCpuUsPerCall, trivialOpenLoop: trivialOpen.clientCpuUsPerCall, openLoop: open.clientCpuUsPerCall, stream: stream.clientCpuUsPerCall },
      contextUsPerCommand: contextUs,
      verdictMix: Object.fromEntries(verdicts),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`unary GateDose / trivial RPC = ${(report.unaryRatio * 100).toFixed(1)}% (target ≥ 80%); p99 at 1,000/s = ${report.openLoop1000PerSecond.p99Ms} ms (target ≤ 5 ms; trivial RPC ${report.trivialOpenLoop1000PerSecond.p99Ms} ms); stream = ${report.gateDoseStreamVerdictsPerSecond}/s (target ≥ 10,000)\n`);
  } finally {
    await load.close();
  }
}
