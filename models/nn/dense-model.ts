/**
 * The tfjs model of a dense-network config, for training (serving runs nn/dense-net.ts DenseForward over
 * the exported weights and never loads tfjs).
 */
import * as tf from '@tensorflow/tfjs';
import { denseLayerName, type DenseNetConfig } from './dense-net.js';

/**
 * Builds the tfjs model of a config with Glorot-uniform kernels seeded per layer and zero biases,
 * so the same seed gives the same initial weights on every backend.
 * @returns an uncompiled tf.Sequential (the caller disposes it).
 */
export function buildDenseModel(config: DenseNetConfig, seed: number): tf.Sequential {
  const model = tf.sequential();
  config.layers.forEach((layer, i) => {
    model.add(tf.layers.dense({
      name: denseLayerName(i),
      units: layer.units,
      activation: layer.activation,
      ...(i === 0 ? { inputShape: [config.inputSize] } : {}),
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + i }),
      biasInitializer: 'zeros',
    }));
  });
  return model;
}
