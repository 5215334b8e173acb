/**
 * The local training loop every Vigil model uses (edge nodes, the federation client, centralised
 * training): seeded shuffling, mini-batch Adam, optional per-element loss weights (class weighting),
 * optional FedProx proximal term μ/2·‖w − w_global‖², and early stopping on a validation split that
 * restores the best epoch's weights. Synchronous tensor math is tidied; nothing leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../../datasets/random.js';
import { InvalidArgumentError } from '../../common/errors/index.js';
import { assignWeights, flattenWeights } from '../nn/model-weights.js';

/** Loss of a fit. */
export type LossKind = 'mse' | 'binary-crossentropy';

/** Options of {@link fitModel}. */
export interface FitOptions {
  loss: LossKind;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  /** Seeds shuffling and the validation split. */
  seed: number;
  /** Share of rows held out for early stopping (default 0.15; 0 disables early stopping). */
  validationFraction?: number;
  /** Epochs without validation improvement before stopping (default 5). */
  patience?: number;
  /** FedProx μ; needs `anchorWeights` (the global model). Default 0. */
  proximalMu?: number;
  anchorWeights?: Float32Array;
  /** Per-element loss weights, same shape as the targets (class weighting). */
  targetWeights?: Float32Array;
  /** Called after each epoch (progress, cancellation by throwing). */
  onEpoch?: (epoch: number, trainLoss: number, validationLoss: number | null) => void;
}

/** What a fit returns. */
export interface FitResult {
  /** The weights kept (best validation epoch), flattened. */
  weights: Float32Array;
  trainLoss: number[];
  validationLoss: number[];
  bestEpoch: number;
  epochsRun: number;
  /** Rows used for gradient steps (excludes the validation split): the FedAvg weight. */
  sampleCount: number;
}

function lossTensor(kind: LossKind, predicted: tf.Tensor, target: tf.Tensor, weights: tf.Tensor | null): tf.Scalar {
  const elementwise = kind === 'mse'
    ? tf.squaredDifference(predicted, target)
    : tf.neg(tf.add(tf.mul(target, tf.log(tf.add(predicted, 1e-7))), tf.mul(tf.sub(1, target), tf.log(tf.add(tf.sub(1, predicted), 1e-7)))));
  return (weights ? tf.mean(tf.mul(elementwise, weights)) : tf.mean(elementwise)) as tf.Scalar;
}

function gather(source: Float32Array, width: number, indices: Int32Array | number[], from: number, to: number): Float32Array {
  const out = new Float32Array((to - from) * width);
  for (let r = from; r < to; r++) out.set(source.subarray(indices[r]! * width, indices[r]! * width + width), (r - from) * width);
  return out;
}

/**
 * Trains `model` in place on rows `x` (row-major, model input width) against `y` (output width).
 * @returns the kept weights, losses per epoch and the sample count.
 * @throws InvalidArgumentError on shape mismatches, too few rows, or μ > 0 without anchor weights.
 */
