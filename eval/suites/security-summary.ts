/**
 * The numbers of a security run: per-drill rows (attack drills with their threat, as the paper suite
 * reads them; controls apart), totals, the store check, alerts, the flood and TOTP guessing; and the
 * findings — everything that got through or looked weak — in plain sentences.
 */
import type { Summary } from '../metrics/index.js';
import { percentile } from '../metrics/index.js';
import type { AuditFindings } from './security-audit.js';
import { durableThrough, type DurableCheck } from './security-durable.js';
import type { FloodResult } from './security-flood.js';
import { type LockoutPolicy, TotpLockout } from '../../edge-node/holds/totp-lockout.js';
import type { TotpGuessing } from './security-overrides.js';
import type { DrillResult } from './security-tally.js';
import type { SecurityConfig } from './security.js';

/** Everything a run produced, before it is split into metrics, measurements and the report. */
export interface SecurityRun {
  config: SecurityConfig;
  drills: DrillResult[];
  durable: DurableCheck;
  flood: FloodResult;
  guessing: TotpGuessing;
  audit: AuditFindings;
  /** The production default hold lifetime, against which TOTP guessing is judged. */
  defaultHoldTtlMs: number;
  /** The node's per-pump GateDose token bucket (the default configuration). */
  defaultRateLimit: { capacity: number; refillPerSecond: number };
  /** The default TOTP lockout policy, against which guessing is judged. */
  defaultLockout: LockoutPolicy;
}

/** An attack drill as metrics.json lists it. */
export interface AttackRow {
  name: string;
  threat: string;
  group: string;
  title: string;
  expected: string;
  attempts: number;
  blocked: number;
  /** Got through by the replies, or by the node's store afterwards, whichever is larger. */
  gotThrough: number;
  /** What the store shows got through (commands not rejected, holds decided, frames stored). */
  storeThrough: number;
  /** Outcome label → count; omitted for floods, whose split (BAD_TAG vs RATE_LIMITED) depends on timing. */
  outcomes?: Record<string, number>;
  notes: string[];
}

/** A control as metrics.json lists it. */
export interface ControlRow {
  name: string;
  group: string;
  title: string;
  attempts: number;
  succeeded: number;
  outcomes?: Record<string, number>;
  notes: string[];
}

const timingDependent = (d: DrillResult) => d.group === 'flood';

/** @returns the attack rows. */
export function attackRows(run: SecurityRun): AttackRow[] {
  return run.drills.filter((d) => d.kind === 'attack').map((d) => {
    const storeThrough = durableThrough(run.durable.drills[d.id]);
    return {
      name: d.id, threat: d.threat, group: d.group, title: d.title, expected: d.expected, attempts: d.attempts, blocked: d.blocked,
      gotThrough: Math.max(d.through, storeThrough), storeThrough, ...(timingDependent(d) ? {} : { outcomes: d.outcomes }), notes: d.notes,
    };
  });
}

/** @returns the control rows. */
export function controlRows(run: SecurityRun): ControlRow[] {
  return run.drills.filter((d) => d.kind === 'control').map((d) => ({
    name: d.id, group: d.group, title: d.title, attempts: d.attempts, succeeded: d.through, ...(timingDependent(d) ? {} : { outcomes: d.outcomes }), notes: d.notes,
  }));
}

/** @returns alerts by kind (without the ALERT_KIND_ prefix), devices grouped by class (`hold-pump`, `flood-pump`, `ward-cgm`, ...; '' = no device). */
export function alertsByClass(durable: DurableCheck): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [kind, devices] of Object.entries(durable.alerts)) {
    const classes: Record<string, number> = {};
    for (const [device, n] of Object.entries(devices)) {
      const cls = device === '' ? '(none)' : device.replace(/-\d+$/, '');
      classes[cls] = (classes[cls] ?? 0) + n;
    }
    out[kind.replace(/^ALERT_KIND_/, '')] = classes;
  }
  return out;
}

const shares = (outcomes: Record<string, number>) => Object.values(outcomes).reduce((a, b) => a + b, 0);

/** A guess is right with p = 3·10⁻⁶: three codes of 10⁶ are accepted (one step of drift either way). */
const P_GUESS = 3e-6;
const DAY_MS = 86_400_000;

