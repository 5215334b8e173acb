/**
 * The edge node's configuration (`vigil edge serve --config FILE`, YAML or JSON, `VIGIL__` env
 * overrides); every field has a default.
 */
import { z } from 'zod';
import { FederationSectionSchema } from './federation/federation-config.js';
import { DEFAULT_LOCKOUT_POLICY } from './holds/totp-lockout.js';
import { DEFAULT_INFUSION_STEP } from './gate/hard-limits.js';

const bucket = (capacity: number, refillPerSecond: number) =>
  z.strictObject({ capacity: z.number().positive().default(capacity), refillPerSecond: z.number().positive().default(refillPerSecond) }).prefault({});
const burst = (threshold: number, windowMs: number, cooldownMs: number) =>
  z.strictObject({ threshold: z.number().int().positive().default(threshold), windowMs: z.number().int().positive().default(windowMs), cooldownMs: z.number().int().nonnegative().default(cooldownMs) }).prefault({});

/** Configuration schema of an edge node. */
export const EdgeConfigSchema = z.strictObject({
  listen: z.strictObject({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(7500) }).prefault({}),
  /** Prometheus /metrics on a separate loopback HTTP port (0 = any free port; enabled false = off). */
  metrics: z.strictObject({ enabled: z.boolean().default(true), host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(9464) }).prefault({}),
  /** Holds edge.db (store) and audit.db (audit log). */
  dataDir: z.string().default('./vigil-edge'),
  /** TLS identity directory made by `vigil pki init` (edge role). */
  identity: z.string().default('./pki/edge/icu'),
  /** Signed-note key of the node's audit log; created (mode 0600) when missing. */
  auditKey: z.string().default('./vigil-edge/audit.key'),
  auditOrigin: z.string().default('vigil/edge'),
  /** How long in-flight calls may finish on SIGTERM. */
  drainMs: z.number().int().nonnegative().default(5_000),
  gate: z.strictObject({
    maxCommandAgeMs: z.number().int().positive().default(5 * 60_000),
    maxFutureSkewMs: z.number().int().nonnegative().default(30_000),
    holdTtlMs: z.number().int().positive().default(15 * 60_000),
    /** ConfirmDose: after `maxFailures` wrong TOTP codes a clinician is locked for base, doubling to max (holds/totp-lockout.ts). */
    totpLockout: z.strictObject({
      maxFailures: z.number().int().positive().default(DEFAULT_LOCKOUT_POLICY.maxFailures),
      baseLockoutMs: z.number().int().positive().default(DEFAULT_LOCKOUT_POLICY.baseLockoutMs),
      maxLockoutMs: z.number().int().positive().default(DEFAULT_LOCKOUT_POLICY.maxLockoutMs),
    }).prefault({}),
    rateLimit: bucket(10, 1),
    maxBolusCeilingU: z.number().positive().default(30),
    maxBasalCeilingUPerHour: z.number().positive().default(35),
    /** An INFUSION_RATE order above this many times the pump's running dose of the drug is held (gate/hard-limits.ts). */
    infusionStepHoldFactor: z.number().gt(1).default(DEFAULT_INFUSION_STEP.holdFactor),
    fallingFastMgDlPerMin: z.number().positive().default(2),
    severeHypoMgDl: z.number().positive().default(54),
    /** A predicted low on a carb-covered bolus: 'hold' (default) or 'warn' (ALLOW with the reason; gate/physiology.ts). A clinical decision. */
    coveredBolusPredictedHypo: z.enum(['hold', 'warn']).default('hold'),
    anomalyBurst: burst(3, 10 * 60_000, 10 * 60_000),
    /** Requests read and not yet answered per GateDoseStream or ScoreTelemetry call; reading pauses at this many. */
    maxInFlightPerStream: z.number().int().positive().default(4096),
  }).prefault({}),
  ingest: z.strictObject({
    maxSkewMs: z.number().int().positive().default(30 * 60_000),
    rateLimit: bucket(120, 20),
    badFrameBurst: burst(5, 60_000, 5 * 60_000),
    maxInFlight: z.number().int().positive().default(1024),
  }).prefault({}),
  adherence: z.strictObject({ alertRisk: z.number().min(0).max(1).default(0.6) }).prefault({}),
  /** Models deployed from a directory at start (not federated): `telemetry` from `vigil edge train-telemetry`. */
  models: z.strictObject({ telemetry: z.string().optional() }).prefault({}),
  /** Take part in federated rounds (absent: the node serves rules and any model it already promoted). */
  federation: FederationSectionSchema.optional(),
  /**
   * Simulations and demos only: a virtual clock, now = virtualStartMs + (wall clock − realStartMs) × speed,
   * so a recorded day can be replayed in minutes. Absent (always, in a hospital): the system clock.
   */
  simulatedClock: z.strictObject({ virtualStartMs: z.number().int(), realStartMs: z.number().int(), speed: z.number().positive().max(100_000) }).optional(),
});

/** Parsed, frozen edge configuration. */
export type EdgeConfig = z.infer<typeof EdgeConfigSchema>;
