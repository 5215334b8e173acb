/**
 * The CKKS federation codec in isolation: N nodes encrypt seeded updates, the coordinator adds the
 * ciphertexts, a node decrypts the weighted FedAvg; compared with plaintext FedAvg in float64.
 */
import type { CoordinatorHe, NodeHe } from '../../common/crypto/he/index.js';
import { createRandom } from '../../datasets/random.js';

/** Timings and accuracy of one encrypted aggregation. */
export interface CodecMeasurement {
  nodes: number;
  weights: number;
  chunks: number;
  /** Milliseconds per node to encrypt its whole update. */
  encryptMsPerUpdate: number[];
  /** Milliseconds per node to fold its ciphertexts into the running sum. */
  addMsPerUpdate: number[];
  decryptMs: number;
  uploadBytesPerWeight: number;
  downloadBytesPerWeight: number;
  /** |CKKS FedAvg − plaintext FedAvg| per weight. */
  absErrors: Float64Array;
}

/** @returns seeded updates in [−1, 1) and sample counts 100·(n+1) + 17. */
export function seededUpdates(seed: number, nodes: number, weights: number): { updates: Float32Array[]; sampleCounts: number[] } {
  const random = createRandom(`eval/he/${seed}`);
  const updates = Array.from({ length: nodes }, (_, n) => {
    const r = random.fork(`node-${n}`);
    return Float32Array.from({ length: weights }, () => r.uniform(-1, 1));
  });
  return { updates, sampleCounts: Array.from({ length: nodes }, (_, n) => 100 * (n + 1) + 17) };
}

/** @returns the weighted mean of the updates in float64 (plaintext FedAvg). */
export function plaintextFedAvg(updates: readonly Float32Array[], sampleCounts: readonly number[]): Float64Array {
  const total = sampleCounts.reduce((a, b) => a + b, 0);
  const out = new Float64Array(updates[0]?.length ?? 0);
  updates.forEach((u, n) => {
    for (let i = 0; i < out.length; i++) out[i]! += (u[i]! * sampleCounts[n]!) / total;
  });
  return out;
}

/**
 * Encrypts, aggregates and decrypts once.
 * @returns the measurement. @throws whatever the codec throws (out-of-range values, integrity failures).
 */
export function measureCodec(node: NodeHe, coordinator: CoordinatorHe, updates: readonly Float32Array[], sampleCounts: readonly number[], onStep: (done: number) => void = () => undefined): CodecMeasurement {
  const weights = updates[0]!.length;
  const encryptMsPerUpdate: number[] = [];
  const encrypted = updates.map((update, n) => {
    const t = performance.now();
    const e = node.encryptUpdate(update, sampleCounts[n]!);
    encryptMsPerUpdate.push(performance.now() - t);
    onStep(n + 1);
    return e;
  });
  const sum = coordinator.openSum(weights);
  const addMsPerUpdate = encrypted.map((update) => {
    const t = performance.now();
    update.chunks.forEach((bytes, index) => sum.add(index, bytes));
    return performance.now() - t;
  });
  const serialized = sum.serialize();
  sum.delete();
  const t = performance.now();
  const result = node.decryptAggregate(serialized, sampleCounts.reduce((a, b) => a + b, 0));
  const decryptMs = performance.now() - t;
  const expected = plaintextFedAvg(updates, sampleCounts);
  const absErrors = Float64Array.from(expected, (v, i) => Math.abs(result[i]! - v));
  return {
    nodes: updates.length,
    weights,
    chunks: serialized.chunks.length,
    encryptMsPerUpdate,
    addMsPerUpdate,
    decryptMs,
    uploadBytesPerWeight: encrypted[0]!.chunks.reduce((s, b) => s + b.byteLength, 0) / weights,
    downloadBytesPerWeight: serialized.chunks.reduce((s, b) => s + b.byteLength, 0) / weights,
    absErrors,
  };
}
