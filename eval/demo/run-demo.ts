/**
 * `vigil demo`: the end-to-end job on embedded defaults. A cohort across four sites; a private CA and a
 * CKKS keyset; a coordinator and four edge nodes as real processes on loopback with mTLS; federated rounds
 * of the dose autoencoder and the adherence model; deployment; a day of traffic (normal commands and the
 * attack catalogue) through a simulated gateway over the real gRPC API; a summary; every audit log verified.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeKeyset } from '../../common/crypto/he/index.js';
import { createProgress } from '../../common/cli/index.js';
import { verifyLedger } from '../../common/ledger/index.js';
import { initPki, loadTlsIdentity } from '../../common/pki/index.js';
import { registryCard } from '../../coordinator/admin.js';
import { CoordinatorStore } from '../../coordinator/store/coordinator-store.js';
import { CohortConfigSchema, generateCohort } from '../../datasets/index.js';
import { SITE_KINDS } from '../../datasets/records.js';
import { selectBackend } from '../../models/training.js';
import { buildGenesis } from './genesis.js';
import { replaySiteDay, type ReplayStats } from './gateway.js';
import { ProcessGroup, type Child } from './process-group.js';
import { provisionCoordinator, provisionEdge, writeEdgeConfig, type EdgeLayout } from './provision.js';
import { renderSummary, type DemoSummary } from './summary.js';

const DAY_MS = 86_400_000;
/** The gateway starts 6 h before the replayed day, so each node's patient state is warm at midnight. */
const WARM_UP_MS = 6 * 3_600_000;

/** Knobs of the demo (embedded defaults; the CLI exposes a few). */
export interface DemoOptions {
  outDir: string;
  seed: string;
  patientsPerSite: number;
  days: number;
  roundsPerModel: number;
  /** Virtual seconds per real second during the replayed day. */
  speed: number;
  startDate: string;
  stdout: NodeJS.WritableStream;
}

const step = (out: NodeJS.WritableStream, n: number, text: string) => out.write(`[${n}/7] ${text}\n`);

async function startEdges(group: ProcessGroup, edges: readonly EdgeLayout[], dir: string, tag: string): Promise<Map<string, { child: Child; address: string }>> {
  const started = new Map<string, { child: Child; address: string }>();
  await Promise.all(
    edges.map(async (edge) => {
      const child = group.start(`edge-${edge.site}`, ['edge', 'serve', '--config', edge.configFile], join(dir, 'logs', `edge-${edge.site}.${tag}.log`));
      const line = await child.waitFor(/edge node listening on/, 60_000);
      started.set(edge.site, { child, address: /listening on (\S+):(\d+)/.exec(line)!.slice(1, 3).join(':') });
    }),
  );
  return started;
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.process.once('exit', () => resolve());
    child.process.kill('SIGTERM');
  });
}

