export { difference, l2Norm, clipToNorm, addGaussianNoise, weightedAverage, applyDelta } from './update-math.js';
export type { WeightedUpdate } from './update-math.js';
export { gaussianEpsilon } from './rdp-accountant.js';
export type { DpBudget } from './rdp-accountant.js';
export { BASE_METRIC_PREFIX, withBaseMetrics, baseMetricsOf, candidateMetricsOf } from './base-metrics.js';
