/**
 * `vigil eval <suite> [--out DIR] [--seed N] [--quick]`: one command per registered suite, each
 * writing DIR/metrics.json, DIR/report.md and SVG plots (the public contract in DESIGN.md).
 */
import { resolve } from 'node:path';
import { EXIT, optionalString, requireInt, type Command, type CommandGroup } from '../common/cli/index.js';
import { SUITES, runSuite, type Suite } from './suites/index.js';

function suiteCommand(suite: Suite): Command {
  return {
    name: suite.name,
    summary: suite.summary,
    details: `${suite.details}\nWrites DIR/metrics.json, DIR/report.md and SVG plots. On the default configuration the headline table also goes into README.md between <!-- vigil:headline:${suite.name}:start/end --> markers, if present.`,
    options: {
      out: { type: 'string', description: 'output directory', default: `./vigil-eval/${suite.name}`, valueName: 'DIR' },
      seed: { type: 'string', description: 'random seed (same seed, same metrics.json numbers)', default: '42', valueName: 'N' },
      quick: { type: 'boolean', description: 'tiny configuration for tests and smoke runs (README not updated)' },
      readme: { type: 'string', description: 'README to update with the headline', default: './README.md', valueName: 'FILE' },
    },
    async run(args, context) {
      const seed = requireInt(args, 'seed', 0, 2 ** 31 - 1);
      const outDir = resolve(optionalString(args, 'out') ?? `./vigil-eval/${suite.name}`);
      const quick = args.values.quick === true;
      const readme = optionalString(args, 'readme');
      const outcome = await runSuite(suite, { outDir, seed, quick, ...(readme ? { readmePath: resolve(readme) } : {}) });
      context.stdout.write(`${suite.name}: wrote ${outcome.written.metricsPath}, ${outcome.written.reportPath} and ${outcome.written.plotPaths.length} plot(s)${outcome.readmeUpdated ? '; README headline updated' : ''}\n`);
      for (const item of outcome.result.report.headline) {
        context.stdout.write(`  ${item.label}: ${item.value}${item.target ? ` (target ${item.target}${item.met === false ? ', NOT MET' : ''})` : ''}\n`);
      }
      return EXIT.OK;
    },
  };
}

/** `vigil eval`: reproducible evaluation suites. */
export const evalCommands: CommandGroup = {
  name: 'eval',
  summary: 'run an evaluation suite: metrics.json, report.md and SVG plots',
  commands: SUITES.map(suiteCommand),
};
