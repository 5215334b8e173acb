/**
 * The human half of a suite's output: a report model (headline, what/how/caveats, sections with
 * tables and plots) and its rendering to `report.md`.
 */
import type { RunInfo } from './metrics-file.js';
import { bullets, escapeCell, image, table } from './markdown.js';

/** One headline number, as the README and the report's summary table show it. */
export interface HeadlineItem {
  label: string;
  /** Formatted value with units ('0.0 events', '12.4 B/weight'). */
  value: string;
  /** The target from DESIGN.md, if any ('≤ 16 B/weight'). */
  target?: string;
  /** Whether the value meets the target (omit when there is no target). */
  met?: boolean;
}

/** An SVG the report links to; `file` is a bare file name in the output directory. */
export interface PlotFile {
  file: string;
  svg: string;
  /** Alt text and caption. */
  alt: string;
}

/** One section of a report. */
export interface ReportSection {
  heading: string;
  /** Markdown (tables from {@link table}, prose). */
  markdown: string;
  plots?: readonly PlotFile[];
}

/** Everything a suite says about its run, apart from metrics.json. */
export interface SuiteReport {
  title: string;
  /** One paragraph: what was run, on what. */
  intro: string;
  about: { measures: string; how: string; caveats: readonly string[] };
  headline: readonly HeadlineItem[];
  sections: readonly ReportSection[];
}

/** @returns the headline as a Markdown table (shared by report.md and the README block). */
export function headlineTable(items: readonly HeadlineItem[]): string {
  const withTarget = items.some((i) => i.target !== undefined);
  const headers = withTarget ? ['measure', 'value', 'target', 'met'] : ['measure', 'value'];
  const rows = items.map((i) => (withTarget ? [i.label, i.value, i.target ?? '', i.met === undefined ? '' : i.met ? 'yes' : '**no**'] : [i.label, i.value]));
  return table(headers, rows, withTarget ? ['left', 'right', 'right', 'center'] : ['left', 'right']);
}

/** @returns every plot of the report, in order. */
export function reportPlots(report: SuiteReport): PlotFile[] {
  return report.sections.flatMap((s) => [...(s.plots ?? [])]);
}

/** @returns `report.md` for a run. */
export function renderReport(report: SuiteReport, meta: { suite: string; seed: number; quick: boolean; run: RunInfo }): string {
  const env = meta.run.environment;
  const parts = [
    `# ${report.title}\n`,
    `${report.intro}\n`,
    `\`vigil eval ${meta.suite} --seed ${meta.seed}${meta.quick ? ' --quick' : ''}\` · finished ${meta.run.finishedAt} · ${(meta.run.durationMs / 1000).toFixed(1)} s · ` +
      `Node ${env.node} on ${escapeCell(env.cpuModel)} (${env.cores} cores)${env.tfjsBackend ? ` · tfjs backend \`${env.tfjsBackend}\`` : ''}` +
      `${meta.quick ? ' · **quick configuration: numbers are for smoke-testing only**' : ''}\n`,
    '## Headline\n',
    headlineTable(report.headline),
    '## About this suite\n',
    `**What it measures.** ${report.about.measures}\n`,
    `**How.** ${report.about.how}\n`,
    '**Caveats.**\n',
    bullets(report.about.caveats),
  ];
  for (const section of report.sections) {
    parts.push(`## ${section.heading}\n`, section.markdown.endsWith('\n') ? section.markdown : `${section.markdown}\n`);
    for (const plot of section.plots ?? []) parts.push(image(plot.file, plot.alt));
  }
  parts.push('---\n', 'Numbers are in `metrics.json` next to this file (schema: eval/report/metrics-file.ts).\n');
  return parts.join('\n');
}
