/**
 * Training surface of models/ (loads tfjs): local training as edge nodes and the federation run it, the
 * fitting loop, the tfjs backend choice, and tfjs models' weights to and from the codec's vector. Import it
 * only where training happens (lazily on serving paths), so serving never loads tfjs; the rest of models/
 * is `models/index.ts`.
 */
export { trainLocal } from './train/local-training.js';
export type { LocalTrainingOptions, LocalTrainingResult } from './train/local-training.js';
export { fitModel } from './train/fit.js';
export type { FitOptions, FitResult, LossKind } from './train/fit.js';
export { trainAutoencoder } from './autoencoder/train-autoencoder.js';
export type { TrainAutoencoderOptions, TrainedAutoencoder } from './autoencoder/train-autoencoder.js';
export { trainAdherenceModel } from './adherence/train-adherence.js';
export type { TrainAdherenceOptions, TrainedAdherenceModel } from './adherence/train-adherence.js';
export { selectBackend, activeBackend, wasmBinaryDirectory, BACKEND_NAMES } from './backend.js';
export type { BackendName, SelectBackendOptions } from './backend.js';
export { buildDenseModel } from './nn/dense-model.js';
export { flattenWeights, assignWeights, weightSpecs } from './nn/model-weights.js';
export type { WeightSpec } from './nn/model-weights.js';
