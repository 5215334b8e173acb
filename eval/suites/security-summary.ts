/**
 * The numbers of a security run: per-drill rows (attack drills with their threat, as the paper suite
 * reads them; controls apart), totals, the store check, alerts, the flood and TOTP guessing; and the
 * findings — everything that got through or looked weak — in plain sentences.
 */
import type { Summary } from '../metrics/index.js';
import { percentile } from '../metrics/index.js';
import { percent } from '../report/index.js';
import type { AuditFindings } from './security-audit.js';
import { durableThrough, type DurableCheck } from './security-durable.js';
import type { FloodResult } from './security-flood.js';
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

/** @returns the mean seconds to guess a valid code at the measured rate (3 of 10^6 codes are valid at any time, ±1 step). */
export const expectedSecondsToGuess = (g: TotpGuessing): number => 1e6 / 3 / g.guessesPerSecond;

/** @returns the probability of guessing a valid code within `ms` at the measured rate (each guess succeeds with p = 3·10⁻⁶). */
export const guessWithinHold = (g: TotpGuessing, ms: number): number => 1 - Math.exp(-(g.guessesPerSecond * ms) / 1000 * 3e-6);

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
  if (g.acceptedAfterWrongCodes) {
    out.push({ id: 'totp-no-lockout', text: `WEAK: no lockout or slow-down on wrong TOTP codes: ${g.wrongCodes} wrong codes at ${g.guessesPerSecond.toFixed(0)}/s, then the right code was accepted on a hold that had just had ${g.perHold} wrong ones. At that rate a caller holding a clinician certificate guesses a valid code in ${(expectedSecondsToGuess(g) / 60).toFixed(1)} min on average, and within one hold's default lifetime (${run.defaultHoldTtlMs / 60_000} min) with probability ${percent(guessWithinHold(g, run.defaultHoldTtlMs), 0)}.` });
  }
  if (run.audit.rewindPassesWithoutWitness > 0) {
    out.push({ id: 'audit-rewind-needs-witness', text: `LIMIT (documented): ${run.audit.rewindPassesWithoutWitness} of ${run.audit.rewindCopies} logs rewound together with their checkpoints pass \`vigil audit verify\` without a witness file; with the coordinator's witness file every one fails.` });
  }
  if ((run.durable.alerts['ALERT_KIND_BAD_FRAME_BURST']?.[''] ?? 0) === 0) {
    out.push({ id: 'unknown-device-no-alert', text: 'WEAK (detection): frames claiming a new unknown device id each time raise no bad-frame alert: the burst detector counts per claimed id.' });
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
      totp: { wrongCodes: run.guessing.wrongCodes, perHold: run.guessing.perHold, acceptedAfterWrongCodes: run.guessing.acceptedAfterWrongCodes },
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
        guessesPerSecond: run.guessing.guessesPerSecond, expectedSecondsToGuessValidCode: expectedSecondsToGuess(run.guessing), defaultHoldTtlMs: run.defaultHoldTtlMs,
        probabilityWithinDefaultHold: guessWithinHold(run.guessing, run.defaultHoldTtlMs),
      },
      audit: { logSize: run.audit.logSize, problemKinds: run.audit.problemKinds },
      findings: findings(run).map((f) => f.text),
    },
  };
}
