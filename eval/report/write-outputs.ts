/**
 * Writes a suite's outputs: `metrics.json` (validated against {@link MetricsFile}), `report.md`, and
 * one SVG per plot, into one directory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../common/errors/index.js';
import { MetricsFile, toJsonData } from './metrics-file.js';
import { renderReport, reportPlots, type SuiteReport } from './suite-report.js';

/** Paths written by {@link writeSuiteOutputs}. */
export interface WrittenOutputs {
  metricsPath: string;
  reportPath: string;
  plotPaths: string[];
}

/** What a suite hands over: metrics.json's fields before JSON conversion (typed arrays and NaN allowed). */
export interface SuiteMetricsInput extends Omit<MetricsFile, 'plots' | 'schemaVersion' | 'config' | 'metrics' | 'measurements'> {
  config: Record<string, unknown>;
  metrics: Record<string, unknown>;
  measurements: Record<string, unknown>;
}

/**
 * Writes the outputs (creating `dir`); `plots` in the file is set from the report's plots.
 * @returns the paths written.
 * @throws InvalidArgumentError when the metrics do not match the schema or two plots share a file name.
 */
export function writeSuiteOutputs(dir: string, metrics: SuiteMetricsInput, report: SuiteReport): WrittenOutputs {
  const plots = reportPlots(report);
  const names = plots.map((p) => p.file);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new InvalidArgumentError([{ field: 'plots', description: `two plots are named ${duplicate}` }]);
  const parsed = MetricsFile.safeParse(toJsonData({ schemaVersion: 1, ...metrics, plots: names }));
  if (!parsed.success) {
    throw new InvalidArgumentError(parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'metrics', description: issue.message })));
  }
  mkdirSync(dir, { recursive: true });
  const metricsPath = join(dir, 'metrics.json');
  const reportPath = join(dir, 'report.md');
  writeFileSync(metricsPath, JSON.stringify(parsed.data, null, 2) + '\n');
  writeFileSync(reportPath, renderReport(report, { suite: metrics.suite, seed: metrics.seed, quick: metrics.quick, run: metrics.run }));
  const plotPaths = plots.map((plot) => {
    const path = join(dir, plot.file);
    writeFileSync(path, plot.svg);
    return path;
  });
  return { metricsPath, reportPath, plotPaths };
}
