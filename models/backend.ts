/**
 * Chooses the tfjs backend: the native `tensorflow` backend when a host has installed
 * @tensorflow/tfjs-node, else WebAssembly, else the pure-JS CPU backend. Detection is by registration,
 * not by the import succeeding: here npm aliases plain @tensorflow/tfjs to node_modules/@tensorflow/tfjs-node,
 * so the import works and registers nothing.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Logger } from '../common/log/index.js';
import { silentLogger } from '../common/log/index.js';
import { VigilError } from '../common/errors/index.js';

/** The backends Vigil can run on, in order of preference. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
/** A tfjs backend name Vigil uses. */
export type BackendName = (typeof BACKEND_NAMES)[number];

const require = createRequire(import.meta.url);
let wasmPathsSet = false;

/** @returns the directory (with trailing slash) holding the installed tfjs-backend-wasm .wasm files. */
export function wasmBinaryDirectory(): string {
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

async function registerNative(): Promise<boolean> {
  if (tf.findBackendFactory('tensorflow') !== null) return true;
  const specifier = '@tensorflow/tfjs-node';
  try {
    await import(/* @vite-ignore */ specifier);
  } catch {
    return false;
  }
  return tf.findBackendFactory('tensorflow') !== null;
}

async function registerWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Offline: load the .wasm from the installed package, never from a CDN.
    if (!wasmPathsSet) {
      wasm.setWasmPaths(wasmBinaryDirectory());
      wasmPathsSet = true;
    }
    return tf.findBackendFactory('wasm') !== null;
  } catch {
    return false;
  }
}

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Use exactly this backend (tests, benchmarks); throws if it cannot be initialised. */
  require?: BackendName;
  logger?: Logger;
}

/**
 * Registers and activates the best available backend (or the one required).
 * @returns the name of the active backend.
 * @throws VigilError FAILED_PRECONDITION when a required backend is not available.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendName> {
  const logger = options.logger ?? silentLogger();
  const candidates: readonly BackendName[] = options.require ? [options.require] : BACKEND_NAMES;
  for (const name of candidates) {
    const registered = name === 'tensorflow' ? await registerNative() : name === 'wasm' ? await registerWasm() : true;
    if (!registered) {
      logger.debug({ backend: name }, 'tfjs backend not available');
      continue;
    }
    if (tf.getBackend() === name || (await tf.setBackend(name))) {
      await tf.ready();
      logger.info({ backend: name, preferred: options.require ?? 'auto' }, 'tfjs backend selected');
      return name;
    }
    logger.warn({ backend: name }, 'tfjs backend registered but failed to initialise');
  }
  throw new VigilError('FAILED_PRECONDITION', `tfjs backend '${options.require ?? 'any'}' is not available`);
}

/** @returns the active backend's name as Vigil records it (model cards, logs). */
export function activeBackend(): string {
  return tf.getBackend();
}
