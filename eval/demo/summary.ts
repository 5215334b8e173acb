import type { CohortSummary } from '../../datasets/index.js';
import type { ReplayStats } from './gateway.js';

/** Everything the demo measured. */
export interface DemoSummary {
  seconds: number;
  backend: string;
  cohort: CohortSummary;
  replays: ReplayStats[];
  roundTimes: Array<{ roundId: string; state: string; seconds: number; nodes: number }>;
  audits: Array<{ name: string; file: string; ok: boolean; entries: number; checkpoints: number }>;
  outDir: string;
  cards: string[];
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

/** Commands whose delivery does not reach the pump: held, rejected, or recognised as a replay. */
const stopped = (c: { HOLD: number; REJECT: number; DUPLICATE: number }) => c.HOLD + c.REJECT + c.DUPLICATE;

/** @returns the demo's summary as Markdown tables (printed and written to summary.md). */
export function renderSummary(summary: DemoSummary): string {
  const classes = new Map<string, { total: number; ALLOW: number; HOLD: number; REJECT: number; DUPLICATE: number; errors: number }>();
  for (const replay of summary.replays) {
    for (const [name, c] of Object.entries(replay.byClass)) {
      const entry = classes.get(name) ?? { total: 0, ALLOW: 0, HOLD: 0, REJECT: 0, DUPLICATE: 0, errors: 0 };
      for (const key of ['total', 'ALLOW', 'HOLD', 'REJECT', 'DUPLICATE', 'errors'] as const) entry[key] += c[key];
      classes.set(name, entry);
    }
  }
  const lines: string[] = ['# Vigil demo summary', ''];
  lines.push('## Verdicts on the replayed traffic (30 h: 18:00 the day before to midnight), by kind of command', '', '| commands | total | ALLOW | HOLD | REJECT | replay refused | errors | stopped |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const order = [...classes.keys()].sort((a, b) => (a === 'normal' ? -1 : b === 'normal' ? 1 : a.localeCompare(b)));
  for (const name of order) {
    const c = classes.get(name)!;
    lines.push(`| ${name} | ${c.total} | ${c.ALLOW} | ${c.HOLD} | ${c.REJECT} | ${c.DUPLICATE} | ${c.errors} | ${pct(stopped(c), c.total)} |`);
  }
  const normal = classes.get('normal') ?? { total: 0, ALLOW: 0, HOLD: 0, REJECT: 0, DUPLICATE: 0, errors: 0 };
  // A flood is judged by what gets through the rate limit, not command by command.
  const attacks = [...classes.entries()].filter(([name]) => name !== 'normal' && name !== 'command-flood');
  const flood = classes.get('command-flood');
  const attackTotal = attacks.reduce((s, [, c]) => s + c.total, 0);
  const attackStopped = attacks.reduce((s, [, c]) => s + stopped(c), 0);
  const latencies = summary.replays.flatMap((r) => r.gateLatencyMs).sort((a, b) => a - b);
  const p = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1) : '—');
  lines.push('', '## Headline', '', '| measure | value |', '| --- | --- |');
  lines.push(`| attack commands stopped (held, rejected or refused as replays; floods below) | ${attackStopped} / ${attackTotal} (${pct(attackStopped, attackTotal)}) |`);
  lines.push(`| normal commands held or rejected (false holds) | ${stopped(normal)} / ${normal.total} (${pct(stopped(normal), normal.total)}) |`);
  // At replay speed a node's ~60 ms latency is minutes of simulated time, which spreads a flood out.
  if (flood) lines.push(`| command-flood commands rate-limited (not meaningful at replay speed: latency spreads the flood in simulated time; floods are tested in real time in test/edge-scoring.test.ts) | ${flood.REJECT} / ${flood.total} |`);
  lines.push(`| GateDose latency over mTLS, p50 / p99 | ${p(0.5)} ms / ${p(0.99)} ms |`);
  const frames = summary.replays.reduce((a, r) => ({ sent: a.sent + r.framesSent, ok: a.ok + r.framesAccepted, bad: a.bad + r.framesRejected }), { sent: 0, ok: 0, bad: 0 });
  lines.push(`| device frames (Ascon-AEAD128) sent / accepted / refused | ${frames.sent} / ${frames.ok} / ${frames.bad} |`);
  const adherence = summary.replays.reduce((a, r) => ({ patients: a.patients + r.adherence.patients, alerts: a.alerts + r.adherence.alerts }), { patients: 0, alerts: 0 });
  lines.push(`| adherence predictions / alerts raised | ${adherence.patients} / ${adherence.alerts} |`);
  lines.push(`| tfjs backend | ${summary.backend} |`, `| demo wall time | ${summary.seconds.toFixed(0)} s |`);
  lines.push('', '## Federated rounds', '', '| round | state | nodes | seconds |', '| --- | --- | ---: | ---: |');
  for (const r of summary.roundTimes) lines.push(`| ${r.roundId} | ${r.state} | ${r.nodes} | ${r.seconds.toFixed(1)} |`);
  lines.push('', '## Audit logs (RFC 9162 Merkle trees), verified', '', '| log | entries | signed tree heads checked | verified |', '| --- | ---: | ---: | --- |');
  for (const a of summary.audits) lines.push(`| ${a.name} | ${a.entries} | ${a.checkpoints} | ${a.ok ? 'yes' : '**NO**'} |`);
  lines.push('', '## Where things are', '', `- everything: \`${summary.outDir}\` (cohort, PKI, keys, databases, audit logs, logs)`, `- model cards: ${summary.cards.length} in \`${summary.outDir}/reports/model-cards\` and genesis cards in \`${summary.outDir}/models/*/card.json\``, `- audit logs: \`vigil audit verify --db ${summary.outDir}/edge-icu/audit.db\``, '- per-process logs: `logs/` (JSON lines, no patient identity)');
  return lines.join('\n') + '\n';
}
