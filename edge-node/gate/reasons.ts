/**
 * The gate's vocabulary: verdicts, reason codes (the proto's ReasonCode names), model statuses, and the
 * one rule that combines stages — a later stage can only tighten a verdict.
 */
import type { ReasonCode__Output } from '../../proto/gen/vigil/v1/ReasonCode.js';

/** A verdict, loosest first. */
export const VERDICTS = ['ALLOW', 'HOLD', 'REJECT'] as const;
/** ALLOW, HOLD or REJECT. */
export type VerdictName = (typeof VERDICTS)[number];

/** A reason code as the wire names it (e.g. 'REASON_BOLUS_ABOVE_MAX'). */
export type ReasonCodeName = Exclude<ReasonCode__Output, 'REASON_UNSPECIFIED'>;

/** One reason: its code and one sentence with the numbers that triggered it. */
export interface Reason {
  code: ReasonCodeName;
  text: string;
}

/** Whether the model stage ran (the proto's ModelStatus without its prefix). */
export type ModelStatusName = 'ACTIVE' | 'RULES_ONLY_NO_MODEL' | 'RULES_ONLY_MODEL_FAILED' | 'NOT_CONSULTED';

/** One feature's share of an anomaly score. */
export interface Attribution {
  feature: string;
  humanName: string;
  contribution: number;
  value: number;
}

/** @returns the stricter of two verdicts (REJECT > HOLD > ALLOW). */
export function tighten(current: VerdictName, proposed: VerdictName): VerdictName {
  return VERDICTS.indexOf(proposed) > VERDICTS.indexOf(current) ? proposed : current;
}

/** What one stage found: the verdict it proposes (never looser than ALLOW) and why. */
export interface StageFinding {
  verdict: VerdictName;
  reasons: Reason[];
}

/** @returns a finding with no objection. */
export function pass(): StageFinding {
  return { verdict: 'ALLOW', reasons: [] };
}

/** @returns the finding tightened by one more reason. */
export function objection(finding: StageFinding, verdict: VerdictName, code: ReasonCodeName, text: string): StageFinding {
  return { verdict: tighten(finding.verdict, verdict), reasons: [...finding.reasons, { code, text }] };
}

/** Rounds for human text (2 decimals, no trailing zeros). */
export function fmt(value: number): string {
  return String(Math.round(value * 100) / 100);
}
