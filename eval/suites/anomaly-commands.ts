/**
 * Dose commands through the three detectors, in arrival order, as an edge node sees them: (1) the
 * conventional pump limits (fixed max bolus / max basal, drug-library limits for infusion pumps), (2) the
 * edge-node gate (edge-node/gate gateDose) with no model and (3) the same gate with the site's calibrated
 * dose autoencoder. Unlike eval/suites/gate-adapter.ts (whose threat model is a compromised issuer), stage 1
 * runs for real: issuers are provisioned with keys, counters are tracked per pump, the per-pump rate limit
 * (the node's token bucket) applies, so replays, forgeries and floods meet the checks built for them.
 *
 * Each gate keeps its own patient state: normal commands are always delivered into it (a false hold is
 * taken to be confirmed by a clinician), an attack command only when that gate allowed it.
 */
import type { CgmReading, DoseCommand, PatientProfile } from '../../datasets/records.js';
import { EdgeConfigSchema } from '../../edge-node/config.js';
import { doseScorerOf } from '../../edge-node/federation/federated-models.js';
import { signCommand } from '../../edge-node/gate/canonical-command.js';
import type { CarbEntry, DoseContextSource } from '../../edge-node/gate/dose-context.js';
import { libraryDrugCheck } from '../../edge-node/gate/drug-library.js';
import { gateDose, type GatePolicy } from '../../edge-node/gate/gate.js';
import { effectiveLimits } from '../../edge-node/gate/hard-limits.js';
import { modelsDoseContextSource } from '../../edge-node/gate/models-context-source.js';
import { isCoveredBolus } from '../../edge-node/gate/physiology.js';
import type { VerdictName } from '../../edge-node/gate/reasons.js';
import { RateLimiter } from '../../edge-node/ingest/rate-limit.js';
import { PatientStateTracker, type AnomalyScorer } from '../../models/index.js';
import type { AttackType } from '../../datasets/records.js';

/** A command as it arrives, with its ground truth. */
export interface ArrivingCommand {
  command: DoseCommand;
  /** Arrival at the node (issue time, except for a replayed copy). */
  arrivalMs: number;
  /** normal traffic, an attack's command, or the benign command that ends a basal attack. */
  role: 'normal' | 'attack' | 'restore';
  attackId: string | null;
  type: AttackType | null;
  /** Sealed with a key that is not the issuer's (a wrong-key forgery). */
  wrongKey: boolean;
}

/** A patient's command stream and what the node knows about the patient. */
export interface CommandStream {
  profile: PatientProfile;
  /** Provisioned devices: id → patient and kind. */
  devices: ReadonlyMap<string, { patientId: string; kind: string }>;
  /** Provisioned issuers and their keys. */
  issuerKeys: ReadonlyMap<string, Uint8Array>;
  commands: readonly ArrivingCommand[];
  cgm: readonly CgmReading[];
  carbs: readonly CarbEntry[];
}

/** What the detectors said about one command. */
export interface CommandOutcome {
  arrivalMs: number;
  kind: DoseCommand['kind'];
  role: ArrivingCommand['role'];
  attackId: string | null;
  type: AttackType | null;
  /** Within the patient's effective max bolus / max basal (stage 2's amount limits). */
  insideLimits: boolean;
  static: boolean;
  rules: VerdictName;
  gate: VerdictName;
  /** Stages 1–3 of the full gate objected (its verdict before the model). */
  gateRulesFlag: boolean;
  /** The dose autoencoder's score of the command in the full gate's context (NaN: infusion or unscorable row). */
  score: number;
  /** The same row scored with the pooled calibration instead of the site's. */
  pooledScore: number;
  /** Reason codes of the full gate (report: why normal commands were held). */
  reasons: string[];
  /** A carb-covered bolus, as edge-node/gate/physiology.ts isCoveredBolus decides (the boluses of the last 30 min count against the cover). */
  coveredBolus: boolean;
}

const FORGER_KEY = new Uint8Array(16).fill(0xa5);
const NONCE = new Uint8Array(16).fill(3);
const isInfusion = (c: DoseCommand) => c.kind === 'INFUSION_RATE' || c.kind === 'INFUSION_BOLUS';

