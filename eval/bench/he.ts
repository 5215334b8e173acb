/**
 * `npm run bench -- he`: CKKS federation codec against an identity (plaintext float32) codec doing the same
 * chunked sum, in the same run. Reports encrypt / add / decrypt time per 1M weights, wire bytes per weight,
 * max abs error vs plaintext FedAvg, and the overhead ratio.
 */
import { CoordinatorHe, generateKeyset, NodeHe } from '../../common/crypto/he/index.js';

const WEIGHTS = 1_000_000;
const NODES = 5;

function randomUpdate(length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 - 1;
  });
}

/** The plaintext baseline: the same chunking, serialization to bytes, bounded per-chunk accumulation and division. */
function identityRound(updates: readonly Float32Array[], weights: readonly number[], slots: number): { ms: { encode: number; add: number; decode: number }; bytes: number; result: Float32Array } {
  const dataSlots = slots - 1;
  const chunks = Math.ceil(WEIGHTS / dataSlots);
  let t = performance.now();
  const wire = updates.map((update, n) => Array.from({ length: chunks }, (_, c) => {
    const values = new Float32Array(slots);
    for (let i = 0; i < dataSlots && c * dataSlots + i < update.length; i++) values[i] = update[c * dataSlots + i]! * weights[n]!;
    values[slots - 1] = weights[n]!;
    return new Uint8Array(values.buffer);
  }));
  const encode = performance.now() - t;
  t = performance.now();
  const sums = Array.from({ length: chunks }, () => new Float64Array(slots));
  for (const update of wire) update.forEach((bytes, c) => {
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, slots);
    const sum = sums[c]!;
    for (let i = 0; i < slots; i++) sum[i]! += values[i]!;
  });
  const add = performance.now() - t;
  t = performance.now();
  const total = weights.reduce((a, b) => a + b, 0);
  const result = new Float32Array(WEIGHTS);
  sums.forEach((sum, c) => {
    for (let i = 0; i < dataSlots && c * dataSlots + i < WEIGHTS; i++) result[c * dataSlots + i] = sum[i]! / total;
  });
  const decode = performance.now() - t;
  return { ms: { encode, add, decode }, bytes: wire[0]!.reduce((s, b) => s + b.length, 0), result };
}

/** Runs the benchmark and prints a JSON report. */
export async function run(): Promise<void> {
  const keyset = await generateKeyset();
  const coordinator = await CoordinatorHe.fromBytes(keyset.publicContext);
  const node = await NodeHe.fromBytes(keyset.secretKeyset);
  const updates = Array.from({ length: NODES }, (_, n) => randomUpdate(WEIGHTS, n + 1));
  const weights = Array.from({ length: NODES }, (_, n) => 1_000 * (n + 1) + 17);

  const plain = identityRound(updates, weights, keyset.meta.slotsPerChunk);

  let t = performance.now();
  const encrypted = updates.map((update, n) => node.encryptUpdate(update, weights[n]!));
  const encryptMs = (performance.now() - t) / NODES;
  const wireBytes = encrypted[0]!.chunks.reduce((s, b) => s + b.length, 0);

  t = performance.now();
  const sum = coordinator.openSum(WEIGHTS);
  for (const update of encrypted) update.chunks.forEach((bytes, index) => sum.add(index, bytes));
  const serialized = sum.serialize();
  sum.delete();
  const addMs = (performance.now() - t) / NODES;

  t = performance.now();
  const result = node.decryptAggregate(serialized, weights.reduce((a, b) => a + b, 0));
  const decryptMs = performance.now() - t;

  let maxAbsError = 0;
  for (let i = 0; i < WEIGHTS; i++) maxAbsError = Math.max(maxAbsError, Math.abs(result[i]! - plain.result[i]!));
  const heRoundMs = encryptMs * NODES + addMs * NODES + decryptMs;
  const plainRoundMs = plain.ms.encode + plain.ms.add + plain.ms.decode;
  const report = {
    keyset: { fingerprint: keyset.meta.fingerprint, N: keyset.meta.polyModulusDegree, moduliBits: keyset.meta.coeffModulusBits, scaleBits: keyset.meta.scaleBits },
    weights: WEIGHTS,
    nodes: NODES,
    chunks: serialized.chunks.length,
    perMillionWeights: { encryptMs: +encryptMs.toFixed(1), addMsPerUpdate: +addMs.toFixed(1), decryptMs: +decryptMs.toFixed(1) },
    wire: {
      uploadBytesPerWeight: +(wireBytes / WEIGHTS).toFixed(3),
      downloadBytesPerWeight: +(serialized.chunks.reduce((s, b) => s + b.length, 0) / WEIGHTS).toFixed(3),
      plaintextBytesPerWeight: +(plain.bytes / WEIGHTS).toFixed(3),
    },
    maxAbsErrorVsPlaintextFedAvg: maxAbsError,
    identityCodecMs: { encode: +plain.ms.encode.toFixed(1), add: +plain.ms.add.toFixed(1), decode: +plain.ms.decode.toFixed(1), round: +plainRoundMs.toFixed(1) },
    heRoundMs: +heRoundMs.toFixed(1),
    overheadRatioVsIdentityCodec: +(heRoundMs / plainRoundMs).toFixed(1),
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  coordinator.delete();
  node.delete();
}
