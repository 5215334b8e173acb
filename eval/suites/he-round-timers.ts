/**
 * Stopwatches around the parts of a federated round that differ between CKKS and the identity codec: node-side
 * encryption and decryption, the coordinator's add (parse, check, sum) and serialize, and SQLite staging. Everything
 * runs on one JS thread, so the rest of the round (gRPC, TLS, other store writes, polling, idle) is the remainder.
 */
import type { AggregationCipher, SumAccumulator } from '../../coordinator/aggregation/cipher.js';
import type { NodeCodec } from '../../edge-node/federation/node-codec.js';

/** Milliseconds spent in each part of one round, summed over every node and chunk. */
export interface RoundComponents {
  /** Nodes: encode + encrypt + serialize every chunk (identity: pack to float32). */
  encryptMs: number;
  /** Coordinator: parse + check + add every incoming chunk (and take back failed uploads). */
  addMs: number;
  /** Coordinator: SQLite staging of every incoming chunk (durable, for restarts). */
  stageMs: number;
  /** Coordinator: serialize the sum for publication. */
  serializeMs: number;
  /** Nodes: parse + decrypt + decode the aggregate (identity: unpack). */
  decryptMs: number;
  /** Round wall time minus the parts above: gRPC and TLS, other store writes, RPC handling, polling, idle. */
  otherMs: number;
}

/** Accumulates the component times of one round. */
export class RoundTimers {
  readonly ms = { encryptMs: 0, addMs: 0, stageMs: 0, serializeMs: 0, decryptMs: 0 };

  /** @returns `fn()`, adding its wall time to `component`. */
  time<T>(component: keyof RoundTimers['ms'], fn: () => T): T {
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.ms[component] += performance.now() - started;
    }
  }

  /** @returns the components, with `otherMs` = `roundMs` minus the timed parts. */
  components(roundMs: number): RoundComponents {
    const timed = Object.values(this.ms).reduce((a, b) => a + b, 0);
    return { ...this.ms, otherMs: Math.max(0, roundMs - timed) };
  }
}

/** @returns `cipher` with its sums' add, subtract and serialize timed. */
export function timedCipher(cipher: AggregationCipher, timers: RoundTimers): AggregationCipher {
  return {
    fingerprint: cipher.fingerprint,
    chunkCount: (weightCount) => cipher.chunkCount(weightCount),
    checkChunk: (index, bytes) => timers.time('addMs', () => cipher.checkChunk(index, bytes)),
    openSum(weightCount): SumAccumulator {
      const sum = cipher.openSum(weightCount);
      return {
        add: (index, bytes) => timers.time('addMs', () => sum.add(index, bytes)),
        subtract: (index, bytes) => timers.time('addMs', () => sum.subtract(index, bytes)),
        serialize: () => timers.time('serializeMs', () => sum.serialize()),
        delete: () => sum.delete(),
      };
    },
  };
}

/** @returns `codec` with encryption (per chunk, as the upload pulls it) and decryption timed; `onChunk` sees every chunk's size. */
export function timedCodec(codec: NodeCodec, timers: RoundTimers, onChunk: (bytes: number) => void = () => undefined): NodeCodec {
  return {
    fingerprint: codec.fingerprint,
    layout: (weightCount) => codec.layout(weightCount),
    decryptAggregate: (aggregate, totalWeight) => timers.time('decryptMs', () => codec.decryptAggregate(aggregate, totalWeight)),
    *encryptChunks(update, weight) {
      const chunks = codec.encryptChunks(update, weight);
      for (;;) {
        const next = timers.time('encryptMs', () => chunks.next());
        if (next.done) return;
        onChunk(next.value.bytes.byteLength);
        yield next.value;
      }
    },
  };
}

/** Times `object[method]` in place (a benchmark probe on one instance, e.g. the coordinator store's stageChunk). */
export function timeMethod<K extends string, O extends Record<K, (...args: never[]) => unknown>>(object: O, method: K, timers: RoundTimers, component: keyof RoundTimers['ms']): void {
  const original = object[method].bind(object) as (...args: unknown[]) => unknown;
  object[method] = ((...args: unknown[]) => timers.time(component, () => original(...args))) as unknown as O[K];
}