/** @returns the node's gate policy from the edge configuration's defaults (as edge-node/main.ts builds it). */
function defaultPolicy(): Omit<GatePolicy, 'scorer' | 'contextSource'> & { rateLimit: { capacity: number; refillPerSecond: number } } {
  const g = EdgeConfigSchema.parse({}).gate;
  return {
    drugLibrary: libraryDrugCheck,
    freshness: { maxAgeMs: g.maxCommandAgeMs, maxFutureSkewMs: g.maxFutureSkewMs },
    ceilings: { maxBolusU: g.maxBolusCeilingU, maxBasalUPerHour: g.maxBasalCeilingUPerHour },
    infusionStep: { holdFactor: g.infusionStepHoldFactor },
    physiology: { fallingFastMgDlPerMin: g.fallingFastMgDlPerMin, severeHypoMgDl: g.severeHypoMgDl, coveredBolusPredictedHypo: g.coveredBolusPredictedHypo },
    rateLimit: g.rateLimit,
  };
}

/** @returns whether the conventional pump alarms: above its configured max bolus / max basal, or outside the drug library. */
export function staticCommandAlarm(command: DoseCommand, profile: PatientProfile): boolean {
  if (isInfusion(command)) {
    const infusion = command.infusion!;
    return libraryDrugCheck({ kind: command.kind as 'INFUSION_RATE' | 'INFUSION_BOLUS', ...infusion, weightKg: profile.weightKg }).status !== 'within-limits';
  }
  const limits = effectiveLimits(profile);
  if (command.kind === 'BOLUS') return command.units > limits.maxBolusU;
  if (command.kind === 'BASAL_RATE' || command.kind === 'TEMP_BASAL') return command.units > limits.maxBasalUPerHour;
  return false;
}

/** @returns whether an insulin command stays within the patient's effective max bolus / max basal. */
export function insideHardLimits(command: DoseCommand, profile: PatientProfile): boolean {
  if (isInfusion(command)) return false;
  return !staticCommandAlarm(command, profile);
}

/** One gate with its own view of the world: patient state, counters, rate limiter. */
class GateDetector {
  readonly tracker: PatientStateTracker;
  readonly #lastCounter = new Map<string, number>();
  readonly #limiter: RateLimiter;
  readonly #policy: GatePolicy;
  #nowMs = 0;
  #lastContext: ReturnType<DoseContextSource> | null = null;

