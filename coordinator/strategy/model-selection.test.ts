import { describe, expect, it } from 'vitest';
import { selectDeployable, type DeployCandidate } from './model-selection.js';

const candidate = (seq: number, metrics: Record<string, number>, overrides: Partial<DeployCandidate> = {}): DeployCandidate => ({
  version: `v${seq}`, roundId: `r${seq}`, roundSeq: seq, reports: 3, minNodes: 2,
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
});
