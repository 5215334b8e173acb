/**
 * `npm run bench -- ledger`: durable append throughput with group commit against one transaction
 * per append (same run, same disk), and proof generation time at 1,000,000 entries against 1,000.
 * Knobs: VIGIL_BENCH_DIR (where the logs go; default the OS temp dir), LEDGER_BENCH_ENTRIES.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, leafHash, verifyConsistency, verifyInclusion, verifyLedger, type AuditEntryInput } from '../../common/ledger/index.js';

const PROOF_SAMPLES = 20_000;

function entry(n: number): AuditEntryInput {
  return {
    type: 'verdict',
    atMs: 1_700_000_000_000 + n,
    data: { commandId: `cmd-${n}`, deviceId: `pump-${n % 97}`, patientId: `p-${n % 1013}`, verdict: n % 11 === 0 ? 'HOLD' : 'ALLOW', reasons: n % 11 === 0 ? ['IOB_HIGH'] : [], anomalyScore: (n % 1000) / 1000, threshold: 0.8, modelVersion: 'ae-7' },
  };
}

/** Appends `total` entries from `concurrency` callers that each await their own append. @returns appends per second. */
async function durableAppendRate(log: AuditLog, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < total) await log.append(entry(next++));
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, caller));
  return total / ((performance.now() - started) / 1000);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

type ProofTiming = { meanUs: number; p50Us: number; p99Us: number; cpuUs: number };

/**
 * Times `make` over random arguments: wall-clock mean, p50 and p99, and CPU time per call (which
 * other processes competing for the cores do not inflate). All in microseconds.
 */
