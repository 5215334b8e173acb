/**
 * The closed-loop suite's view of the dose gate: `(command, context) → verdict`. {@link rulesGate} runs
 * the real edge-node gate (edge-node/gate `gateDose`) with no model loaded — stages 2 (hard limits) and 3
 * (physiology) decide. Threat model: the issuer is compromised (the attacker holds its key and counter),
 * so stage 1 passes and the attack must be caught on its content; forged and replayed commands are
 * another suite's subject.
 */
import type { CgmReading, DoseCommand, PatientProfile } from '../../datasets/records.js';
import { DEFAULT_FRESHNESS } from '../../edge-node/gate/authenticity.js';
import { signCommand, type GateCommand } from '../../edge-node/gate/canonical-command.js';
import type { CarbEntry } from '../../edge-node/gate/dose-context.js';
import { modelsDoseContextSource } from '../../edge-node/gate/models-context-source.js';
import { libraryDrugCheck } from '../../edge-node/gate/drug-library.js';
import { gateDose, type GatePolicy } from '../../edge-node/gate/gate.js';
import { DEFAULT_CEILINGS, DEFAULT_INFUSION_STEP } from '../../edge-node/gate/hard-limits.js';
import { DEFAULT_PHYSIOLOGY } from '../../edge-node/gate/physiology.js';
import type { VerdictName } from '../../edge-node/gate/reasons.js';

/** What the gate may know when a command arrives: only the past. */
export interface GateContext {
  profile: PatientProfile;
  /** Commands delivered before this one (last ≥ 24 h), in time order. */
  delivered: readonly DoseCommand[];
  /** CGM readings up to the command's time. */
  cgm: readonly CgmReading[];
  /** Carbs announced up to the command's time. */
  carbs: readonly CarbEntry[];
}

/** The gate's answer. */
export interface GateAnswer {
  verdict: VerdictName;
  /** Reason codes, e.g. REASON_PREDICTED_HYPOGLYCAEMIA. */
  reasons: string[];
}

/** A gate as the suite calls it. */
export type GateFunction = (command: DoseCommand, context: GateContext) => GateAnswer;

const ISSUER_KEY = new Uint8Array(16).fill(7);
const NONCE = new Uint8Array(16).fill(1);

/**
 * @returns the edge-node gate on its rules path (no model: stages 1–3, stage 4 reports RULES_ONLY_NO_MODEL).
 * @param policy overrides of the gate policy (e.g. a `scorer` once a dose autoencoder is trained).
 */
export function rulesGate(policy: Partial<GatePolicy> = {}): GateFunction {
  const full: GatePolicy = {
    contextSource: modelsDoseContextSource,
    drugLibrary: libraryDrugCheck,
    scorer: null,
    freshness: DEFAULT_FRESHNESS,
    ceilings: DEFAULT_CEILINGS,
    infusionStep: DEFAULT_INFUSION_STEP,
    physiology: DEFAULT_PHYSIOLOGY,
    ...policy,
  };
  return (command, context) => {
    const signed: GateCommand = { ...command, authNonce: NONCE, authTag: signCommand(command, ISSUER_KEY, NONCE) };
    const decision = gateDose(
      {
        command: signed,
        nowMs: command.issuedAtMs,
        issuerKey: ISSUER_KEY,
        device: { patientId: command.patientId, kind: 'insulin-pump' },
        patient: { profile: context.profile, commands: context.delivered, cgm: context.cgm, carbs: context.carbs },
        lastCounter: null,
        takeRateToken: () => true,
      },
      full,
    );
    return { verdict: decision.verdict, reasons: decision.reasons.map((r) => r.code) };
  };
}
