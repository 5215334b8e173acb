import * as tf from '@tensorflow/tfjs';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { selectBackend, wasmBinaryDirectory } from './backend.js';
import { existsSync } from 'node:fs';

describe('backend selection', () => {
  it('detects the native backend by registration: the aliased tfjs-node registers none, so auto picks wasm and logs it', async () => {
    const lines: string[] = [];
    const logger = pino(new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } }));
    expect(await selectBackend({ logger })).toBe('wasm');
    expect(tf.findBackendFactory('tensorflow')).toBeNull();
    expect(tf.getBackend()).toBe('wasm');
    expect(lines.some((l) => l.includes('"backend":"wasm"') && l.includes('tfjs backend selected'))).toBe(true);
    expect(existsSync(`${wasmBinaryDirectory()}tfjs-backend-wasm.wasm`)).toBe(true); // loaded offline from the package
  });

  it('honours a required backend and refuses one that is not available', async () => {
    expect(await selectBackend({ require: 'cpu' })).toBe('cpu');
    await expect(selectBackend({ require: 'tensorflow' })).rejects.toThrow(/'tensorflow' is not available/);
    expect(tf.getBackend()).toBe('cpu');
  });
});
