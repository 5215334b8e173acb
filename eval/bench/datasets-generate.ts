/**
 * `npm run bench -- datasets-generate`: generates 1,000 patient-days with every device (insulin pump,
 * CGM, heart rate, infusion pumps at the ICU, pillboxes, attacks and faults) through the same code path
 * as `vigil datasets generate`, and reports wall time, patient-days per second, output size and peak RSS
 * (process.resourceUsage().maxRSS), which shows whether memory stays bounded while files grow.
 * Knobs: VIGIL_BENCH_DIR (where the output goes; default the OS temp dir), GENERATE_BENCH_DAYS (default 10,
 * with 25 patients at each of the four sites), GENERATE_BENCH_KEEP=1 to keep the output.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProgress } from '../../common/cli/index.js';
import { CohortConfigSchema } from '../../datasets/cohort/cohort-config.js';
import { formatSummary } from '../../datasets/cohort/cohort-summary.js';
import { generateCohort, patientDaysOf } from '../../datasets/cohort/generate-cohort.js';

/** Runs the benchmark and prints its report. */
export async function run(): Promise<void> {
  const days = Number(process.env['GENERATE_BENCH_DAYS'] ?? 10);
  const config = CohortConfigSchema.parse({ seed: 'bench', days, patientsPerSite: 25, attackRatePerPatientDay: 0.3 });
  const base = mkdtempSync(join(process.env['VIGIL_BENCH_DIR'] ?? tmpdir(), 'vigil-generate-bench-'));
  const out = join(base, 'cohort');
  const total = patientDaysOf(config);
  const rssBeforeMb = process.resourceUsage().maxRSS / 1024;
  const started = performance.now();
  try {
    const { manifest, summary } = await generateCohort(config, out, { progress: createProgress({ label: 'generate', total }) });
    const seconds = (performance.now() - started) / 1000;
    const files = manifest.sites.flatMap((site) => Object.values(site.files));
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    const records = files.reduce((sum, f) => sum + f.records, 0);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write([
      `datasets-generate: ${total} patient-days (4 sites x 25 patients x ${days} days, all devices, attacks 0.3/patient-day)`,
      `  wall time        ${seconds.toFixed(1)} s  (${(total / seconds).toFixed(1)} patient-days/s, ${((seconds * 1000) / total).toFixed(0)} ms per patient-day)`,
      `  output           ${(bytes / 1e6).toFixed(0)} MB in ${records.toLocaleString('en-US')} records (${((records / seconds) / 1000).toFixed(0)}k records/s)`,
      `  peak RSS         ${peakRssMb.toFixed(0)} MB (before generating: ${rssBeforeMb.toFixed(0)} MB)`,
      '',
      formatSummary(summary),
    ].join('\n'));
  } finally {
    if (process.env['GENERATE_BENCH_KEEP'] !== '1') rmSync(base, { recursive: true, force: true });
    else process.stdout.write(`kept ${out}\n`);
  }
}
