/**
 * The security suite's report: headline, one section per drill group (table of attack drills and their
 * controls, bar chart of blocked vs got through), the flood (latency chart, what the flooder got, the
 * alerts the burst detectors raised), TOTP guessing, and the findings.
 */
import { availableParallelism } from 'node:os';
import { barChart } from '../plots/index.js';
import { bullets, formatNumber, percent, table, type HeadlineItem, type ReportSection, type SuiteReport } from '../report/index.js';
import { alertsByClass, attackRows, controlRows, defaultPolicyGuessing, drillCheckBound, findings, type SecurityRun } from './security-summary.js';
import { DRILL_GROUPS } from './security-tally.js';

const outcomeText = (outcomes: Record<string, number> | undefined): string =>
  outcomes ? Object.entries(outcomes).map(([label, n]) => `${label} ×${n}`).join('; ') : 'see measurements (timing-dependent split)';
const ms = (x: number) => `${x.toFixed(2)} ms`;

function groupSection(run: SecurityRun, group: (typeof DRILL_GROUPS)[number]): ReportSection | null {
  const attacks = attackRows(run).filter((a) => a.group === group.group);
  const controls = controlRows(run).filter((c) => c.group === group.group);
  if (attacks.length === 0) return null;
  // The report shows every outcome, also the timing-dependent splits metrics.json leaves to measurements.
  const seen = (name: string) => outcomeText(run.drills.find((d) => d.id === name)?.outcomes);
  const rows = [
    ...controls.map((c) => [`control: ${c.name}`, c.title, c.attempts, '—', `${c.succeeded} succeeded`, '—', seen(c.name)]),
    ...attacks.map((a) => [a.name, a.title, a.attempts, a.blocked, a.gotThrough === 0 ? '0' : `**${a.gotThrough}**`, a.storeThrough, seen(a.name)]),
  ];
  const notes = [...controls, ...attacks].flatMap((r) => r.notes.map((n) => `${r.name}: ${n}`));
  if (group.group === 'audit') {
    const kinds = Object.entries(run.audit.problemKinds).filter(([id]) => id !== 'audit-pristine');
    notes.push(`Every problem kind verify reported (the first one names the tampering; the rest depend on where it happened): ${kinds.map(([id, k]) => `${id}: ${outcomeText(k)}`).join(' · ')}.`);
  }
  return {
    heading: group.heading,
    markdown: `${table(['drill', 'what', 'attempts', 'blocked', 'got through', 'by the store', 'outcomes seen'], rows, ['left', 'left', 'right', 'right', 'right', 'right', 'left'])}${notes.length ? `\n${bullets(notes)}` : ''}`,
    plots: [{
      file: `drills-${group.group}.svg`,
      alt: `${group.heading}: blocked vs got through per drill`,
      svg: barChart({
        title: group.heading, subtitle: 'attempts blocked vs got through, per attack drill',
        categories: attacks.map((a) => a.name),
        groups: [{ name: 'blocked', values: attacks.map((a) => a.blocked), color: '#009E73' }, { name: 'got through', values: attacks.map((a) => a.gotThrough), color: '#D55E00' }],
        yLabel: 'Attempts (count)', valueFormat: (v) => v.toFixed(0),
      }),
    }],
  };
}

