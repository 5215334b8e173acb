/**
 * The round state machine, pure: OPEN → COLLECTING → AGGREGATING → PUBLISHED | FAILED.
 * OPEN: plans are handed out; COLLECTING: at least one update is in; AGGREGATING: closed, the encrypted
 * sum is being sealed; PUBLISHED: the sum can be downloaded; FAILED: closed without enough nodes.
 */

export const ROUND_STATES = ['OPEN', 'COLLECTING', 'AGGREGATING', 'PUBLISHED', 'FAILED'] as const;
/** A round's state. */
export type RoundState = (typeof ROUND_STATES)[number];

/** What the state machine needs to know about a round. */
export interface RoundProgress {
  state: RoundState;
  minNodes: number;
  targetNodes: number;
  deadlineAtMs: number;
  /** Nodes whose complete, verified update is in the sum. */
  submitted: number;
}

/** What to do next. */
export type RoundDecision =
  | { kind: 'wait' }
  | { kind: 'close'; reason: 'target-reached' | 'deadline' }
  | { kind: 'fail'; reason: string };

/** @returns true when the round still accepts updates. */
export function acceptsUpdates(state: RoundState): boolean {
  return state === 'OPEN' || state === 'COLLECTING';
}

/** @returns true when the round will not change any more. */
export function isFinal(state: RoundState): boolean {
  return state === 'PUBLISHED' || state === 'FAILED';
}

/**
 * Decides whether an open round closes now: when the target is reached, or at the deadline with at
 * least `minNodes` (stragglers are dropped), else it fails at the deadline.
 */
export function decide(round: RoundProgress, nowMs: number): RoundDecision {
  if (!acceptsUpdates(round.state)) return { kind: 'wait' };
  if (round.submitted >= round.targetNodes) return { kind: 'close', reason: 'target-reached' };
  if (nowMs < round.deadlineAtMs) return { kind: 'wait' };
  if (round.submitted >= round.minNodes) return { kind: 'close', reason: 'deadline' };
  return { kind: 'fail', reason: `deadline passed with ${round.submitted} of ${round.minNodes} required nodes` };
}

const ALLOWED: Record<RoundState, readonly RoundState[]> = {
  OPEN: ['COLLECTING', 'AGGREGATING', 'FAILED'],
  COLLECTING: ['AGGREGATING', 'FAILED'],
  AGGREGATING: ['PUBLISHED', 'FAILED'],
  PUBLISHED: [],
  FAILED: [],
};

/** @returns whether `from → to` is a legal transition. */
export function canTransition(from: RoundState, to: RoundState): boolean {
  return ALLOWED[from].includes(to);
}
