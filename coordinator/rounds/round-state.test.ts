import { describe, expect, it } from 'vitest';
import { canTransition, decide, type RoundProgress } from './round-state.js';

const base: RoundProgress = { state: 'COLLECTING', minNodes: 2, targetNodes: 4, deadlineAtMs: 1_000, submitted: 0 };

describe('round state machine', () => {
  it('closes early when the target is reached', () => {
    expect(decide({ ...base, submitted: 4 }, 10)).toEqual({ kind: 'close', reason: 'target-reached' });
  });

  it('waits before the deadline', () => {
    expect(decide({ ...base, submitted: 3 }, 999)).toEqual({ kind: 'wait' });
  });

  it('closes at the deadline with enough nodes, dropping stragglers', () => {
    expect(decide({ ...base, submitted: 2 }, 1_000)).toEqual({ kind: 'close', reason: 'deadline' });
  });

  it('fails at the deadline with too few nodes and says how many', () => {
    const decision = decide({ ...base, submitted: 1 }, 1_000);
    expect(decision.kind).toBe('fail');
    expect(decision.kind === 'fail' && decision.reason).toContain('1 of 2');
  });

  it('never reopens a final round', () => {
    expect(decide({ ...base, state: 'PUBLISHED', submitted: 0 }, 5_000)).toEqual({ kind: 'wait' });
    expect(canTransition('PUBLISHED', 'COLLECTING')).toBe(false);
    expect(canTransition('FAILED', 'PUBLISHED')).toBe(false);
    expect(canTransition('OPEN', 'COLLECTING')).toBe(true);
    expect(canTransition('AGGREGATING', 'PUBLISHED')).toBe(true);
  });
});
