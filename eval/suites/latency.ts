/**
 * `vigil eval latency`: what each security layer costs GateDose and Ingest — throughput, latency
 * percentiles and server CPU per call with every layer on (the production node), with one layer off at a
 * time (mTLS → plaintext gRPC on loopback; Ascon-AEAD128 → plaintext frames; durable audit → none), and
 * with all off. The switches exist only in the measurement's child process (edge-node/testing).
 */
import { ALL_LAYERS, type SecurityLayers } from '../bench/gate-load.js';
import { percentile, summarize, type Summary } from '../metrics/index.js';
import { barChart, histogram } from '../plots/index.js';
import { formatNumber, table, type HeadlineItem } from '../report/index.js';
import { measureConfiguration, startConfiguration, type ConfigurationResult, type LoadShape } from './latency-measure.js';
import type { Suite } from './suite.js';

/** Configuration of the latency suite. */
export interface LatencyConfig extends LoadShape {
  /** Each configuration runs this many times, in alternating order; scalars are medians, latencies pooled. */
  rounds: number;
  targets: { p99MsAt1000PerSecond: number };
}

/** The configurations, in report order: production first, then one layer off at a time, then none. */
export const LATENCY_CONFIGURATIONS: readonly { name: string; layers: SecurityLayers }[] = [
  { name: 'all-on', layers: ALL_LAYERS },
  { name: 'mtls-off', layers: { ...ALL_LAYERS, mtls: false } },
  { name: 'ascon-off', layers: { ...ALL_LAYERS, ascon: false } },
  { name: 'audit-off', layers: { ...ALL_LAYERS, audit: false } },
  { name: 'all-off', layers: { mtls: false, ascon: false, audit: false } },
];

/** @returns the default or quick configuration. */
export function latencyConfig(quick: boolean): LatencyConfig {
  const targets = { p99MsAt1000PerSecond: 5 };
  return quick
    ? { pumps: 32, history: true, warmupSeconds: 0.3, closedLoopSeconds: 0.5, concurrency: 16, openLoopPerSecond: 200, openLoopSeconds: 0.5, ingestFrames: 400, framesPerCall: 200, rounds: 1, targets }
    : { pumps: 512, history: true, warmupSeconds: 4, closedLoopSeconds: 5, concurrency: 64, openLoopPerSecond: 1000, openLoopSeconds: 5, ingestFrames: 20_000, framesPerCall: 1000, rounds: 3, targets };
}

/** One configuration over all rounds. */
interface Combined {
  name: string;
  layers: SecurityLayers;
  runs: ConfigurationResult[];
  unaryPerSecond: number;
  serverCpuUsPerVerdict: number;
  serverCpuUsPerFrame: number;
  ingestFramesPerSecond: number;
  openLoopMs: Summary;
  latenciesMs: number[];
}

function combine(name: string, layers: SecurityLayers, runs: ConfigurationResult[]): Combined {
  const mid = (f: (r: ConfigurationResult) => number) => percentile(runs.map(f), 50);
  const latenciesMs = runs.flatMap((r) => r.openLoopLatenciesMs);
  return {
    name, layers, runs, latenciesMs,
    unaryPerSecond: mid((r) => r.unaryPerSecond),
    serverCpuUsPerVerdict: mid((r) => r.serverCpuUsPerVerdict),
    serverCpuUsPerFrame: mid((r) => r.serverCpuUsPerFrame),
    ingestFramesPerSecond: mid((r) => r.ingestFramesPerSecond),
    openLoopMs: summarize(latenciesMs),
  };
}

const round1 = (x: number) => Number(x.toFixed(1));
const span = ([lo, hi]: [number, number]) => `${lo} to ${hi}`;
/** Per-round differences (each round measures every configuration): the spread the median hides. */
const roundRange = (on: Combined, off: Combined, f: (r: ConfigurationResult) => number): [number, number] => {
  const d = on.runs.map((r, i) => f(r) - f(off.runs[i]!));
  return [round1(Math.min(...d)), round1(Math.max(...d))];
};
const layerCost = (on: Combined, off: Combined) => ({
  cpuUsPerVerdict: round1(on.serverCpuUsPerVerdict - off.serverCpuUsPerVerdict),
  cpuUsPerVerdictRoundRange: roundRange(on, off, (r) => r.serverCpuUsPerVerdict),
  cpuUsPerFrame: round1(on.serverCpuUsPerFrame - off.serverCpuUsPerFrame),
  cpuUsPerFrameRoundRange: roundRange(on, off, (r) => r.serverCpuUsPerFrame),
  openLoopP50Ms: Number((on.openLoopMs.p50 - off.openLoopMs.p50).toFixed(3)),
  openLoopP99Ms: Number((on.openLoopMs.p99 - off.openLoopMs.p99).toFixed(3)),
  unaryThroughputRatio: Number((on.unaryPerSecond / off.unaryPerSecond).toFixed(3)),
});