/** Runs the demo. @returns the summary it printed. */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const { outDir: dir, stdout } = options;
  const started = Date.now();
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const sites = [...SITE_KINDS];
  const startMs = Date.parse(`${options.startDate}T00:00:00Z`);
  const replayDayMs = startMs + (options.days - 1) * DAY_MS;

  step(stdout, 1, `generating a cohort: ${sites.length} sites × ${options.patientsPerSite} patients × ${options.days} days`);
  const cohortDir = join(dir, 'cohort');
  const cohort = await generateCohort(CohortConfigSchema.parse({ seed: options.seed, days: options.days, patientsPerSite: options.patientsPerSite, startDate: options.startDate, attackRatePerPatientDay: 1.5 }), cohortDir);

  step(stdout, 2, 'creating a private CA, mTLS certificates and the CKKS federation keyset');
  await initPki({ outDir: join(dir, 'pki'), sites, clinicians: 1 });
  await writeKeyset(join(dir, 'keys'));
  const backend = await selectBackend();

  step(stdout, 3, `building genesis models on a separate reference cohort (tfjs backend: ${backend})`);
  const genesis = await buildGenesis(join(dir, 'models'), { seed: options.seed, days: options.days, startDate: options.startDate });

  step(stdout, 4, 'starting the coordinator and four edge nodes (real processes, mTLS on loopback)');
  const group = new ProcessGroup();
  try {
    const coordinatorConfig = provisionCoordinator(dir, sites, genesis, options.roundsPerModel);
    const coordinator = group.start('coordinator', ['coordinator', 'serve', '--config', coordinatorConfig], join(dir, 'logs', 'coordinator.log'));
    const coordinatorAddress = /listening on (\S+)/.exec(await coordinator.waitFor(/coordinator listening on/, 60_000))![1]!;
    const edges = sites.map((site) => provisionEdge(dir, site, join(cohortDir, site)));
    for (const edge of edges) writeEdgeConfig(dir, edge, join(cohortDir, edge.site), { coordinator: coordinatorAddress, genesis, trainUntilMs: replayDayMs - WARM_UP_MS });
    let nodes = await startEdges(group, edges, dir, 'federation');

    step(stdout, 5, `federated rounds: ${options.roundsPerModel} per model, CKKS-encrypted updates`);
    const roundTimes = await followRounds(join(dir, 'coordinator', 'coordinator.db'), sites.length, options.roundsPerModel, 240_000);

    step(stdout, 6, `deploying promoted models and replaying 18:00 the day before to the end of ${new Date(replayDayMs).toISOString().slice(0, 10)} through a simulated gateway at ${options.speed}× speed`);
    await Promise.all([...nodes.values()].map((n) => stopChild(n.child)));
    const clock = { virtualStartMs: replayDayMs - WARM_UP_MS, realStartMs: Date.now() + 12_000, speed: options.speed };
    for (const edge of edges) writeEdgeConfig(dir, edge, join(cohortDir, edge.site), { coordinator: coordinatorAddress, genesis, trainUntilMs: replayDayMs - WARM_UP_MS, clock });
    nodes = await startEdges(group, edges, dir, 'replay');
    const gatewayTls = (site: string) => loadTlsIdentity(join(dir, 'pki', 'gateway', `gw-${site}`));
    const replays: ReplayStats[] = await Promise.all(
      edges.map((edge) => replaySiteDay({ site: edge.site, siteDir: join(cohortDir, edge.site), address: nodes.get(edge.site)!.address, tls: gatewayTls(edge.site), issuerKeys: edge.issuerKeys, fromMs: replayDayMs - WARM_UP_MS, toMs: replayDayMs + DAY_MS, clock })),
    );
    await group.stopAll();

    step(stdout, 7, 'verifying every audit log and writing reports');
    const audits = [
      { name: 'coordinator', file: join(dir, 'coordinator', 'audit.db') },
      ...edges.map((e) => ({ name: `edge ${e.site}`, file: join(e.dataDir, 'audit.db') })),
    ].map(({ name, file }) => {
      const report = verifyLedger(file);
      return { name, file, ok: report.ok, entries: report.size, checkpoints: report.checkpointsChecked };
    });
    const cards = writeRegistryCards(dir);
    const summary: DemoSummary = { seconds: (Date.now() - started) / 1000, backend, cohort: cohort.summary, replays, roundTimes, audits, outDir: dir, cards };
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
    const text = renderSummary(summary);
    writeFileSync(join(dir, 'summary.md'), text);
    stdout.write(`\n${text}\n`);
    return summary;
  } finally {
    await group.stopAll(3_000);
  }
}

/**
 * Waits (with a progress bar) until every node has joined and, for each model kind some node can train,
 * `roundsPerKind` rounds are final with their versions agreed. @returns seconds per round.
 */
async function followRounds(dbFile: string, nodeCount: number, roundsPerKind: number, timeoutMs: number): Promise<Array<{ roundId: string; state: string; seconds: number; nodes: number }>> {
  const progress = createProgress({ label: 'rounds', total: 2 * roundsPerKind, intervalMs: 3_000 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const store = new CoordinatorStore(dbFile);
    const rounds = store.listRounds();
    const nodes = store.listNodes().filter((n) => n.keysetFingerprintHex !== null);
    store.close();
    const trainable = new Set(nodes.flatMap((n) => n.modelKinds));
    const expected = nodes.length < nodeCount ? Number.POSITIVE_INFINITY : roundsPerKind * trainable.size;
    const done = rounds.filter((r) => r.state === 'FAILED' || (r.state === 'PUBLISHED' && r.resultVersion !== null));
    progress.update(done.length, rounds[0] ? `${rounds[0].roundId} ${rounds[0].state}` : 'waiting for nodes to join');
    if (done.length >= expected || Date.now() > deadline) {
      if (done.length < expected) stdoutWarning(`rounds: only ${done.length} finished before the time limit`);
      progress.finish(done.length >= expected ? 'done' : 'timed out');
      return rounds.map((r) => ({ roundId: r.roundId, state: r.state, seconds: ((r.closedAtMs ?? Date.now()) - r.createdAtMs) / 1000, nodes: r.nodeCount })).reverse();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function stdoutWarning(text: string): void {
  process.stderr.write(`warning: ${text}\n`);
}

function writeRegistryCards(dir: string): string[] {
  const store = new CoordinatorStore(join(dir, 'coordinator', 'coordinator.db'));
  const out = join(dir, 'reports', 'model-cards');
  mkdirSync(out, { recursive: true });
  try {
    return store.listModels().map((model) => {
      const file = join(out, `${model.modelKind.replace('MODEL_KIND_', '').toLowerCase()}-${model.version.slice(0, 12)}.md`);
      writeFileSync(file, registryCard(model));
      return file;
    });
  } finally {
    store.close();
  }
}