function floodSection(run: SecurityRun): ReportSection {
  const f = run.flood;
  const phases = [['no flood', f.baseline], ['under flood', f.underFlood]] as const;
  const alerts = Object.entries(alertsByClass(run.durable)).map(([kind, classes]) => [kind, Object.entries(classes).map(([c, n]) => `${c} ×${n}`).join(', ')]);
  const floodOutcomes = (o: Record<string, number>) => Object.entries(o).sort(([, a], [, b]) => b - a).map(([k, n]) => `${k} ×${n}`).join('; ');
  const count = (o: Record<string, number>, match: (label: string) => boolean) => Object.entries(o).reduce((n, [label, k]) => n + (match(label) ? k : 0), 0);
  const rateLimited = count(f.flood.authentic, (l) => l.includes('RATE_LIMITED'));
  const limitRejected = count(f.flood.authentic, (l) => l.includes('BOLUS_ABOVE_MAX'));
  return {
    heading: 'Command flood: legitimate GateDose latency',
    markdown: [
      `The legitimate gateway sends ${run.config.flood.legitPerSecond} GateDose requests/s (temp basals on ${run.config.wardPatients - 1} pumps, latency from each request's scheduled time) for ${run.config.flood.phaseSeconds} s alone, then for ${run.config.flood.phaseSeconds} s while a second gateway, in its own process, keeps ${run.config.flood.floodConcurrency} GateDose calls in flight: half authentic 40 U boluses for ${run.config.floodPatients} other pumps (a stolen issuer key), half forged temp basals for the legitimate gateway's pumps.\n`,
      table(['phase', 'requests', 'p50', 'p90', 'p99', 'max', 'outcomes'], phases.map(([name, p]) => [name, p.latencyMs.count, ms(p.latencyMs.p50), ms(p.latencyMs.p90), ms(p.latencyMs.p99), ms(p.latencyMs.max), outcomeText(p.outcomes)]), ['left', 'right', 'right', 'right', 'right', 'right', 'left']),
      `\nThe flooder sent ${formatNumber(f.flood.sent)} commands in ${(f.flood.durationMs / 1000).toFixed(1)} s (${formatNumber(f.flood.perSecond, 3)}/s answered). Authentic half: ${floodOutcomes(f.flood.authentic)}. Forged half: ${floodOutcomes(f.flood.forged)}. The per-pump token bucket (${run.defaultRateLimit.capacity} commands, refilled at ${run.defaultRateLimit.refillPerSecond}/s, the default) let ${limitRejected} of the authentic boluses through to the hard limits, which rejected them, and refused the other ${rateLimited} (RATE_LIMITED); the anomaly-burst detector counted the rejected boluses and recommended suspending each flooded pump once (RATE_LIMITED commands are not authentic to it, so they count for nothing). The bucket is spent only by authentic commands, so the forged half left the legitimate pumps' budgets alone. Nothing limits one gateway's share of the node as a whole.\n`,
      '**Alerts the node raised over the whole run** (from its store; devices grouped by drill ward: `hold-pump` are the pumps whose held commands the override drills used, `ward-cgm` the CGMs of the frame drills):\n',
      table(['alert', 'devices'], alerts.length ? alerts : [['(none)', '']]),
    ].join('\n'),
    plots: [{
      file: 'flood-latency.svg',
      alt: 'Legitimate GateDose latency with and without a flood',
      svg: barChart({
        title: 'Legitimate GateDose latency', subtitle: `${run.config.flood.legitPerSecond} requests/s for ${run.config.flood.phaseSeconds} s per phase; flood: ${run.config.flood.floodConcurrency} calls in flight from another gateway`,
        categories: ['p50', 'p90', 'p99', 'max'],
        groups: phases.map(([name, p]) => ({ name, values: [p.latencyMs.p50, p.latencyMs.p90, p.latencyMs.p99, p.latencyMs.max] })),
        yLabel: 'Latency (ms)', valueFormat: (v) => v.toFixed(1),
      }),
    }],
  };
}

