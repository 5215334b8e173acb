/**
 * The eval report writer: `metrics.json` (schema {@link MetricsFile}), `report.md` from a
 * {@link SuiteReport}, SVG files, Markdown helpers, and the README headline updater.
 */
export { MetricsFile, Environment, RunInfo, JsonObject, captureEnvironment, toJsonData } from './metrics-file.js';
export { renderReport, headlineTable, reportPlots } from './suite-report.js';
export type { SuiteReport, ReportSection, PlotFile, HeadlineItem } from './suite-report.js';
export { writeSuiteOutputs } from './write-outputs.js';
export type { WrittenOutputs, SuiteMetricsInput } from './write-outputs.js';
export { headlineMarkers, renderHeadlineBlock, replaceHeadline, updateHeadline } from './headline.js';
export { table, escapeCell, formatNumber, percent, withInterval, image, bullets } from './markdown.js';
export type { Align } from './markdown.js';
