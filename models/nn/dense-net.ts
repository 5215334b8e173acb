/**
 * Small dense networks: one config builds the tfjs model for training (nn/dense-model.ts) and drives a
 * hand-rolled Float32Array forward pass over the exported weights for serving, because for nets this
 * size a plain loop beats tfjs's per-call overhead by orders of magnitude (tested equal within 1e-5).
 * This module loads no tfjs, so serving does not either.
 */
import { z } from 'zod';
import { VigilError } from '../../common/errors/index.js';

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear'] as const;
/** Activation of a dense layer. */
export type Activation = (typeof ACTIVATIONS)[number];

/** Architecture of a dense network (serialised into model.json). */
export const DenseNetConfig = z.strictObject({
  inputSize: z.number().int().positive(),
  layers: z.array(z.strictObject({ units: z.number().int().positive(), activation: z.enum(ACTIVATIONS) })).min(1),
});
/** Architecture of a dense network. */
export type DenseNetConfig = z.infer<typeof DenseNetConfig>;

/** @returns the number of weights (kernels and biases) of a config. */
export function denseWeightCount(config: DenseNetConfig): number {
  let n = 0;
  let fanIn = config.inputSize;
  for (const layer of config.layers) {
    n += fanIn * layer.units + layer.units;
    fanIn = layer.units;
  }
  return n;
}

/** @returns the output width of a config. */
export function denseOutputSize(config: DenseNetConfig): number {
  return config.layers[config.layers.length - 1]!.units;
}

/** @returns the name of the i-th dense layer (stable, so weight names in model.json are too). */
export function denseLayerName(index: number): string {
  return `dense_${index}`;
}

/** @returns name and shape of every weight of a config, in flat-vector order. */
export function denseWeightSpecs(config: DenseNetConfig): { name: string; shape: number[] }[] {
  const specs: { name: string; shape: number[] }[] = [];
  let fanIn = config.inputSize;
  config.layers.forEach((layer, i) => {
    specs.push({ name: `${denseLayerName(i)}/kernel`, shape: [fanIn, layer.units] }, { name: `${denseLayerName(i)}/bias`, shape: [layer.units] });
    fanIn = layer.units;
  });
  return specs;
}

function activate(values: Float32Array, from: number, to: number, activation: Activation): void {
  switch (activation) {
    case 'relu':
      for (let i = from; i < to; i++) if (values[i]! < 0) values[i] = 0;
      break;
    case 'tanh':
      for (let i = from; i < to; i++) values[i] = Math.tanh(values[i]!);
      break;
    case 'sigmoid':
      for (let i = from; i < to; i++) values[i] = 1 / (1 + Math.exp(-values[i]!));
      break;
    case 'linear':
      break;
  }
}

/**
 * Forward pass of a dense network over a flat weight vector (kernel [in×out] row-major then bias, per
 * layer — the order of nn/model-weights.ts flattenWeights). Allocation-free after construction for batches up to
 * the largest seen so far.
 */
export class DenseForward {
  readonly config: DenseNetConfig;
  readonly outputSize: number;
  private readonly kernels: Float32Array[] = [];
  private readonly biases: Float32Array[] = [];
  private buffers: [Float32Array, Float32Array] = [new Float32Array(0), new Float32Array(0)];
  private readonly widest: number;

  /** @throws VigilError INVALID_ARGUMENT when the vector's length does not match the config. */
  constructor(config: DenseNetConfig, weights: Float32Array) {
    const expected = denseWeightCount(config);
    if (weights.length !== expected) throw new VigilError('INVALID_ARGUMENT', `weight vector has ${weights.length} values, the architecture needs ${expected}`);
    this.config = config;
    let offset = 0;
    let fanIn = config.inputSize;
    let widest = fanIn;
    for (const layer of config.layers) {
      this.kernels.push(weights.slice(offset, offset + fanIn * layer.units));
      offset += fanIn * layer.units;
      this.biases.push(weights.slice(offset, offset + layer.units));
      offset += layer.units;
      fanIn = layer.units;
      widest = Math.max(widest, fanIn);
    }
    this.widest = widest;
    this.outputSize = fanIn;
  }

  /**
   * Runs `rows` inputs (row-major, `inputSize` wide).
   * @returns a new Float32Array of `rows × outputSize` outputs.
   */
  forward(input: Float32Array, rows: number, out = new Float32Array(rows * this.outputSize)): Float32Array {
    const need = rows * this.widest;
    if (this.buffers[0].length < need) this.buffers = [new Float32Array(need), new Float32Array(need)];
    let src = input;
    let fanIn = this.config.inputSize;
    this.config.layers.forEach((layer, l) => {
      const units = layer.units;
      const last = l === this.config.layers.length - 1;
      const dst = last ? out : this.buffers[l % 2]!;
      const kernel = this.kernels[l]!;
      const bias = this.biases[l]!;
      for (let r = 0; r < rows; r++) {
        const o = r * units;
        const x = r * fanIn;
        for (let j = 0; j < units; j++) dst[o + j] = bias[j]!;
        for (let i = 0; i < fanIn; i++) {
          const v = src[x + i]!;
          if (v === 0) continue;
          const k = i * units;
          for (let j = 0; j < units; j++) dst[o + j]! += v * kernel[k + j]!;
        }
      }
      activate(dst, 0, rows * units, layer.activation);
      src = dst;
      fanIn = units;
    });
    return out;
  }
}
