/**
 * The documented format of `DIR/metrics.json` that every `vigil eval <suite>` writes.
 *
 * ```jsonc
 * {
 *   "schemaVersion": 1,
 *   "suite": "closed-loop",            // suite name
 *   "seed": 42,                        // --seed
 *   "quick": false,                    // --quick (tiny configuration for tests)
 *   "config": { ... },                 // the suite's full configuration after defaults
 *   "metrics": { ... },                // the numbers: a pure function of (suite, seed, config, code)
 *   "measurements": { ... },           // hardware- or randomness-dependent numbers (timings, CKKS noise)
 *   "plots": ["traces.svg", ...],      // SVG files written next to metrics.json
 *   "run": {                           // provenance, different on every run
 *     "startedAt": "2025-…Z", "finishedAt": "2025-…Z", "durationMs": 1234,
 *     "environment": { "node": "v20.…", "platform": "linux", "arch": "x64", "cpuModel": "…", "cores": 8,
 *                      "totalMemoryMiB": 15890, "tfjsBackend": null }
 *   }
 * }
 * ```
 * Reproducibility contract: for the same seed and code, everything except `run` and `measurements` is
 * byte-identical. Non-finite numbers are written as `null` (JSON has no NaN).
 */
import { cpus, totalmem } from 'node:os';
import { z } from 'zod';

/** Where a suite ran. */
export const Environment = z.strictObject({
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cores: z.number().int().nonnegative(),
  totalMemoryMiB: z.number().int().nonnegative(),
  /** The tfjs backend that ran, for suites that use models; null otherwise. */
  tfjsBackend: z.string().nullable(),
});
/** Where a suite ran. */
export type Environment = z.infer<typeof Environment>;

/** Provenance of one run. */
export const RunInfo = z.strictObject({
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  environment: Environment,
});
/** Provenance of one run. */
export type RunInfo = z.infer<typeof RunInfo>;

/** A JSON object of numbers, strings, booleans, nulls, arrays and nested objects. */
export const JsonObject = z.record(z.string(), z.json());
/** A JSON object. */
export type JsonObject = z.infer<typeof JsonObject>;

/** The schema of `metrics.json`. */
export const MetricsFile = z.strictObject({
  schemaVersion: z.literal(1),
  suite: z.string().regex(/^[a-z][a-z0-9-]*$/),
  seed: z.number().int(),
  quick: z.boolean(),
  config: JsonObject,
  metrics: JsonObject,
  measurements: JsonObject,
  plots: z.array(z.string().regex(/^[\w.-]+\.svg$/)),
  run: RunInfo,
});
/** The content of `metrics.json`. */
export type MetricsFile = z.infer<typeof MetricsFile>;

/** @returns the current process's environment (`tfjsBackend` as given, default null). */
export function captureEnvironment(tfjsBackend: string | null = null): Environment {
  const cpuList = cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    totalMemoryMiB: Math.round(totalmem() / 2 ** 20),
    tfjsBackend,
  };
}

/**
 * Converts a value to plain JSON data: non-finite numbers become null, typed arrays become arrays,
 * undefined object fields are dropped.
 * @returns JSON-safe data. @throws TypeError for functions, symbols, bigints or cycles.
 */
export function toJsonData(value: unknown, seen: Set<unknown> = new Set()): z.infer<ReturnType<typeof z.json>> {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  if (typeof value !== 'object') throw new TypeError(`cannot write a ${typeof value} to JSON`);
  if (seen.has(value)) throw new TypeError('cannot write a cycle to JSON');
  seen.add(value);
  const out = Array.isArray(value)
    ? value.map((v) => toJsonData(v, seen))
    : Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJsonData(v, seen)]));
  seen.delete(value);
  return out;
}
