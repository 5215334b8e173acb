/**
 * `vigil eval security`: drills against a running edge node (its own process, mTLS gRPC on loopback):
 * transport and roles, device frames, forged and replayed dose commands, unauthorised overrides of a
 * HOLD, floods aimed at one device, audit-log tampering on copies of the node's log, and legitimate
 * GateDose latency with and without a concurrent command flood. Each drill counts attempts, how many
 * the node blocked and how many got through (by its replies and, after it stopped, by its store).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../../datasets/random.js';
import { EdgeConfigSchema } from '../../edge-node/config.js';
import { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy } from '../../edge-node/holds/totp-lockout.js';
import { auditDrills, type AuditDrillConfig } from './security-audit.js';
import { commandDrills } from './security-commands.js';
import { checkDurableState } from './security-durable.js';
import { floodDrills, floodMeasurement, startFloodClient, type FloodConfig, type FloodResult } from './security-flood.js';
import { ingestDrills } from './security-ingest.js';
import { startSecurityNode } from './security-node.js';
import { createExpiringHolds, overrideDrills } from './security-overrides.js';
import { securityReport } from './security-report.js';
import { summariseRun, type SecurityRun } from './security-summary.js';
import type { DrillTally } from './security-tally.js';
import { transportDrills } from './security-transport.js';
import type { Suite } from './suite.js';

/** Configuration of the security suite. */
export interface SecurityConfig {
  /** Attempts per drill (frames per ingest drill, commands per command drill, holds per override drill). */
  attempts: number;
  wardPatients: number;
  holdPatients: number;
  floodPatients: number;
  /** Hold lifetime on the drill node (the default node keeps holds 15 min; the expired-hold drill waits this long). */
  holdTtlMs: number;
  wrongTotp: { codes: number; perHold: number; concurrency: number };
  /** TOTP lockout on the drill node: the default policy's shape, with seconds instead of minutes so the drill can wait one out. */
  totpLockout: LockoutPolicy;
  flood: FloodConfig;
  audit: AuditDrillConfig;
}

const DRILL_LOCKOUT: LockoutPolicy = { maxFailures: DEFAULT_LOCKOUT_POLICY.maxFailures, baseLockoutMs: 1_000, maxLockoutMs: 2_000 };

/** @returns the default or quick configuration. */
export function securityConfig(quick: boolean): SecurityConfig {
  return quick
    ? {
      attempts: 4, wardPatients: 16, holdPatients: 8, floodPatients: 4, holdTtlMs: 10_000,
      wrongTotp: { codes: 40, perHold: 10, concurrency: 8 }, totpLockout: DRILL_LOCKOUT,
      flood: { legitPerSecond: 40, phaseSeconds: 1.5, warmupSeconds: 0.3, floodConcurrency: 16, forgedCommands: 30, forgedFrames: 150, legitAfterFlood: 5 },
      audit: { copiesPerKind: 2, cliCopiesPerKind: 1, cliKinds: ['audit-rewind'] }, // the CLI takes seconds to start: the untouched copy and one rewind
    }
    : {
      attempts: 24, wardPatients: 96, holdPatients: 32, floodPatients: 8, holdTtlMs: 20_000,
      wrongTotp: { codes: 600, perHold: 20, concurrency: 16 }, totpLockout: DRILL_LOCKOUT,
      flood: { legitPerSecond: 100, phaseSeconds: 10, warmupSeconds: 1, floodConcurrency: 64, forgedCommands: 60, forgedFrames: 300, legitAfterFlood: 10 },
      audit: { copiesPerKind: 10, cliCopiesPerKind: 3 },
    };
}

/** The security suite. */
export const securitySuite: Suite = {
  name: 'security',
  summary: 'Attack drills against a running edge node over mTLS gRPC (transport, frames, forged commands, overrides, audit tampering, floods): attempts, blocked, got through',
  details: 'Default: 24 attempts per drill on a ward of 96 patients; 600 wrong TOTP codes; 10 tampered copies of the audit log per kind (3 also through `vigil audit verify`); legitimate GateDose at 100 requests/s for 10 s without and with a 64-call flood from a second gateway. Quick: 4 attempts, 16 patients, 40 codes, 2 tampered copies per kind (the CLI checks the untouched copy and one rewind), 40 requests/s for 1.5 s against a 16-call flood.',
  async run(context) {
    const config = securityConfig(context.quick);
    const random = createRandom(`security/${context.seed}`);
    const progress = context.progress('drills', 8);
    const phaseMs: Record<string, number> = {};
    let phaseStart = performance.now();
    const phase = (name: string, step: number, label: string) => {
      const now = performance.now();
      phaseMs[name] = Math.round(now - phaseStart);
      phaseStart = now;
      progress.update(step, label);
    };
    const scratch = mkdtempSync(join(tmpdir(), 'vigil-eval-security-'));
    progress.update(0, 'starting the edge node');
    const node = await startSecurityNode({ wardPatients: config.wardPatients, holdPatients: config.holdPatients, floodPatients: config.floodPatients, holdTtlMs: config.holdTtlMs, totpLockout: config.totpLockout, random: random.fork('node') });
    const flooder = startFloodClient(node, config.flood.floodConcurrency); // its start-up overlaps the drills
    try {
      const tallies: DrillTally[] = [];
      const expiring = await createExpiringHolds(node, config.attempts);
      phase('startAndExpiringHolds', 1, 'transport and roles');
      tallies.push(...await transportDrills(node, config.attempts));
      phase('transport', 2, 'dose commands');
      tallies.push(...await commandDrills(node, config.attempts, random.fork('commands')));
      phase('commands', 3, 'device frames');
      tallies.push(...await ingestDrills(node, config.attempts, random.fork('ingest')));
      phase('ingest', 4, 'floods');
      tallies.push(...await floodDrills(node, config.flood));
      const flood: FloodResult = await floodMeasurement(node, flooder, config.flood);
      phase('flood', 5, 'overrides');
      const overrides = await overrideDrills(node, config.attempts, random.fork('overrides'), expiring, config.wrongTotp, config.totpLockout);
      tallies.push(...overrides.tallies);
      const exitCode = await node.stop();
      if (exitCode !== 0) throw new Error(`the edge node exited ${exitCode} on SIGTERM`);
      phase('overridesAndStop', 6, 'store check and audit tampering');
      const durable = checkDurableState(node.paths.store, tallies);
      const audit = await auditDrills(node.paths.audit, node.paths.auditKey, scratch, config.audit, random.fork('audit'));
      tallies.push(...audit.tallies);
      phase('audit', 7, 'report');
      progress.finish();
      const defaults = EdgeConfigSchema.parse({});
      const run: SecurityRun = {
        config, drills: tallies.map((t) => t.result()), durable, flood, guessing: overrides.guessing, audit: audit.findings,
        defaultHoldTtlMs: defaults.gate.holdTtlMs, defaultRateLimit: defaults.gate.rateLimit, defaultLockout: defaults.gate.totpLockout,
      };
      const { metrics, measurements } = summariseRun(run);
      return { config: { ...config }, metrics, measurements: { ...measurements, phaseMs }, report: securityReport(run) };
    } finally {
      flooder.kill();
      await node.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
