/**
 * Dependency-free SVG plots for eval reports: line/step charts, ROC / PR / reliability, histograms,
 * grouped bars and glucose traces. Every function returns a complete SVG document string and never
 * throws on NaN or empty data.
 */
export { lineChart } from './line-chart.js';
export type { Series, ReferenceLine, Band, LineChartOptions } from './line-chart.js';
export { rocPlot, prPlot, reliabilityPlot } from './curves.js';
export type { RocCurveInput, PrCurveInput, ReliabilityBinInput } from './curves.js';
export { histogram, binValues } from './histogram.js';
export type { HistogramOptions, Binned } from './histogram.js';
export { barChart } from './bar-chart.js';
export type { BarChartOptions, BarGroup } from './bar-chart.js';
export { glucoseTracePlot, VERDICT_STYLE } from './glucose-trace.js';
export type { GlucoseTraceOptions, VerdictMarker } from './glucose-trace.js';
export { chartFrame, renderLegend, marker } from './frame.js';
export type { FrameOptions, Frame, LegendItem, LegendSymbol, PlotArea } from './frame.js';
export { linearScale, logScale, niceDomain, niceStep, linearTicks, extent, formatTick } from './scale.js';
export type { Scale } from './scale.js';
export { PALETTE, THEME, seriesColor, escapeXml, el, text, svgDocument, pathData, coord } from './svg.js';
export type { Attributes, DocumentOptions } from './svg.js';
