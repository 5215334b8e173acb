/**
 * `vigil datasets generate [--config FILE] --out DIR`: a labelled multi-site cohort (see
 * datasets/cohort/). The config is YAML or JSON, validated once; a bad key or value fails with one line
 * and exit 2 before anything is written. Prints the summary on stdout; progress goes to stderr.
 */
import { EXIT, createProgress, optionalString, requireString, type Command } from '../common/cli/index.js';
import { loadConfig } from '../common/config/index.js';
import { CohortConfigSchema } from './cohort/cohort-config.js';
import { formatSummary } from './cohort/cohort-summary.js';
import { GenerationAbortedError, generateCohort, patientDaysOf } from './cohort/generate-cohort.js';

/** The `generate` command of the `datasets` group. */
export const generateCommand: Command = {
  name: 'generate',
  summary: 'generate a labelled multi-site cohort (patients, devices, streams, attacks) as JSONL',
  details:
    'Writes DIR/<site>/{profiles,devices,regimens,commands,cgm,pump,heart-rate,infusion,pillbox-events,dose-outcomes,labels}.jsonl,\n' +
    'DIR/manifest.json (seed, config, counts, sha256 per file) and DIR/summary.json. Same seed and config → identical files.\n' +
    'Config keys (all optional): seed, startDate, days, patientsPerSite, sites, attackRatePerPatientDay, attackTypes, archetypeMix, deviceKeys, csv.\n' +
    'Environment overrides: VIGIL_DATASETS__DAYS=3 etc.',
  options: {
    config: { type: 'string', description: 'YAML or JSON config (default: built-in defaults)', valueName: 'FILE' },
    out: { type: 'string', description: 'output directory (must not exist or be empty)', valueName: 'DIR' },
  },
  async run(args, context) {
    const out = requireString(args, 'out');
    const file = optionalString(args, 'config');
    const config = loadConfig(CohortConfigSchema, { file, envPrefix: 'VIGIL_DATASETS__' });
    const progress = createProgress({ label: 'generate', total: patientDaysOf(config), stream: context.stderr });
    // Ctrl-C stops between patient-days and removes the partial output (exit 130).
    const controller = new AbortController();
    const abort = () => controller.abort();
    process.once('SIGINT', abort);
    process.once('SIGTERM', abort);
    try {
      const { summary } = await generateCohort(config, out, { progress, signal: controller.signal });
      context.stdout.write(formatSummary(summary));
      context.stderr.write(`wrote ${out}\n`);
      return EXIT.OK;
    } catch (error) {
      if (!(error instanceof GenerationAbortedError)) throw error;
      context.stderr.write(`\nvigil datasets generate: ${error.message}\n`);
      return EXIT.INTERRUPTED;
    } finally {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    }
  },
};
