/**
 * `vigil eval he`: what homomorphic encryption costs the federation. Codec in isolation (encrypt /
 * aggregate / decrypt time, bytes per weight, error against plaintext FedAvg) and full rounds over mTLS
 * gRPC against the identity codec (round overhead ratio).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinatorHe, NodeHe, writeKeyset } from '../../common/crypto/he/index.js';
import { initPki } from '../../common/pki/index.js';
import { summarize } from '../metrics/index.js';
import { barChart, histogram } from '../plots/index.js';
import { formatNumber, table, type HeadlineItem } from '../report/index.js';
import { measureCodec, seededUpdates } from './he-codec.js';
import type { RoundComponents } from './he-round-timers.js';
import { measureRoundOverhead, roundSites } from './he-rounds.js';
import type { Suite } from './suite.js';

/** Configuration of the he suite. */
export interface HeConfig {
  codec: { nodes: number; weights: number };
  /** Full rounds: `repetitions` timed rounds per codec after one warm-up round each. */
  rounds: { nodes: number; weights: number; repetitions: number };
  targets: { maxAbsError: number; bytesPerWeight: number; roundOverheadRatio: number };
}

/** @returns the default or quick configuration. */
export function heConfig(quick: boolean): HeConfig {
  const targets = { maxAbsError: 1e-5, bytesPerWeight: 16, roundOverheadRatio: 3 };
  return quick
    ? { codec: { nodes: 3, weights: 16_380 }, rounds: { nodes: 2, weights: 8_190, repetitions: 2 }, targets } // whole chunks of 4,095 data slots
    : { codec: { nodes: 5, weights: 250_000 }, rounds: { nodes: 10, weights: 50_000, repetitions: 3 }, targets };
}

const perMillion = (ms: number, weights: number) => (ms * 1e6) / weights;

/** The timed parts of a round, as reported. */
const COMPONENTS: readonly (readonly [keyof RoundComponents, string])[] = [
  ['encryptMs', 'nodes: encrypt'],
  ['addMs', 'coordinator: parse + add'],
  ['stageMs', 'coordinator: stage (SQLite)'],
  ['serializeMs', 'coordinator: serialize sum'],
  ['decryptMs', 'nodes: decrypt'],
  ['otherMs', 'rest (gRPC, TLS, store, polling)'],
];