/** @returns how many codes `policy` has checked within `ms` for a guesser who never pauses, from a clean state (an upper bound). */
export function codesCheckedWithin(policy: LockoutPolicy, ms: number): number {
  const lockout = new TotpLockout(policy, () => ({ failures: 0, lockouts: 0, lockedUntilMs: 0 }));
  let checked = 0;
  for (let now = 0; now < ms; now += lockout.lockedForMs('g', now)) {
    while (lockout.lockedForMs('g', now) === 0) { lockout.fail('g', now); checked++; }
  }
  return checked;
}

/** What the default policy allows a guesser holding a clinician certificate. */
export function defaultPolicyGuessing(run: SecurityRun): { codesPerHold: number; probabilityWithinHold: number; codesPerDay: number; expectedDaysToGuess: number } {
  const codesPerHold = codesCheckedWithin(run.defaultLockout, run.defaultHoldTtlMs);
  const codesPerDay = codesCheckedWithin(run.defaultLockout, DAY_MS);
  return { codesPerHold, probabilityWithinHold: 1 - (1 - P_GUESS) ** codesPerHold, codesPerDay, expectedDaysToGuess: 1 / (P_GUESS * codesPerDay) };
}

/** @returns the most codes the drill node's policy could have checked while the guesses ran. */
export const drillCheckBound = (g: TotpGuessing): number => codesCheckedWithin(g.lockout, g.durationMs);

/** One thing that got through or looked weak; `id` is stable (metrics), `text` carries the measured numbers. */
export interface Finding {
  id: string;
  text: string;
}

/** @returns what got through and what looked weak, in plain sentences. */
export function findings(run: SecurityRun): Finding[] {
  const out: Finding[] = [];
  for (const row of attackRows(run)) {
    if (row.gotThrough > 0) out.push({ id: `through:${row.name}`, text: `GOT THROUGH: ${row.name} (${row.title}): ${row.gotThrough} of ${row.attempts} attempts (by the store: ${row.storeThrough}).` });
  }
  for (const c of controlRows(run)) {
    if (c.succeeded === c.attempts) continue;
    const detail = run.drills.find((d) => d.id === c.name)!.outcomes;
    out.push({ id: `control-failed:${c.name}`, text: `CONTROL FAILED: ${c.name} (${c.title}): ${c.succeeded} of ${c.attempts} succeeded (${Object.entries(detail).map(([k, n]) => `${k} ×${n}`).join(', ')}).` });
    if (c.name === 'flood-frames-control') {
      out.push({ id: 'ingest-token-before-tag', text: 'WEAK: Ingest takes a device\'s rate-limit token before the frame\'s tag is checked, so anyone who can get frames to the gateway can silence a CGM by sending frames under its id with any key (GateDose spends a pump\'s token only for authentic commands).' });
    }
  }
  const g = run.guessing;
  if (g.refusedLocked === 0) {
    out.push({ id: 'totp-no-lockout', text: `WEAK: no lockout on wrong TOTP codes: all ${g.wrongCodes} wrong codes were checked, at ${g.guessesPerSecond.toFixed(0)}/s.` });
  }
  if (g.checked > drillCheckBound(g)) {
    out.push({ id: 'totp-lockout-overrun', text: `GOT THROUGH: the node checked ${g.checked} wrong TOTP codes in ${(g.durationMs / 1000).toFixed(1)} s; its lockout policy allows at most ${drillCheckBound(g)} (concurrent guesses overran the limit).` });
  }
  if (g.acceptedWhileLocked) {
    out.push({ id: 'totp-lockout-bypassed', text: 'GOT THROUGH: the correct TOTP code was accepted while the clinician was locked out.' });
  }
  if (run.audit.rewindPassesWithoutWitness > 0) {
    out.push({ id: 'audit-rewind-needs-witness', text: `LIMIT (documented): ${run.audit.rewindPassesWithoutWitness} of ${run.audit.rewindCopies} logs rewound together with their checkpoints pass \`vigil audit verify\` without a witness file; with the coordinator's witness file every one fails.` });
  }
  if ((run.durable.alerts['ALERT_KIND_BAD_FRAME_BURST']?.[''] ?? 0) === 0) {
    out.push({ id: 'unknown-device-no-alert', text: 'WEAK (detection): frames claiming a new unknown device id each time raised no bad-frame alert.' });
  }
  const ratio = run.flood.underFlood.latencyMs.p99 / run.flood.baseline.latencyMs.p99;
  if (ratio > 3) {
    out.push({ id: 'flood-latency', text: `SLOW: legitimate GateDose p99 rose ${ratio.toFixed(1)}× under the flood (${run.flood.baseline.latencyMs.p99.toFixed(1)} → ${run.flood.underFlood.latencyMs.p99.toFixed(1)} ms); nothing limits one gateway's share of the node.` });
  }
  return out;
}