/** @returns the report of a run. */
export function securityReport(run: SecurityRun): SuiteReport {
  const attacks = attackRows(run);
  const controls = controlRows(run);
  const clean = attacks.filter((a) => a.gotThrough === 0 && a.blocked === a.attempts).length;
  const through = attacks.reduce((n, a) => n + a.gotThrough, 0);
  const attempts = attacks.reduce((n, a) => n + a.attempts, 0);
  const okControls = controls.filter((c) => c.succeeded === c.attempts).length;
  const audit = attacks.filter((a) => a.group === 'audit');
  const auditCaught = audit.reduce((n, a) => n + a.blocked, 0);
  const auditCopies = audit.reduce((n, a) => n + a.attempts, 0);
  const pristine = controls.find((c) => c.name === 'audit-pristine');
  const f = run.flood;
  const served = (f.underFlood.outcomes['ALLOW'] ?? 0) / Math.max(1, f.underFlood.latencyMs.count);
  const found = findings(run);
  const headline: HeadlineItem[] = [
    { label: 'attack drills that blocked every attempt', value: `${clean} of ${attacks.length}`, target: 'all', met: clean === attacks.length },
    { label: 'attack attempts that got through (replies or the node\'s store)', value: `${through} of ${formatNumber(attempts)}`, target: '0', met: through === 0 },
    { label: 'controls (the same requests made legitimately) that succeeded', value: `${okControls} of ${controls.length}`, target: 'all', met: okControls === controls.length },
    { label: 'audit verify on tampered copies / on the untouched copy', value: `failed ${auditCaught} of ${auditCopies} / ${pristine?.succeeded === 1 ? 'passed' : '**failed**'}`, target: 'fail all / pass', met: auditCaught === auditCopies && pristine?.succeeded === 1 },
    { label: `legitimate GateDose p99 at ${run.config.flood.legitPerSecond}/s, no flood → under flood`, value: `${ms(f.baseline.latencyMs.p99)} → ${ms(f.underFlood.latencyMs.p99)}` },
    { label: 'legitimate commands allowed during the flood', value: percent(served) },
    { label: 'wrong TOTP codes the node checked during the brute force', value: `${run.guessing.checked} of ${run.guessing.wrongCodes} (policy bound ${drillCheckBound(run.guessing)}); the rest refused by the lockout`, target: '≤ bound', met: run.guessing.refusedLocked > 0 && run.guessing.checked <= drillCheckBound(run.guessing) },
  ];
  const g = run.guessing;
  const d = defaultPolicyGuessing(run);
  const policy = (p: typeof g.lockout, unit: 'min' | 's') => `${p.maxFailures} wrong codes → ${unit === 'min' ? p.baseLockoutMs / 60_000 : p.baseLockoutMs / 1000} ${unit}, doubling to ${unit === 'min' ? p.maxLockoutMs / 60_000 : p.maxLockoutMs / 1000} ${unit}`;
  return {
    title: 'Security drills against a running edge node',
    intro: `An edge node runs in its own process (\`edge-node/testing/serve-child.ts\`, wired as \`vigil edge serve\`) with mTLS gRPC on a loopback port, provisioned with ${run.config.wardPatients + run.config.holdPatients + run.config.floodPatients} patients, each with an insulin pump and a CGM under its own random Ascon key. ${attacks.length} attack drills (${run.config.attempts} attempts each unless stated) try to get past it; ${controls.length} controls make the same requests legitimately, so a drill cannot pass by the node refusing everything. Afterwards the node's store is read for anything an attack achieved, and copies of its audit log are tampered with and verified.`,
    about: {
      measures: 'For each drill: attempts, how many the node blocked, how many got through — by the replies, and by the node\'s store after it stopped (a forged command stored as allowed or held, an attacked hold no longer pending, an attack frame stored) — and every outcome seen (gRPC status, verdict and reason, frame rejection, verify problem and CLI exit code). Also: legitimate GateDose latency with and without a concurrent command flood, how fast wrong TOTP codes can be tried, and which alerts the burst detectors raised.',
      how: 'Requests are built with the edge-node test harness (`wireCommand`, `sealedFrame`) from a command the node allows or holds, changed in one respect only. Transport attempts open a new channel each. Holds come from real held commands (a bolus with no recent CGM); the node keeps holds for ' + `${run.config.holdTtlMs / 1000} s (instead of 15 min) so the expired-hold drill can wait for one. The flood comes from a second gateway certificate in its own process. The audit log gets the signed tree head the node would publish at its next checkpoint, which the coordinator's witness store accepts; then each copy is tampered with SQLite and checked with \`verifyLedger\` and, for the first ${run.config.audit.cliCopiesPerKind} of ${run.config.audit.cliKinds ? `the kinds ${run.config.audit.cliKinds.join(', ')}` : 'each kind'} and the untouched copy, the real \`vigil audit verify --key\` process (exit 1 = tampering, 0 = intact). Random choices (keys, codes, indices, bits) come from the seed.`,
      caveats: [
        'Attempts per drill are small (this is a drill, not a fuzzer): a drill that blocks every attempt shows the check exists and is wired, not that no variant gets through.',
        `Latencies are wall-clock on a shared machine (1-minute load average ${run.flood.loadAverage.before.toFixed(1)} before the flood measurement, ${run.flood.loadAverage.after.toFixed(1)} after, on ${availableParallelism()} cores); the legitimate client runs in this process, the node and the flooder in their own. Compare the two phases with each other, not with the latency suite. They are in \`measurements\`.`,
        'Flood drills\' split between BAD_TAG and RATE_LIMITED depends on timing and is in `measurements`; attempts, blocked and got through are not.',
        'The rogue CA\'s client trusts the node\'s CA (it is public); a MitM that also impersonates the node would need a certificate with the edge role from the node\'s CA.',
        `TOTP guessing runs against the drill node's lockout (${policy(g.lockout, 's')}) so the drill can wait one out; what the default policy (${policy(run.defaultLockout, 'min')}) allows is computed from that policy, not measured.`,
      ],
    },
    headline,
    sections: [
      { heading: 'Findings: what got through or looked weak', markdown: found.length ? bullets(found.map((x) => x.text)) : 'Nothing got through and nothing looked weak.\n' },
      ...DRILL_GROUPS.flatMap((group) => groupSection(run, group) ?? []),
      floodSection(run),
      {
        heading: 'TOTP guessing',
        markdown: table(['measure', 'value'], [
          ['wrong codes tried', `${g.wrongCodes} (${g.perHold} per hold, ${g.concurrency} in flight) in ${(g.durationMs / 1000).toFixed(1)} s (${g.guessesPerSecond.toFixed(0)}/s answered)`],
          ['checked by the node (UNAUTHENTICATED)', `${g.checked} (the drill policy allows at most ${drillCheckBound(g)} in that time)`],
          ['refused unchecked during lockouts (RESOURCE_EXHAUSTED)', String(g.refusedLocked)],
          ['correct code while locked out', g.acceptedWhileLocked ? '**accepted**' : 'refused'],
          ['correct code once the lockout ran out', g.acceptedAfterLockout ? 'accepted' : '**refused**'],
          [`default policy: codes checked within one hold lifetime (${run.defaultHoldTtlMs / 60_000} min)`, `${d.codesPerHold} → chance of a valid guess ${(d.probabilityWithinHold * 100).toPrecision(2)}%`],
          ['default policy: codes checked per day of non-stop guessing', `${d.codesPerDay} → mean time to guess a valid code ${Math.round(d.expectedDaysToGuess)} days`],
        ]),
      },
    ],
  };
}
