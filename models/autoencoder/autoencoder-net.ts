/**
 * The autoencoder's architecture and the calibration of its score on normal rows. Loads no tfjs, so a node
 * can recalibrate federated weights on its hold-out data without the training stack.
 */
import { applyNormalisation, type FeatureSpec, type Normalisation } from '../features/feature-spec.js';
import { quantile } from '../metrics.js';
import { DenseForward, type Activation, type DenseNetConfig } from '../nn/dense-net.js';
import { AnomalyScorer, type AutoencoderScoring } from './anomaly-scorer.js';

/** @returns the symmetric autoencoder config: hidden layers with `activation`, then a linear output. */
export function autoencoderConfig(inputSize: number, hidden: readonly number[] = [24, 8, 24], activation: Activation = 'tanh'): DenseNetConfig {
  return { inputSize, layers: [...hidden.map((units) => ({ units, activation })), { units: inputSize, activation: 'linear' as const }] };
}

/**
 * Residual SDs and error statistics on normal rows, and the threshold at the target false-alarm rate.
 * @returns scoring parameters for {@link AnomalyScorer}.
 */
export function calibrateAutoencoder(spec: FeatureSpec, normalisation: Normalisation, net: DenseNetConfig, weights: Float32Array, trainRows: Float32Array, calibrationRows: Float32Array, targetFalseAlarmRate: number): AutoencoderScoring {
  const width = spec.features.length;
  const n = trainRows.length / width;
  const z = applyNormalisation(trainRows, normalisation);
  const reconstruction = new DenseForward(net, weights).forward(z, n);
  const residualStd = new Array<number>(width).fill(0);
  for (let i = 0; i < z.length; i++) residualStd[i % width]! += (z[i]! - reconstruction[i]!) ** 2;
  // A floor keeps a feature the net reconstructs perfectly (a constant) from dominating with tiny variance.
  for (let j = 0; j < width; j++) residualStd[j] = Math.max(0.05, Math.sqrt(residualStd[j]! / n));
  const provisional: AutoencoderScoring = { residualStd, errorMean: 0, errorStd: 1, threshold: 0, targetFalseAlarmRate };
  const errorsOnTrain = new AnomalyScorer(spec, normalisation, net, weights, provisional).rawErrors(trainRows);
  let mean = 0;
  for (const e of errorsOnTrain) mean += e;
  mean /= errorsOnTrain.length;
  let variance = 0;
  for (const e of errorsOnTrain) variance += (e - mean) ** 2;
  const scoring: AutoencoderScoring = { ...provisional, errorMean: mean, errorStd: Math.max(1e-6, Math.sqrt(variance / errorsOnTrain.length)) };
  const scores = new AnomalyScorer(spec, normalisation, net, weights, scoring).scoreBatch(calibrationRows);
  return { ...scoring, threshold: quantile(scores, 1 - targetFalseAlarmRate) };
}