export async function fitModel(model: tf.LayersModel, x: Float32Array, y: Float32Array, options: FitOptions): Promise<FitResult> {
  const inWidth = model.inputs[0]!.shape[1] as number;
  const outWidth = model.outputs[0]!.shape[1] as number;
  const rows = x.length / inWidth;
  if (!Number.isInteger(rows) || y.length !== rows * outWidth) {
    throw new InvalidArgumentError([{ field: 'x/y', description: `shapes do not match the model (${inWidth} in, ${outWidth} out)` }]);
  }
  if (options.targetWeights && options.targetWeights.length !== y.length) throw new InvalidArgumentError([{ field: 'targetWeights', description: 'must have the shape of y' }]);
  const mu = options.proximalMu ?? 0;
  if (mu > 0 && !options.anchorWeights) throw new InvalidArgumentError([{ field: 'anchorWeights', description: 'FedProx (μ > 0) needs the global weights' }]);
  const random = createRandom(`fit/${options.seed}`);
  const order = Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = random.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const validationRows = (options.validationFraction ?? 0.15) > 0 ? Math.floor(rows * (options.validationFraction ?? 0.15)) : 0;
  const trainRows = rows - validationRows;
  if (trainRows < 1) throw new InvalidArgumentError([{ field: 'x', description: `need at least 1 training row, got ${rows}` }]);
  const trainIndex = Int32Array.from(order.slice(validationRows));
  const validationIndex = order.slice(0, validationRows);
  const batchSize = Math.min(options.batchSize ?? 64, trainRows);
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const variables = model.trainableWeights.map((w) => (w.read() as tf.Variable));
  const anchors = mu > 0 ? tf.tidy(() => {
    const vector = options.anchorWeights!;
    let offset = 0;
    return model.weights.map((w) => {
      const size = w.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) as number;
      const t = tf.tensor(vector.subarray(offset, offset + size), w.shape as number[]);
      offset += size;
      return t;
    });
  }) : [];
  const validation = validationRows > 0 ? {
    x: tf.tensor2d(gather(x, inWidth, validationIndex, 0, validationRows), [validationRows, inWidth]),
    y: tf.tensor2d(gather(y, outWidth, validationIndex, 0, validationRows), [validationRows, outWidth]),
    w: options.targetWeights ? tf.tensor2d(gather(options.targetWeights, outWidth, validationIndex, 0, validationRows), [validationRows, outWidth]) : null,
  } : null;

  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  let best = { loss: Number.POSITIVE_INFINITY, epoch: 0, weights: flattenWeights(model) };
  let epoch = 0;
  try {
    for (; epoch < options.epochs; epoch++) {
      for (let i = trainRows - 1; i > 0; i--) {
        const j = random.int(0, i);
        const t = trainIndex[i]!;
        trainIndex[i] = trainIndex[j]!;
        trainIndex[j] = t;
      }
      let sum = 0;
      let batches = 0;
      for (let from = 0; from < trainRows; from += batchSize) {
        const to = Math.min(trainRows, from + batchSize);
        const bx = gather(x, inWidth, trainIndex, from, to);
        const by = gather(y, outWidth, trainIndex, from, to);
        const bw = options.targetWeights ? gather(options.targetWeights, outWidth, trainIndex, from, to) : null;
        const loss = tf.tidy(() => {
          const xs = tf.tensor2d(bx, [to - from, inWidth]);
          const ys = tf.tensor2d(by, [to - from, outWidth]);
          const ws = bw ? tf.tensor2d(bw, [to - from, outWidth]) : null;
          const cost = optimizer.minimize(() => {
            const base = lossTensor(options.loss, model.apply(xs, { training: true }) as tf.Tensor, ys, ws);
            if (mu === 0) return base;
            const proximal = tf.addN(model.weights.map((w, k) => tf.sum(tf.squaredDifference((w.read() as tf.Variable), anchors[k]!))));
            return tf.add(base, tf.mul(mu / 2, proximal)) as tf.Scalar;
          }, true, variables);
          return cost!.dataSync()[0]!;
        });
        sum += loss;
        batches++;
      }
      trainLoss.push(sum / batches);
      let vLoss: number | null = null;
      if (validation) {
        vLoss = tf.tidy(() => lossTensor(options.loss, model.predict(validation.x) as tf.Tensor, validation.y, validation.w).dataSync()[0]!);
        validationLoss.push(vLoss);
      }
      options.onEpoch?.(epoch, sum / batches, vLoss);
      const monitored = vLoss ?? sum / batches;
      if (monitored < best.loss - 1e-7) best = { loss: monitored, epoch, weights: flattenWeights(model) };
      else if (validation && epoch - best.epoch >= (options.patience ?? 5)) {
        epoch++;
        break;
      }
      await new Promise((resolve) => setImmediate(resolve)); // let a serving node breathe between epochs
    }
  } finally {
    optimizer.dispose();
    tf.dispose(anchors);
    if (validation) tf.dispose([validation.x, validation.y, ...(validation.w ? [validation.w] : [])]);
  }
  assignWeights(model, best.weights);
  return { weights: best.weights, trainLoss, validationLoss, bestEpoch: best.epoch, epochsRun: epoch, sampleCount: trainRows };
}
