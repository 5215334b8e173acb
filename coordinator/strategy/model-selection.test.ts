import { describe, expect, it } from 'vitest';
import { selectDeployable, type DeployCandidate } from './model-selection.js';

const candidate = (seq: number, metrics: Record<string, number>, overrides: Partial<DeployCandidate> = {}): DeployCandidate => ({
  version: `v${seq}`, roundId: `r${seq}`, roundSeq: seq, rated: 'candidate', reports: 3, minNodes: 2,
  summary: { metrics, agreedWeightsSha256Hex: `v${seq}`, flagged: false, promotedBy: 3 },
  ...overrides,
});

describe('selectDeployable', () => {
  it('ranks dose candidates by detection, then fewer false alarms, then the later round', () => {
    const picked = selectDeployable('MODEL_KIND_DOSE_AUTOENCODER', [
      candidate(1, { detection_rate: 0.9, false_alarm_rate: 0.010 }),
      candidate(2, { detection_rate: 0.9, false_alarm_rate: 0.008 }),
      candidate(3, { detection_rate: 0.9, false_alarm_rate: 0.012 }),
    ]);
    expect(picked).toMatchObject({ version: 'v2', metric: 'detection_rate', ranked: 3 });
    expect(selectDeployable('MODEL_KIND_DOSE_AUTOENCODER', [candidate(1, { detection_rate: 0.9 }), candidate(2, { detection_rate: 0.9 })])?.version).toBe('v2');
  });

  it('ranks adherence candidates by the mean AUROC of both heads', () => {
    const picked = selectDeployable('MODEL_KIND_ADHERENCE', [
      candidate(1, { auroc_miss_next: 0.90, auroc_pdc_below_80: 0.70 }),
      candidate(2, { auroc_miss_next: 0.82, auroc_pdc_below_80: 0.85 }),
    ]);
    expect(picked?.version).toBe('v2');
    expect(picked?.metric).toBe('mean(auroc_miss_next, auroc_pdc_below_80)');
    expect(picked?.score).toBeCloseTo(0.835, 12);
  });

  it('skips flagged, incomplete and metric-less candidates, and returns null when none is left', () => {
    const skipped = [
      candidate(1, { detection_rate: 0.99 }, { reports: 1 }),
      candidate(2, { detection_rate: 0.99 }, { summary: { metrics: { detection_rate: 0.99 }, agreedWeightsSha256Hex: null, flagged: true, promotedBy: 0 } }),
      candidate(3, { train_loss: 0.1 }),
    ];
    expect(selectDeployable('MODEL_KIND_DOSE_AUTOENCODER', skipped)).toBeNull();
    expect(selectDeployable('MODEL_KIND_DOSE_AUTOENCODER', [...skipped, candidate(4, { detection_rate: 0.5 })])?.version).toBe('v4');
  });

  it('ranks the version a round started from like a candidate, and says so when it wins', () => {
    const base = candidate(0.5, { detection_rate: 0.34 }, { version: 'genesis', roundId: 'r1', rated: 'base', summary: { metrics: { detection_rate: 0.34 }, agreedWeightsSha256Hex: 'genesis', flagged: false, promotedBy: 0 } });
    const picked = selectDeployable('MODEL_KIND_DOSE_AUTOENCODER', [candidate(1, { detection_rate: 0.2 }), base, candidate(2, { detection_rate: 0.18 })]);
    expect(picked).toMatchObject({ version: 'genesis', roundId: 'r1', ranked: 3 });
    expect(picked?.reason).toContain('the version round r1 started from');
    expect(picked?.reason).toContain('better than the latest evaluated round r2 (0.1800)');
    // A round that beats its start wins, and the latest round is a round's candidate, never a base.
    const later = selectDeployable('MODEL_KIND_DOSE_AUTOENCODER', [base, candidate(1, { detection_rate: 0.5 })]);
    expect(later?.version).toBe('v1');
    expect(later?.reason).toContain('the latest evaluated round');
  });
});