/** @returns metrics (deterministic given seed and code) and measurements (timings) of a run. */
export function summariseRun(run: SecurityRun): { metrics: Record<string, unknown>; measurements: Record<string, unknown> } {
  const attacks = attackRows(run);
  const controls = controlRows(run);
  const f = run.flood;
  const served = (f.underFlood.outcomes['ALLOW'] ?? 0) / Math.max(1, shares(f.underFlood.outcomes));
  const audit = attacks.filter((a) => a.group === 'audit');
  const summary = (s: Summary) => ({ count: s.count, p50: s.p50, p90: s.p90, p99: s.p99, max: s.max, mean: s.mean });
  return {
    metrics: {
      drills: attacks,
      controls,
      totals: {
        attackDrills: attacks.length, drillsBlockingEverything: attacks.filter((a) => a.gotThrough === 0 && a.blocked === a.attempts).length,
        attempts: attacks.reduce((n, a) => n + a.attempts, 0), blocked: attacks.reduce((n, a) => n + a.blocked, 0), gotThrough: attacks.reduce((n, a) => n + a.gotThrough, 0),
        controls: controls.length, controlsSucceeding: controls.filter((c) => c.succeeded === c.attempts).length,
      },
      audit: {
        pristinePasses: controls.find((c) => c.name === 'audit-pristine')?.succeeded === 1, tamperedCopies: audit.reduce((n, a) => n + a.attempts, 0),
        caught: audit.reduce((n, a) => n + a.blocked, 0), witnessAccepted: run.audit.witnessAccepted, rewindPassesWithoutWitness: run.audit.rewindPassesWithoutWitness,
      },
      alerts: alertsByClass(run.durable),
      flood: {
        legitimateServedRate: served, legitimateOutcomesBaseline: f.baseline.outcomes, legitimateOutcomesUnderFlood: f.underFlood.outcomes,
        legitimateRequestsPerPhase: shares(f.baseline.outcomes),
      },
      totp: {
        wrongCodes: run.guessing.wrongCodes, perHold: run.guessing.perHold, lockedOut: run.guessing.refusedLocked > 0, withinPolicy: run.guessing.checked <= drillCheckBound(run.guessing),
        acceptedWhileLocked: run.guessing.acceptedWhileLocked, acceptedAfterLockout: run.guessing.acceptedAfterLockout, drillPolicy: run.guessing.lockout, defaultPolicy: run.defaultLockout,
        defaultPolicy15MinCodes: defaultPolicyGuessing(run).codesPerHold,
      },
      findings: findings(run).map((f) => f.id).filter((id) => id !== 'flood-latency'), // the latency finding depends on timing
    },
    measurements: {
      flood: {
        quietP99Ms: f.baseline.latencyMs.p99, floodedP99Ms: f.underFlood.latencyMs.p99, baselineMs: summary(f.baseline.latencyMs), underFloodMs: summary(f.underFlood.latencyMs),
        floodRequestsPerSecond: f.flood.perSecond, floodSent: f.flood.sent, floodDurationMs: f.flood.durationMs, floodOutcomes: { authentic: f.flood.authentic, forged: f.flood.forged },
        p999Ms: { baseline: percentile(f.baseline.latenciesMs, 99.9), underFlood: percentile(f.underFlood.latenciesMs, 99.9) },
        loadAverage: f.loadAverage,
      },
      floodDrillOutcomes: Object.fromEntries(run.drills.filter(timingDependent).map((d) => [d.id, d.outcomes])),
      totp: {
        guessesPerSecond: run.guessing.guessesPerSecond, durationMs: run.guessing.durationMs, checked: run.guessing.checked, refusedLocked: run.guessing.refusedLocked,
        checkBound: drillCheckBound(run.guessing), defaultHoldTtlMs: run.defaultHoldTtlMs, defaultPolicy: defaultPolicyGuessing(run),
      },
      audit: { logSize: run.audit.logSize, problemKinds: run.audit.problemKinds },
      findings: findings(run).map((f) => f.text),
    },
  };
}
