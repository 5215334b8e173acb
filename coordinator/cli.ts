import { EXIT, optionalString, requireString, type CommandArgs, type CommandGroup } from '../common/cli/index.js';
import { loadConfig } from '../common/config/index.js';
import { createLogger } from '../common/log/index.js';
import { join } from 'node:path';
import { registerGenesisModel, parseModelKind, registryCard } from './admin.js';
import { CoordinatorConfigSchema } from './config.js';
import { startCoordinator } from './main.js';
import { modelListLines } from './registry.js';
import { CoordinatorStore } from './store/coordinator-store.js';
import { NotFoundError } from '../common/errors/index.js';

const configOption = { config: { type: 'string' as const, description: 'coordinator config (YAML or JSON); defaults apply without one', valueName: 'FILE' } };

function openStore(args: CommandArgs): CoordinatorStore {
  const config = loadConfig(CoordinatorConfigSchema, { file: optionalString(args, 'config') });
  return new CoordinatorStore(join(config.dataDir, 'coordinator.db'));
}

function withStore<T>(args: CommandArgs, fn: (store: CoordinatorStore) => T): T {
  const store = openStore(args);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** `vigil coordinator`: the federation coordinator and its registry. */
export const coordinatorCommands: CommandGroup = {
  name: 'coordinator',
  summary: 'run the federation coordinator; enrol nodes; register and list models',
  commands: [
    {
      name: 'serve',
      summary: 'serve Federation over mTLS until SIGINT/SIGTERM (drains calls, then exits)',
      options: configOption,
      async run(args, context) {
        const config = loadConfig(CoordinatorConfigSchema, { file: optionalString(args, 'config') });
        const logger = createLogger({ name: 'coordinator' });
        const running = await startCoordinator(config, logger);
        context.stdout.write(`coordinator listening on ${config.listen.host}:${running.port}\n`);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await running.stop();
        return EXIT.OK;
      },
    },
    {
      name: 'add-node',
      summary: 'enrol an edge node by its certificate name (spiffe://vigil/edge/<name>)',
      options: { ...configOption, name: { type: 'string', description: 'node name as in its certificate', valueName: 'NAME' } },
      async run(args, context) {
        const name = requireString(args, 'name');
        withStore(args, (store) => store.enrolNode(name, Date.now()));
        context.stdout.write(`enrolled ${name}\n`);
        return EXIT.OK;
      },
    },
    {
      name: 'remove-node',
      summary: 'revoke an edge node: its calls are refused from now on',
      options: { ...configOption, name: { type: 'string', description: 'node name', valueName: 'NAME' } },
      async run(args, context) {
        const name = requireString(args, 'name');
        const removed = withStore(args, (store) => store.revokeNode(name, Date.now()));
        if (!removed) throw new NotFoundError('node', name);
        context.stdout.write(`revoked ${name}\n`);
        return EXIT.OK;
      },
    },
    {
      name: 'nodes',
      summary: 'list enrolled and revoked nodes',
      options: configOption,
      async run(args, context) {
        for (const node of withStore(args, (store) => store.listNodes())) {
          context.stdout.write(`${node.nodeId.padEnd(24)} ${node.status.padEnd(9)} joined=${node.keysetFingerprintHex ? 'yes' : 'no'} last_seen=${node.lastSeenMs ? new Date(node.lastSeenMs).toISOString() : '-'}\n`);
        }
        return EXIT.OK;
      },
    },
    {
      name: 'register-model',
      summary: 'register a genesis model (seeded initialisation) from a models/ artifact directory',
      options: { ...configOption, dir: { type: 'string', description: 'artifact directory (weights.bin, model.json)', valueName: 'DIR' }, kind: { type: 'string', description: 'dose, telemetry or adherence', valueName: 'KIND' } },
      async run(args, context) {
        const kind = parseModelKind(requireString(args, 'kind'));
        const model = withStore(args, (store) => registerGenesisModel(store, requireString(args, 'dir'), kind, Date.now()));
        context.stdout.write(`registered ${model.modelKind} ${model.version} (${model.weightCount} weights)\n`);
        return EXIT.OK;
      },
    },
    {
      name: 'rounds',
      summary: 'list rounds, newest first',
      options: configOption,
      async run(args, context) {
        for (const r of withStore(args, (store) => store.listRounds())) {
          context.stdout.write(`${r.roundId.padEnd(28)} ${r.state.padEnd(11)} nodes=${r.nodeCount}/${r.targetNodes} weight=${r.totalWeight} ${r.reason ?? ''}\n`);
        }
        return EXIT.OK;
      },
    },
    {
      name: 'models',
      summary: 'list registered model versions, newest first (the registry); DEPLOYABLE marks the best-evaluated version of each kind and why',
      options: configOption,
      async run(args, context) {
        for (const line of withStore(args, modelListLines)) context.stdout.write(`${line}\n`);
        return EXIT.OK;
      },
    },
    {
      name: 'model-card',
      summary: 'print the registry card of a model version (Markdown)',
      positionals: '<version>',
      options: configOption,
      async run(args, context) {
        const version = args.positionals[0];
        if (!version) throw new NotFoundError('model version', '(none given)');
        const model = withStore(args, (store) => store.getModel(version) ?? store.listModels().find((m) => m.version.startsWith(version)));
        if (!model) throw new NotFoundError('model version', version);
        context.stdout.write(registryCard(model));
        return EXIT.OK;
      },
    },
  ],
};