/** The latency suite. */
export const latencySuite: Suite = {
  name: 'latency',
  summary: 'Cost of security: GateDose throughput, latency percentiles and server CPU with mTLS, Ascon ingest and the durable audit log on and off',
  details: 'Five configurations (all on, mTLS off, Ascon off, audit off, all off), each a fresh edge node in a child process with a 512-pump ward of realistic 30-h histories: 5 s closed loop (64 callers), 5 s open loop at 1,000 requests/s, 20,000 CGM frames; 3 rounds in alternating order. Quick: 32 pumps, 0.5-s phases at 200 requests/s, 400 frames, 1 round.',
  async run(context) {
    const config = latencyConfig(context.quick);
    const total = config.rounds * LATENCY_CONFIGURATIONS.length;
    const progress = context.progress('configurations', total);
    const runs = new Map<string, ConfigurationResult[]>(LATENCY_CONFIGURATIONS.map((c) => [c.name, []]));
    for (let round = 0; round < config.rounds; round++) {
      // Alternate the order so slow drift in the machine's load does not favour one configuration.
      const order = round % 2 === 0 ? LATENCY_CONFIGURATIONS : [...LATENCY_CONFIGURATIONS].reverse();
      // Nodes start together (start-up is most of a quick run) and are measured one at a time; an idle
      // node costs the one being measured nothing.
      const started = await Promise.allSettled(order.map((c) => startConfiguration(c.layers, config)));
      const loads = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      try {
        const failed = started.find((s) => s.status === 'rejected');
        if (failed) throw failed.reason;
        for (const [i, c] of order.entries()) {
          progress.update(round * order.length + i, `round ${round + 1}: ${c.name}`);
          runs.get(c.name)!.push(await measureConfiguration(c.name, c.layers, loads[i]!, config));
        }
      } finally {
        await Promise.allSettled(loads.map((l) => l.close()));
      }
    }
    progress.finish();
    const results = LATENCY_CONFIGURATIONS.map((c) => combine(c.name, c.layers, runs.get(c.name)!));
    const by = (name: string) => results.find((r) => r.name === name)!;
    const allOn = by('all-on');
    const allOff = by('all-off');
    const costs = { mtls: layerCost(allOn, by('mtls-off')), ascon: layerCost(allOn, by('ascon-off')), audit: layerCost(allOn, by('audit-off')), all: layerCost(allOn, allOff) };
    const atTargetRate = config.openLoopPerSecond === 1000;
    const headline: HeadlineItem[] = [
      { label: `GateDose, all layers on: verdicts/s (closed loop, ${config.concurrency} callers)`, value: formatNumber(allOn.unaryPerSecond, 4) },
      {
        label: `GateDose, all layers on: open-loop p50 / p99 at ${formatNumber(config.openLoopPerSecond)} requests/s`, value: `${allOn.openLoopMs.p50.toFixed(2)} / ${allOn.openLoopMs.p99.toFixed(2)} ms`,
        ...(atTargetRate ? { target: `p99 ≤ ${config.targets.p99MsAt1000PerSecond} ms`, met: allOn.openLoopMs.p99 <= config.targets.p99MsAt1000PerSecond } : {}),
      },
      { label: 'server CPU per verdict, all on vs all off', value: `${formatNumber(allOn.serverCpuUsPerVerdict, 3)} vs ${formatNumber(allOff.serverCpuUsPerVerdict, 3)} µs` },
      { label: `mTLS: server CPU per verdict (difference of medians; per-round range${config.rounds === 1 ? ', 1 round' : ''})`, value: `${costs.mtls.cpuUsPerVerdict} µs (${span(costs.mtls.cpuUsPerVerdictRoundRange)})` },
      { label: 'durable audit log: server CPU per verdict (same)', value: `${costs.audit.cpuUsPerVerdict} µs (${span(costs.audit.cpuUsPerVerdictRoundRange)})` },
      { label: 'Ascon-AEAD128 frame open: server CPU per ingested frame (same)', value: `${costs.ascon.cpuUsPerFrame} µs (${span(costs.ascon.cpuUsPerFrameRoundRange)})` },
    ];
    const rows = results.map((r) => [
      r.name, layerNames(r.layers), Math.round(r.unaryPerSecond), round1(r.serverCpuUsPerVerdict), r.openLoopMs.p50.toFixed(2), r.openLoopMs.p90.toFixed(2), r.openLoopMs.p99.toFixed(2), r.openLoopMs.max.toFixed(2),
      Math.round(r.ingestFramesPerSecond), round1(r.serverCpuUsPerFrame),
    ]);
    const sum = (f: (r: ConfigurationResult) => number) => Object.fromEntries(results.map((r) => [r.name, r.runs.reduce((a, run) => a + f(run), 0)]));
    return {
      config: { ...config, configurations: LATENCY_CONFIGURATIONS.map((c) => ({ name: c.name, ...c.layers })) },
      metrics: {
        verdicts: Object.fromEntries(results.map((r) => [r.name, mergeCounts(r.runs.map((run) => run.verdicts))])),
        replies: sum((r) => r.replies),
        auditedReplies: sum((r) => r.auditedReplies),
        framesAccepted: sum((r) => r.framesAccepted),
      },
      measurements: {
        configurations: Object.fromEntries(results.map((r) => [r.name, {
          unaryPerSecond: r.unaryPerSecond, serverCpuUsPerVerdict: r.serverCpuUsPerVerdict, serverCpuUsPerFrame: r.serverCpuUsPerFrame, ingestFramesPerSecond: r.ingestFramesPerSecond,
          openLoopMs: r.openLoopMs, openLoopFailures: r.runs.reduce((a, run) => a + run.openLoopFailures, 0), closedLoopMs: r.runs.map((run) => run.closedLoopMs),
          loadAverage: r.runs.map((run) => run.loadAverage),
        }])),
        layerCosts: costs,
      },
      report: {
        title: 'Latency: the cost of security',
        intro: `GateDose and Ingest against an edge node in its own process, over loopback gRPC, with every security layer on (the production node), with one layer off at a time, and with all off. A ward of ${config.pumps} pumps, each patient with ${config.history ? 'a realistic 30-h history' : 'no history'}; ${config.rounds} round${config.rounds === 1 ? '' : 's'} per configuration.`,
        about: {
          measures: 'Verdicts per second with a fixed number of callers; latency percentiles at a fixed request rate; frames ingested per second; and the server process\'s CPU time per verdict and per frame (all threads), the number that depends least on other jobs. A layer\'s cost is the difference between all on and that layer off.',
          how: `Each configuration starts a fresh node (edge-node/testing/serve-child.ts) whose layers are switched by injected collaborators that exist only in that test child: a plaintext gRPC server whose calls act as the gateway's certificate, an audit sink that keeps nothing, and a frame opener that takes the ciphertext as the plaintext (counters, payload and timestamp checks still run). After a ${config.warmupSeconds}-s warm-up: a ${config.closedLoopSeconds}-s closed loop with ${config.concurrency} callers; a ${config.openLoopSeconds}-s open loop at ${config.openLoopPerSecond} requests/s whose latencies count from each request's scheduled send time (no coordinated omission); then ${formatNumber(config.ingestFrames)} CGM frames in Ingest calls of ${config.framesPerCall}. Server CPU comes from /proc for the child process.`,
          caveats: [
            'Timings are wall-clock and CPU on this machine, shared with other jobs (load averages in `measurements`); compare configurations within one run, and prefer CPU per call to rates.',
            'The load generator runs in this process on the same machine, so at high rates it competes with the server for the CPU.',
            'With mTLS off there is no transport authentication at all: that configuration exists only to price mTLS, never to run.',
            'The store still fsyncs ingested events with every configuration; "audit off" removes only the audit log\'s append and fsync.',
            'A layer\'s cost is the difference of two noisy measurements, and CPU per verdict is not additive: how many verdicts share one audit commit, TLS record or socket read changes with throughput, so switching a layer off can make the rest cheaper or dearer per verdict. A cost whose per-round range spans zero (or is negative) is below what this machine resolves.',
          ],
        },
        headline,
        sections: [
          {
            heading: 'Configurations',
            markdown: table(['configuration', 'layers on', 'verdicts/s', 'CPU µs/verdict', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'frames/s', 'CPU µs/frame'], rows),
            plots: [
              {
                file: 'latency-histogram.svg', alt: 'Open-loop GateDose latency, all layers on and all off',
                svg: histogram({ title: 'GateDose latency, open loop', subtitle: `${formatNumber(config.openLoopPerSecond)} requests/s`, xLabel: 'Latency (ms, log scale)', logX: true, bins: 40, series: [{ name: 'all on', values: allOn.latenciesMs }, { name: 'all off', values: allOff.latenciesMs }] }),
              },
              {
                file: 'cpu-per-verdict.svg', alt: 'Server CPU per verdict by configuration',
                svg: barChart({ title: 'Server CPU per GateDose verdict', categories: results.map((r) => r.name), groups: [{ name: 'CPU per verdict', values: results.map((r) => r.serverCpuUsPerVerdict) }], yLabel: 'CPU time per verdict (µs)' }),
              },
            ],
          },
          {
            heading: 'Cost of each layer (all on minus that layer off)',
            markdown: table(['layer', 'CPU µs/verdict (per-round range)', 'CPU µs/frame (per-round range)', 'Δ p50 ms', 'Δ p99 ms', 'throughput on ÷ off'], Object.entries(costs).map(([layer, c]) => [layer, `${c.cpuUsPerVerdict} (${span(c.cpuUsPerVerdictRoundRange)})`, `${c.cpuUsPerFrame} (${span(c.cpuUsPerFrameRoundRange)})`, c.openLoopP50Ms, c.openLoopP99Ms, c.unaryThroughputRatio])),
          },
        ],
      },
    };
  },
};

function layerNames(layers: SecurityLayers): string {
  const on = [layers.mtls && 'mTLS', layers.ascon && 'Ascon', layers.audit && 'audit'].filter(Boolean);
  return on.length > 0 ? on.join(', ') : 'none';
}

function mergeCounts(counts: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of counts) for (const [k, v] of Object.entries(c)) out[k] = (out[k] ?? 0) + v;
  return out;
}
