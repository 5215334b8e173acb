/**
 * `npm run bench -- <name>`: runs eval/bench/<name>.ts, whose module exports `run(): Promise<void>`.
 * One entry per benchmark; add yours to BENCHMARKS.
 */
const BENCHMARKS: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  datasets: () => import('./bench/datasets.js'),
  'datasets-generate': () => import('./bench/datasets-generate.js'),
  federation: () => import('./bench/federation.js'),
  gate: () => import('./bench/gate.js'),
  he: () => import('./bench/he.js'),
  ledger: () => import('./bench/ledger.js'),
  models: () => import('./bench/models.js'),
};

const name = process.argv[2];
const load = name === undefined ? undefined : BENCHMARKS[name];
if (load === undefined) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}>\n`);
  process.exitCode = 2;
} else {
  await (await load()).run();
}