/** The he suite. */
export const heSuite: Suite = {
  name: 'he',
  summary: 'CKKS cost: encrypt/aggregate/decrypt time, bytes per weight, error vs plaintext FedAvg, round overhead over mTLS gRPC',
  details: 'Default: 5 nodes × 250,000 weights through the codec; 10 nodes × 50,000 weights in full rounds (1 warm-up + 3 timed rounds per codec, medians). Quick: 3 × 16,380 and 2 × 8,190 (whole ciphertexts), 2 timed rounds per codec.',
  async run(context) {
    const config = heConfig(context.quick);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-eval-he-'));
    const progress = context.progress('codec and rounds', config.codec.nodes + 4 + 2 * config.rounds.repetitions);
    let roundsDone = 0;
    try {
      progress.update(0, 'keyset');
      const { paths, meta } = await writeKeyset(join(dir, 'keys'));
      const node = await NodeHe.load(paths.secretKeyset);
      const coordinator = await CoordinatorHe.load(paths.publicContext);
      const { updates, sampleCounts } = seededUpdates(context.seed, config.codec.nodes, config.codec.weights);
      progress.update(1, 'encrypting');
      const codec = measureCodec(node, coordinator, updates, sampleCounts, (n) => progress.update(1 + n, 'encrypting'));
      coordinator.delete();
      progress.update(config.codec.nodes + 1, 'pki');
      await initPki({ outDir: join(dir, 'pki'), sites: roundSites(config.rounds.nodes), clinicians: 0 });
      const rounds = await measureRoundOverhead(
        { dir, nodes: config.rounds.nodes, weights: config.rounds.weights, heContextPath: paths.publicContext },
        node,
        meta,
        (label) => progress.update(config.codec.nodes + 2 + roundsDone++, `round: ${label}`),
        config.rounds.repetitions,
      );
      node.delete();
      progress.finish();

      const error = summarize(codec.absErrors);
      const encrypt = summarize(codec.encryptMsPerUpdate);
      const add = summarize(codec.addMsPerUpdate);
      const maxAbsError = error.max;
      const bytes = Math.max(codec.uploadBytesPerWeight, rounds.ckksWireBytesPerWeight);
      const timing = {
        encryptMsPerMillionWeights: perMillion(encrypt.mean, codec.weights),
        aggregateMsPerMillionWeightsPerUpdate: perMillion(add.mean, codec.weights),
        decryptMsPerMillionWeights: perMillion(codec.decryptMs, codec.weights),
      };
      const headline: HeadlineItem[] = [
        { label: 'max |CKKS − plaintext FedAvg| per weight', value: maxAbsError.toExponential(2), target: '≤ 1e-5', met: maxAbsError <= config.targets.maxAbsError },
        { label: 'upload bytes per weight', value: codec.uploadBytesPerWeight.toFixed(2), target: '≤ 16', met: bytes <= config.targets.bytesPerWeight },
        { label: `round time, CKKS ÷ plaintext (${rounds.nodes} nodes × ${formatNumber(rounds.weights)} weights, mTLS gRPC, median of ${rounds.repetitions})`, value: `${rounds.overheadRatio.toFixed(2)}×`, target: '≤ 3×', met: rounds.overheadRatio <= config.targets.roundOverheadRatio },
        { label: 'encrypt, per 1M weights', value: `${formatNumber(timing.encryptMsPerMillionWeights, 3)} ms` },
        { label: 'aggregate, per update per 1M weights', value: `${formatNumber(timing.aggregateMsPerMillionWeightsPerUpdate, 3)} ms` },
        { label: 'decrypt, per 1M weights', value: `${formatNumber(timing.decryptMsPerMillionWeights, 3)} ms` },
      ];
      const positiveErrors = Array.from(codec.absErrors).filter((e) => e > 0);
      return {
        config: { ...config },
        metrics: {
          keyset: { polyModulusDegree: meta.polyModulusDegree, coeffModulusBits: meta.coeffModulusBits, scaleBits: meta.scaleBits, slotsPerChunk: meta.slotsPerChunk },
          codec: { nodes: codec.nodes, weights: codec.weights, chunks: codec.chunks },
          withinTargets: { error: maxAbsError <= config.targets.maxAbsError, bytesPerWeight: bytes <= config.targets.bytesPerWeight, roundOverhead: rounds.overheadRatio <= config.targets.roundOverheadRatio },
        },
        measurements: {
          error: { maxAbs: maxAbsError, meanAbs: error.mean, p50Abs: error.p50, p99Abs: error.p99 },
          wire: { uploadBytesPerWeight: codec.uploadBytesPerWeight, downloadBytesPerWeight: codec.downloadBytesPerWeight, roundUploadBytesPerWeight: rounds.ckksWireBytesPerWeight, plaintextBytesPerWeight: rounds.identityWireBytesPerWeight },
          timing: { ...timing, encryptMsPerUpdate: codec.encryptMsPerUpdate, addMsPerUpdate: codec.addMsPerUpdate, decryptMs: codec.decryptMs },
          rounds,
        },
        report: {
          title: 'Homomorphic encryption: cost and accuracy',
          intro: `${codec.nodes} nodes encrypt seeded updates of ${formatNumber(codec.weights)} weights with the federation's CKKS keyset (N = ${meta.polyModulusDegree}, ${meta.slotsPerChunk} slots per ciphertext); the coordinator adds the ciphertexts without a secret key; a node decrypts the weighted FedAvg. Then ${rounds.nodes} edge nodes run full rounds against a coordinator over mutual-TLS gRPC, with CKKS and with an identity codec.`,
          about: {
            measures: 'Time to encrypt, aggregate and decrypt; bytes on the wire per model weight; the largest difference between the decrypted aggregate and plaintext FedAvg; and how much longer a whole federated round takes with encryption than without.',
            how: 'Codec: `NodeHe.encryptUpdate`, `CoordinatorHe.openSum().add`, `NodeHe.decryptAggregate`, compared with a float64 weighted mean of the same updates. Rounds: coordinator and nodes in one process over loopback gRPC with mTLS and durable SQLite stores, both codecs injected into the same coordinator path with the same chunk layout, nodes, sizes and (precomputed) trained weights; one warm-up round per codec is discarded, then the timed rounds alternate in order (identity, CKKS, CKKS, identity, …) and the ratio is median CKKS over median identity. Stopwatches around encryption, the coordinator\'s add, staging, serialization and decryption give the breakdown; the rest is gRPC, TLS, other store writes and polling.',
            caveats: [
              'Timings are wall-clock on this machine (see the environment line); they are in `measurements`, not `metrics`, and vary between runs.',
              'CKKS encryption is randomised, so the error differs slightly between runs; the target is checked on each run.',
              'Round overhead with real training is smaller than measured here: training time adds to both rounds equally.',
              'Everything runs in one process on one JS thread: the round time adds up every node\'s encryption and decryption one after another, which real nodes do in parallel on their own machines, so this overstates CKKS\'s wall-clock cost. Other jobs on the machine share the CPU; the load average is in `measurements.rounds.loadAverage`.',
              'Energy cannot be measured on a server; CPU time per encrypted update (encrypt row) stands in for it.',
            ],
          },
          headline,
          sections: [
            {
              heading: 'Codec timings',
              markdown: table(
                ['step', 'mean (ms)', 'min (ms)', 'max (ms)', 'per 1M weights (ms)'],
                [
                  ['encrypt one update', encrypt.mean, encrypt.min, encrypt.max, timing.encryptMsPerMillionWeights],
                  ['add one update to the sum', add.mean, add.min, add.max, timing.aggregateMsPerMillionWeightsPerUpdate],
                  ['decrypt the aggregate', codec.decryptMs, codec.decryptMs, codec.decryptMs, timing.decryptMsPerMillionWeights],
                ].map((row) => row.map((v) => (typeof v === 'number' ? Number(v.toFixed(1)) : v))),
              ),
              plots: [{
                file: 'codec-time.svg',
                alt: 'Codec time per million weights',
                svg: barChart({ title: 'CKKS codec time per million weights', subtitle: `${codec.nodes} updates of ${formatNumber(codec.weights)} weights`, categories: ['encrypt', 'aggregate (per update)', 'decrypt'], groups: [{ name: 'CKKS', values: [timing.encryptMsPerMillionWeights, timing.aggregateMsPerMillionWeightsPerUpdate, timing.decryptMsPerMillionWeights] }], yLabel: 'Time per 1M weights (ms)' }),
              }],
            },
            {
              heading: 'Accuracy against plaintext FedAvg',
              markdown: table(['statistic', '|CKKS − plaintext| per weight'], [['max', maxAbsError.toExponential(2)], ['mean', error.mean.toExponential(2)], ['p50', error.p50.toExponential(2)], ['p99', error.p99.toExponential(2)]], ['left', 'right']),
              plots: [{
                file: 'error-histogram.svg',
                alt: 'Histogram of absolute errors',
                svg: histogram({ title: 'Absolute error of the decrypted FedAvg, per weight', subtitle: `${formatNumber(codec.weights)} weights; target ≤ 1e-5`, xLabel: '|CKKS − plaintext FedAvg| (log scale)', series: [{ name: 'weights', values: positiveErrors }], logX: true, bins: 40, markers: [{ x: error.p99, label: 'p99' }, { x: config.targets.maxAbsError, label: 'target', color: '#D55E00' }] }),
              }],
            },
            {
              heading: 'Wire size and full rounds',
              markdown: table(
                ['measure', 'CKKS', 'plaintext (identity codec)'],
                [
                  ['upload bytes per weight', codec.uploadBytesPerWeight.toFixed(2), rounds.identityWireBytesPerWeight.toFixed(2)],
                  ['aggregate download bytes per weight', codec.downloadBytesPerWeight.toFixed(2), '4.00'],
                  [`round time (${rounds.nodes} nodes × ${formatNumber(rounds.weights)} weights), median ms`, rounds.ckksRoundMs.toFixed(0), rounds.identityRoundMs.toFixed(0)],
                  ['timed rounds, ms', rounds.ckksRoundsMs.map((ms) => ms.toFixed(0)).join(', '), rounds.identityRoundsMs.map((ms) => ms.toFixed(0)).join(', ')],
                  [`process CPU time per round, median ms (ratio ${rounds.cpuOverheadRatio.toFixed(2)}×)`, rounds.ckksCpuMs.toFixed(0), rounds.identityCpuMs.toFixed(0)],
                  ...COMPONENTS.map(([key, label]) => [`${label}, median ms per round`, rounds.components.ckks[key].toFixed(0), rounds.components.identity[key].toFixed(0)]),
                ],
                ['left', 'right', 'right'],
              ),
              plots: [{
                file: 'round-time.svg',
                alt: 'Round time with and without encryption, and where it goes',
                svg: barChart({
                  title: 'Federated round over mTLS gRPC',
                  subtitle: `${rounds.nodes} nodes × ${formatNumber(rounds.weights)} weights, median of ${rounds.repetitions}; overhead ${rounds.overheadRatio.toFixed(2)}× (target ≤ 3×)`,
                  categories: ['whole round', ...COMPONENTS.map(([, label]) => label)],
                  groups: [
                    { name: 'plaintext FedAvg (identity codec)', values: [rounds.identityRoundMs, ...COMPONENTS.map(([key]) => rounds.components.identity[key])] },
                    { name: 'CKKS', values: [rounds.ckksRoundMs, ...COMPONENTS.map(([key]) => rounds.components.ckks[key])] },
                  ],
                  yLabel: 'Wall time per round (ms)',
                  valueFormat: (v) => v.toFixed(0),
                }),
              }],
            },
          ],
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