  constructor(profile: PatientProfile, scorer: AnomalyScorer | null, physiology: GatePolicy['physiology'] | undefined) {
    const { rateLimit, ...base } = defaultPolicy();
    if (physiology) base.physiology = physiology;
    this.tracker = new PatientStateTracker(profile);
    this.#limiter = new RateLimiter(rateLimit, () => this.#nowMs);
    const contextSource: DoseContextSource = (state, command) => (this.#lastContext = modelsDoseContextSource(state, command));
    this.#policy = { ...base, contextSource, scorer: scorer ? doseScorerOf('anomaly-eval', scorer) : null };
  }

  /** @returns the gate's decision and the context and feature row it built (null when it built none). */
  gate(item: ArrivingCommand, stream: CommandStream) {
    const { command } = item;
    this.#nowMs = item.arrivalMs;
    this.#lastContext = null;
    const key = stream.issuerKeys.get(command.issuerId) ?? null;
    const signed = { ...command, authNonce: NONCE, authTag: signCommand(command, item.wrongKey || !key ? FORGER_KEY : key, NONCE) };
    const decision = gateDose({
      command: signed, nowMs: item.arrivalMs, issuerKey: key, device: stream.devices.get(command.deviceId) ?? null,
      patient: this.tracker.snapshot(), lastCounter: this.#lastCounter.get(command.deviceId) ?? null,
      takeRateToken: () => this.#limiter.take(command.deviceId),
    }, this.#policy);
    if (decision.authentic) this.#lastCounter.set(command.deviceId, command.counter);
    // Set by the context source during gateDose (TypeScript cannot see the callback's assignment).
    const context = this.#lastContext as ReturnType<DoseContextSource> | null;
    return { decision, context: context?.context ?? null, featureRow: context?.featureRow ?? null };
  }
}

function scoreOf(scorer: AnomalyScorer, row: Float32Array | number[] | null): number {
  if (row === null) return Number.NaN;
  try {
    return scorer.score(Float32Array.from(row)).score;
  } catch {
    return Number.NaN; // out-of-range row: the gate falls back to its rules for it
  }
}

/** The dose autoencoder as the full gate deploys it (the site's calibration) and as pooled calibration would. */
export interface DoseScorers {
  site: AnomalyScorer;
  pooled: AnomalyScorer;
}

/**
 * Replays a patient's commands (with its CGM and announced carbs) through the three detectors.
 * @param scorers the dose autoencoder for the full gate (null: the full gate equals the rules gate).
 * @param physiology stage 3's options for both gates (default: the edge configuration's).
 * @returns one outcome per command, in arrival order.
 */
export function judgeCommands(stream: CommandStream, scorers: DoseScorers | null, physiology?: GatePolicy['physiology']): CommandOutcome[] {
  const rules = new GateDetector(stream.profile, null, physiology);
  const full = new GateDetector(stream.profile, scorers?.site ?? null, physiology);
  type Event = { t: number; order: number; reading?: CgmReading; carbs?: CarbEntry; item?: ArrivingCommand };
  const events: Event[] = [
    ...stream.cgm.map((reading) => ({ t: reading.timestampMs, order: 0, reading })),
    ...stream.carbs.map((carbs) => ({ t: carbs.timestampMs, order: 0.5, carbs })),
    ...stream.commands.map((item, index) => ({ t: item.arrivalMs, order: 1 + index * 1e-9, item })),
  ].sort((a, b) => a.t - b.t || a.order - b.order);
  const out: CommandOutcome[] = [];
  for (const event of events) {
    if (event.reading) {
      rules.tracker.addCgm(event.reading);
      full.tracker.addCgm(event.reading);
      continue;
    }
    if (event.carbs) {
      rules.tracker.addCarbs(event.carbs);
      full.tracker.addCarbs(event.carbs);
      continue;
    }
    const item = event.item!;
    const { command } = item;
    const ruled = rules.gate(item, stream).decision;
    const gated = full.gate(item, stream);
    let score = Number.NaN;
    let pooledScore = Number.NaN;
    // The full gate's context, or (when stage 1 refused before building one) the same computation here.
    const source = isInfusion(command) ? null : gated.context ? { context: gated.context, featureRow: gated.featureRow } : modelsDoseContextSource(full.tracker.snapshot(), command);
    if (scorers && source) {
      const row = source.featureRow;
      score = gated.decision.modelStatus === 'ACTIVE' ? gated.decision.anomalyScore : scoreOf(scorers.site, row);
      pooledScore = scoreOf(scorers.pooled, row);
    }
    const rulesOnlyVerdict = gated.decision.verdict !== 'ALLOW' && gated.decision.reasons.some((r) => r.code !== 'REASON_ANOMALY_SCORE_ABOVE_THRESHOLD' && r.code !== 'REASON_MODEL_UNAVAILABLE');
    out.push({
      arrivalMs: item.arrivalMs, kind: command.kind, role: item.role, attackId: item.attackId, type: item.type,
      insideLimits: insideHardLimits(command, stream.profile), static: staticCommandAlarm(command, stream.profile),
      rules: ruled.verdict, gate: gated.decision.verdict, gateRulesFlag: rulesOnlyVerdict, score, pooledScore,
      reasons: gated.decision.reasons.map((r) => r.code).filter((code) => code !== 'REASON_MODEL_UNAVAILABLE'),
      coveredBolus: source !== null && isCoveredBolus(stream.profile, source.context, command.kind),
    });
    // What was delivered, as the node's patient state records it: insulin commands feed the insulin
    // features; infusion orders are ignored by them and give the infusion step rule the running dose.
    const benign = item.role !== 'attack';
    if (benign || ruled.verdict === 'ALLOW') rules.tracker.addCommand(command);
    if (benign || gated.decision.verdict === 'ALLOW') full.tracker.addCommand(command);
  }
  return out;
}
