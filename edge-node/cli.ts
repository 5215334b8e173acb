/** `vigil edge`: run an edge node and provision what it trusts (patients, devices, issuers, clinicians). */
import { randomBytes } from 'node:crypto';
import { EXIT, optionalString, requireInt, requireString, type CommandArgs, type CommandGroup } from '../common/cli/index.js';
import { loadConfig } from '../common/config/index.js';
import { InvalidArgumentError } from '../common/errors/index.js';
import { createLogger } from '../common/log/index.js';
import { EdgeConfigSchema } from './config.js';
import { newTotpSecret, otpauthUri } from './holds/totp.js';
import { importDataset } from './import-dataset.js';
import { edgePaths, startEdgeNode } from './main.js';
import { configuredPlugins, startConfiguredFederation } from './federation/serve-federation.js';
import { EdgeStore } from './store/edge-store.js';
import { deployConfiguredModels } from './telemetry/configured-model.js';

const configOption = { config: { type: 'string' as const, description: 'edge config (YAML or JSON); defaults apply without one', valueName: 'FILE' } };
const NAME = /^[A-Za-z0-9._-]{1,64}$/;

function withStore<T>(args: CommandArgs, fn: (store: EdgeStore) => T): T {
  const store = EdgeStore.open(edgePaths(loadConfig(EdgeConfigSchema, { file: optionalString(args, 'config') })).store);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

function requireName(args: CommandArgs, flag: string): string {
  const name = requireString(args, flag);
  if (!NAME.test(name)) throw new InvalidArgumentError([{ field: `--${flag}`, description: "letters, digits, '.', '_', '-'; at most 64" }]);
  return name;
}

/** `vigil edge`. */
export const edgeCommands: CommandGroup = {
  name: 'edge',
  summary: 'run an edge node (Scoring API, dose gate, ingest, alerts); provision patients, devices, issuers, clinicians',
  commands: [
    {
      name: 'serve',
      summary: 'serve Scoring over mTLS (+ /metrics on loopback) until SIGINT/SIGTERM, then drain and exit',
      options: configOption,
      async run(args, context) {
        const config = loadConfig(EdgeConfigSchema, { file: optionalString(args, 'config') });
        const logger = createLogger({ name: 'edge' });
        const node = await startEdgeNode(config, logger, configuredPlugins(config, logger));
        deployConfiguredModels(config, node, logger);
        const federation = await startConfiguredFederation(config, node, logger);
        context.stdout.write(`edge node listening on ${config.listen.host}:${node.port}${node.metricsPort === null ? '' : ` (metrics on ${config.metrics.host}:${node.metricsPort})`}\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        logger.info('draining');
        await federation?.stop();
        await node.stop();
        return EXIT.OK;
      },
    },
    {
      name: 'train-telemetry',
      summary: 'train the telemetry autoencoder on a site\'s recorded streams; writes a model directory to deploy with `models.telemetry`',
      options: {
        'site-data': { type: 'string', description: 'a `vigil datasets generate` site directory (profiles, cgm, pump, heart-rate, labels)', valueName: 'DIR' },
        out: { type: 'string', description: 'model directory to write', valueName: 'DIR' },
        until: { type: 'string', description: 'use streams recorded before this ISO date-time (default: all of them)', valueName: 'ISO' },
        'holdout-days': { type: 'string', description: 'last days held out to calibrate the threshold (default 2)', valueName: 'N' },
        'every-minutes': { type: 'string', description: 'a window ends every N minutes (default 10)', valueName: 'N' },
        'false-alarm-rate': { type: 'string', description: 'target false-alarm rate of the threshold on held-out windows (default 0.01)', valueName: 'RATE' },
        epochs: { type: 'string', description: 'training epochs (default 15; early stopping on the held-out loss)', valueName: 'N' },
        seed: { type: 'string', description: 'initialisation seed (default 1)', valueName: 'N' },
      },
      details: 'Windows overlapping a labelled CGM spoof, sensor or pump fault are never trained on; the card reports how many of them the threshold flags.',
      async run(args, context) {
        const int = (flag: string, fallback: number, min: number, max: number) => (args.values[flag] === undefined ? fallback : requireInt(args, flag, min, max));
        const until = optionalString(args, 'until');
        const untilMs = until === undefined ? undefined : Date.parse(until);
        if (untilMs !== undefined && Number.isNaN(untilMs)) throw new InvalidArgumentError([{ field: '--until', description: `not an ISO date-time: '${until}'` }]);
        const rate = Number(optionalString(args, 'false-alarm-rate') ?? '0.01');
        if (!(rate > 0 && rate < 0.5)) throw new InvalidArgumentError([{ field: '--false-alarm-rate', description: 'must be in (0, 0.5)' }]);
        // Training loads tfjs: only this command imports it.
        const { trainSiteTelemetryModel } = await import('./telemetry/telemetry-training.js');
        const report = await trainSiteTelemetryModel({
          siteDir: requireString(args, 'site-data'), outDir: requireString(args, 'out'), ...(untilMs === undefined ? {} : { untilMs }),
          holdoutDays: int('holdout-days', 2, 1, 365), everyMinutes: int('every-minutes', 10, 1, 240), targetFalseAlarmRate: rate,
          epochs: int('epochs', 15, 1, 500), seed: int('seed', 1, 0, 2 ** 31 - 1), progress: (note) => context.stderr.write(`train-telemetry: ${note}\n`),
        });
        const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
        context.stdout.write(`wrote ${report.directory} (version ${report.version.slice(0, 12)}…, backend ${report.backend}): ${report.rows.train} windows trained, ${report.rows.holdout} held out (false alarms ${pct(report.holdoutFalseAlarmRate)}), ${report.rows.faults} fault windows (${report.faultDetectionRate === null ? 'none labelled' : `flagged ${pct(report.faultDetectionRate)}`})\n`);
        return EXIT.OK;
      },
    },
    {
      name: 'import',
      summary: 'load patients and devices (and pillbox regimens) from a `datasets generate` output directory',
      positionals: '<dir>',
      options: configOption,
      async run(args, context) {
        const dir = args.positionals[0];
        if (!dir) throw new InvalidArgumentError([{ field: '<dir>', description: 'is required' }]);
        const counts = withStore(args, (store) => importDataset(store, dir, Date.now()));
        context.stdout.write(`imported ${counts.patients} patients, ${counts.devices} devices, ${counts.regimens} regimens (restart a running node to load them)\n`);
        return EXIT.OK;
      },
    },
    {
      name: 'add-clinician',
      summary: 'enrol a clinician for TOTP; prints the otpauth URI once (it carries the secret)',
      options: { ...configOption, name: { type: 'string', description: 'clinician name as in their certificate (spiffe://vigil/clinician/<name>)', valueName: 'NAME' } },
      async run(args, context) {
        const name = requireName(args, 'name');
        const secret = newTotpSecret();
        withStore(args, (store) => store.addClinician(name, secret, Date.now()));
        context.stdout.write(`${otpauthUri(name, secret)}\n`);
        return EXIT.OK;
      },
    },
    {
      name: 'add-issuer',
      summary: 'provision a dose-command issuer (AID controller, pump manager); prints its random 16-byte key (hex) once',
      options: { ...configOption, id: { type: 'string', description: 'issuer id as it appears in DoseCommand.issuer_id', valueName: 'ID' } },
      async run(args, context) {
        const id = requireName(args, 'id');
        const key = randomBytes(16);
        withStore(args, (store) => store.addIssuer(id, key, Date.now()));
        context.stdout.write(`${key.toString('hex')}\n`);
        return EXIT.OK;
      },
    },
  ],
};
