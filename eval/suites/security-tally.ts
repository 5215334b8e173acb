/**
 * What a drill found: attempts, how many were blocked, how many got through, and every outcome seen
 * (gRPC status, verdict and reason, frame rejection, verify problem), plus the identifiers of what it
 * sent so the node's durable state can be checked afterwards (security-durable.ts).
 */
import * as grpc from '@grpc/grpc-js';
import type { GateVerdict__Output } from '../../proto/gen/vigil/v1/GateVerdict.js';

/** Where a drill sits in the report. */
export type DrillGroup = 'transport' | 'ingest' | 'commands' | 'overrides' | 'audit' | 'flood';

/** The threat a drill stands for (DESIGN.md's threat list; the paper suite sums drills by it). */
export type Threat = 'mitm' | 'tampering' | 'forged-command' | 'override' | 'dos';

/** Report order, headings and threats of the groups. */
export const DRILL_GROUPS: readonly { group: DrillGroup; heading: string; threat: Threat }[] = [
  { group: 'transport', heading: 'Transport and roles (mTLS)', threat: 'mitm' },
  { group: 'ingest', heading: 'Device frames (Ingest)', threat: 'tampering' },
  { group: 'commands', heading: 'Forged and replayed dose commands (GateDose)', threat: 'forged-command' },
  { group: 'overrides', heading: 'Unauthorised override of a HOLD (ConfirmDose)', threat: 'override' },
  { group: 'audit', heading: 'Audit-log tampering (verifyLedger and `vigil audit verify`)', threat: 'tampering' },
  { group: 'flood', heading: 'Floods aimed at one device (DoS)', threat: 'dos' },
];

/**
 * An attack drill must block every attempt; a control is the same request made legitimately and must
 * succeed every time (otherwise the drill proves nothing: a node that refuses everything blocks everything).
 */
export type DrillKind = 'attack' | 'control';

/** Identifiers of what a drill sent, for the check against the node's store after it stopped. */
export interface DrillEvidence {
  commandIds: string[];
  holdIds: string[];
  frames: { deviceId: string; counter: string }[];
}

/** One row of the report. */
export interface DrillResult {
  id: string;
  group: DrillGroup;
  threat: Threat;
  kind: DrillKind;
  title: string;
  /** What blocking (attack) or success (control) looks like. */
  expected: string;
  attempts: number;
  /** Attack: refused. Control: wrongly refused. */
  blocked: number;
  /** Attack: got through. Control: succeeded, as it should. */
  through: number;
  /** Outcome label → count, e.g. `REJECT BAD_AUTH_TAG`, `UNAVAILABLE`, `FRAME_REJECTION_BAD_TAG`. */
  outcomes: Record<string, number>;
  notes: string[];
}

/** Counts one drill's attempts. */
export class DrillTally {
  readonly evidence: DrillEvidence = { commandIds: [], holdIds: [], frames: [] };
  readonly #outcomes = new Map<string, number>();
  readonly #notes: string[] = [];
  #attempts = 0;
  #blocked = 0;

  constructor(
    readonly id: string,
    readonly group: DrillGroup,
    readonly kind: DrillKind,
    readonly title: string,
    readonly expected: string,
  ) {}

  /** Records one attempt: its outcome label and whether the node refused it. */
  record(outcome: string, refused: boolean): void {
    this.#attempts++;
    if (refused) this.#blocked++;
    this.#outcomes.set(outcome, (this.#outcomes.get(outcome) ?? 0) + 1);
  }

  /** Adds a sentence to the report row (once). */
  note(text: string): void {
    if (!this.#notes.includes(text)) this.#notes.push(text);
  }

  /** @returns the row, outcomes sorted by label so equal runs give equal JSON. */
  result(): DrillResult {
    const outcomes = Object.fromEntries([...this.#outcomes].sort(([a], [b]) => a.localeCompare(b)));
    return {
      id: this.id, group: this.group, threat: DRILL_GROUPS.find((g) => g.group === this.group)!.threat, kind: this.kind, title: this.title, expected: this.expected,
      attempts: this.#attempts, blocked: this.#blocked, through: this.#attempts - this.#blocked, outcomes, notes: [...this.#notes],
    };
  }
}

/** @returns the status name of a gRPC error, e.g. `UNAVAILABLE`. */
export function statusName(error: grpc.ServiceError | { code?: number }): string {
  return grpc.status[error.code ?? grpc.status.UNKNOWN] ?? `STATUS_${error.code}`;
}

/** @returns a verdict as an outcome label: `REJECT BAD_AUTH_TAG`, `ALLOW` (the rules-only note left out). */
export function verdictLabel(verdict: GateVerdict__Output): string {
  const reasons = verdict.reasons.map((r) => r.code.replace(/^REASON_/, '')).filter((r) => r !== 'MODEL_UNAVAILABLE');
  return [verdict.verdict.replace(/^VERDICT_/, ''), ...reasons].join(' ');
}

/** @returns a promise that resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
