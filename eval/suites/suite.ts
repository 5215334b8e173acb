/**
 * What an eval suite is: a named, seeded computation that returns its configuration, its numbers
 * (deterministic `metrics` and hardware-dependent `measurements`) and a report. Suites do no file I/O
 * of their own beyond scratch space; {@link runSuite} in run-suite.ts writes the outputs.
 */
import type { Progress } from '../../common/cli/index.js';
import type { SuiteReport } from '../report/index.js';

/** What a suite gets to run with. */
export interface SuiteContext {
  seed: number;
  /** The tiny configuration used by tests (seconds, not minutes). */
  quick: boolean;
  /** @returns a progress reporter for `total` steps of work labelled `label`. */
  progress(label: string, total: number): Progress;
}

/** What a suite returns. */
export interface SuiteResult {
  /** The full configuration after defaults (goes to metrics.json `config`). */
  config: Record<string, unknown>;
  /** Numbers that depend only on seed, config and code. */
  metrics: Record<string, unknown>;
  /** Numbers that depend on the machine or on unseeded randomness (timings, CKKS noise). */
  measurements: Record<string, unknown>;
  report: SuiteReport;
  /** The tfjs backend that ran, when the suite used models. */
  tfjsBackend?: string | null;
}

/** A `vigil eval <name>` suite. */
export interface Suite {
  /** Kebab-case; the command name and the metrics.json `suite`. */
  name: string;
  summary: string;
  /** Longer help: what the default and quick configurations are. */
  details: string;
  run(context: SuiteContext): Promise<SuiteResult>;
}