function timeProofs(make: (i: number) => unknown): ProofTiming {
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < PROOF_SAMPLES; i += 1) {
    const t = performance.now();
    make(i);
    samples.push((performance.now() - t) * 1000);
  }
  const used = process.cpuUsage(cpu);
  samples.sort((a, b) => a - b);
  return { meanUs: samples.reduce((a, b) => a + b, 0) / samples.length, p50Us: percentile(samples, 0.5), p99Us: percentile(samples, 0.99), cpuUs: (used.user + used.system) / PROOF_SAMPLES };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Runs the ledger benchmark and prints the results. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(process.env['VIGIL_BENCH_DIR'] ?? tmpdir(), 'vigil-ledger-bench-'));
  const bigSize = Number(process.env['LEDGER_BENCH_ENTRIES'] ?? 1_000_000);
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  try {
    out(`ledger bench: ${availableParallelism()} cores, logs in ${dir} (SQLite WAL, synchronous=FULL: every commit fsyncs)`);

    // 1. Durable appends: one transaction per append (baseline) vs group commit.
    const baselineLog = AuditLog.open({ path: join(dir, 'baseline.db'), origin: 'bench/baseline', maxBatch: 1 });
    const baseline = await durableAppendRate(baselineLog, 5_000, 64);
    await baselineLog.close();
    const groupLog = AuditLog.open({ path: join(dir, 'group.db'), origin: 'bench/group' });
    await durableAppendRate(groupLog, 5_000, 256); // warm-up
    const grouped = await durableAppendRate(groupLog, 200_000, 1024);
    const { commits, items } = groupLog.commitStats;
    await groupLog.close();
    out('');
    out('durable appends (each caller awaits its own append; resolved = fsynced)');
    out(`  one transaction per append (baseline): ${fmt(baseline)} appends/s`);
    out(`  group commit:                           ${fmt(grouped)} appends/s  (mean batch ${fmt(items / commits, 1)} entries)`);
    out(`  ratio group/baseline:                   ${fmt(grouped / baseline, 1)}x   target >= 20,000/s: ${grouped >= 20_000 ? 'met' : 'NOT met'}`);

    // 2. Proofs at 1M entries, built with the bulk path (one durable transaction per 50k entries).
    const big = AuditLog.open({ path: join(dir, 'big.db'), origin: 'bench/big' });
    const buildStart = performance.now();
    for (let start = 0; start < bigSize; start += 50_000) {
      big.appendMany(Array.from({ length: Math.min(50_000, bigSize - start) }, (_, i) => entry(start + i)));
    }
    const buildS = (performance.now() - buildStart) / 1000;
    out('');
    out(`bulk build: ${fmt(bigSize)} entries in ${fmt(buildS, 1)} s (${fmt(bigSize / buildS)} entries/s), file ${fmt(statSync(join(dir, 'big.db')).size / 2 ** 20, 0)} MiB`);

    const { reader } = big;
    let seed = 12345;
    const random = (below: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    const smallSize = 1_000;
    const inclusionBig = timeProofs(() => reader.inclusionProof(random(bigSize), bigSize));
    const inclusionSmall = timeProofs(() => reader.inclusionProof(random(smallSize), smallSize));
    const consistencyBig = timeProofs(() => reader.consistencyProof(1 + random(bigSize - 1), bigSize));
    const consistencySmall = timeProofs(() => reader.consistencyProof(1 + random(smallSize - 1), smallSize));
    const rootBig = reader.root(bigSize);
    for (let i = 0; i < 200; i += 1) {
      const index = random(bigSize);
      const ok = verifyInclusion(index, bigSize, leafHash((reader.entry(index) as { bytes: Buffer }).bytes), reader.inclusionProof(index, bigSize), rootBig).ok;
      const size1 = 1 + random(bigSize - 1);
      if (!ok || !verifyConsistency(size1, bigSize, reader.consistencyProof(size1, bigSize), reader.root(size1), rootBig).ok) throw new Error('a generated proof failed to verify');
    }
    const row = (label: string, r: ProofTiming) => `  ${label.padEnd(32)} mean ${fmt(r.meanUs, 1)} µs  p50 ${fmt(r.p50Us, 1)} µs  p99 ${fmt(r.p99Us, 1)} µs  cpu ${fmt(r.cpuUs, 1)} µs`;
    out('');
    out(`proof generation (${fmt(PROOF_SAMPLES)} random proofs each, from SQLite; 200 of each verified)`);
    out(row(`inclusion at ${fmt(bigSize)}`, inclusionBig));
    out(row(`inclusion at ${fmt(smallSize)} (baseline)`, inclusionSmall));
    out(row(`consistency at ${fmt(bigSize)}`, consistencyBig));
    out(row(`consistency at ${fmt(smallSize)} (baseline)`, consistencySmall));
    out(`  ratio ${fmt(bigSize)} / ${fmt(smallSize)}: inclusion ${fmt(inclusionBig.meanUs / inclusionSmall.meanUs, 2)}x, consistency ${fmt(consistencyBig.meanUs / consistencySmall.meanUs, 2)}x (O(log n): ~2x expected)`);
    const worstMean = Math.max(inclusionBig.meanUs, consistencyBig.meanUs);
    const worstP99 = Math.max(inclusionBig.p99Us, consistencyBig.p99Us);
    out(`  target <= 1 ms at ${fmt(bigSize)}: mean ${worstMean <= 1000 ? 'met' : 'NOT met'} (worst mean ${fmt(worstMean, 1)} µs), p99 ${worstP99 <= 1000 ? 'met' : 'NOT met'} (worst p99 ${fmt(worstP99, 1)} µs)`);
    out(`  load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (tails above the CPU time are other processes' doing)`);
    await big.close();

    // 3. What an auditor pays: a full `vigil audit verify` of the 1M log.
    const verifyStart = performance.now();
    const report = verifyLedger(join(dir, 'big.db'));
    const verifyS = (performance.now() - verifyStart) / 1000;
    out('');
    out(`full verify of ${fmt(report.size)} entries: ${report.ok ? 'OK' : 'FAILED'} in ${fmt(verifyS, 1)} s (${fmt(report.size / verifyS)} entries/s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
