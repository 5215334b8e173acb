/**
 * Runs a suite end to end: time it, capture the environment, write metrics.json / report.md / SVGs,
 * and (on the default configuration only) copy the headline into the README between its markers.
 */
import { existsSync } from 'node:fs';
import { createProgress } from '../../common/cli/index.js';
import { captureEnvironment, renderHeadlineBlock, updateHeadline, writeSuiteOutputs, type WrittenOutputs } from '../report/index.js';
import type { Suite, SuiteResult } from './suite.js';

/** Options of {@link runSuite}. */
export interface RunSuiteOptions {
  outDir: string;
  seed: number;
  quick: boolean;
  /** README whose headline block to update (skipped when absent, without markers, or with `quick`). */
  readmePath?: string;
  /** Where progress goes (default stderr). */
  progressStream?: NodeJS.WritableStream & { isTTY?: boolean };
  now?: () => Date;
}

/** What {@link runSuite} did. */
export interface RunSuiteOutcome {
  result: SuiteResult;
  written: WrittenOutputs;
  readmeUpdated: boolean;
}

/**
 * Runs `suite` and writes its outputs to `options.outDir`.
 * @returns the result, the paths written, and whether the README was updated.
 * @throws whatever the suite throws (nothing is written then), or InvalidArgumentError for invalid metrics.
 */
export async function runSuite(suite: Suite, options: RunSuiteOptions): Promise<RunSuiteOutcome> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const startedMs = performance.now();
  const result = await suite.run({
    seed: options.seed,
    quick: options.quick,
    progress: (label, total) => createProgress({ label: `${suite.name}: ${label}`, total, ...(options.progressStream ? { stream: options.progressStream } : {}) }),
  });
  const finished = now();
  const run = {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: Math.round(performance.now() - startedMs),
    environment: captureEnvironment(result.tfjsBackend ?? null),
  };
  const written = writeSuiteOutputs(options.outDir, { suite: suite.name, seed: options.seed, quick: options.quick, config: result.config, metrics: result.metrics, measurements: result.measurements, run }, result.report);
  let readmeUpdated = false;
  if (!options.quick && options.readmePath && existsSync(options.readmePath)) {
    readmeUpdated = updateHeadline(options.readmePath, suite.name, renderHeadlineBlock(suite.name, result.report.headline, { seed: options.seed, finishedAt: run.finishedAt }));
  }
  return { result, written, readmeUpdated };
}
