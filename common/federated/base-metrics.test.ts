import { describe, expect, it } from 'vitest';
import { baseMetricsOf, candidateMetricsOf, withBaseMetrics } from './base-metrics.js';

describe('base metrics in an evaluation report', () => {
  it('round-trips: candidate and base metrics come back apart, unchanged', () => {
    const report = withBaseMetrics({ detection_rate: 0.9, false_alarm_rate: 0.01 }, { detection_rate: 0.34, false_alarm_rate: 0.012 });
    expect(report).toEqual({ detection_rate: 0.9, false_alarm_rate: 0.01, base_detection_rate: 0.34, base_false_alarm_rate: 0.012 });
    expect(candidateMetricsOf(report)).toEqual({ detection_rate: 0.9, false_alarm_rate: 0.01 });
    expect(baseMetricsOf(report)).toEqual({ detection_rate: 0.34, false_alarm_rate: 0.012 });
  });

  it('reads a report without base metrics (an older node) as rating no base', () => {
    expect(baseMetricsOf({ detection_rate: 0.9 })).toEqual({});
    expect(candidateMetricsOf({ detection_rate: 0.9 })).toEqual({ detection_rate: 0.9 });
  });
});
