/**
 * Metrics for eval suites. AUROC (Mann–Whitney, ties count half), Brier score, expected calibration
 * error (10 equal-width bins on [0, 1], weighted by bin share), quantiles, detection rates and the
 * seeded percentile bootstrap come from models/metrics.ts — one implementation, shared with training;
 * curves, AUPRC, reliability bins, operating points and percentile summaries live here.
 */
export { auroc, brierScore, expectedCalibrationError, quantile, detectionRates, bootstrap } from '../../models/metrics.js';
export type { DetectionRates, Estimate } from '../../models/metrics.js';
export { rocCurve, prCurve, averagePrecision, detectionAtFalseAlarmRate, trapezoidArea } from './curves.js';
export type { RocCurve, PrCurve, OperatingPoint } from './curves.js';
export { reliabilityBins, calibrationErrorFromBins } from './reliability.js';
export type { ReliabilityBin } from './reliability.js';
export { percentile, summarize } from './summary.js';
export type { Summary } from './summary.js';
