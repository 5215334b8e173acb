import { EXIT, optionalString, type CommandGroup } from '../common/cli/index.js';
import { InvalidArgumentError } from '../common/errors/index.js';
import { runDemo } from './demo/run-demo.js';

function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError([{ field: `--${name}`, description: `must be an integer in [${min}, ${max}]` }]);
  return n;
}

/** `vigil demo`: the end-to-end demonstration `npm start` runs. */
export const demoCommands: CommandGroup = {
  name: 'demo',
  summary: 'run the end-to-end demo (coordinator, four edge nodes, federated rounds, gateway traffic)',
  defaultCommand: 'run',
  commands: [
    {
      name: 'run',
      summary: 'run the end-to-end demo on embedded defaults; Ctrl-C stops every process it started',
      details: 'Everything it makes is kept in --out (replaced on every run): cohort, PKI, keys, databases, audit logs, reports, model cards, logs.',
      options: {
        out: { type: 'string', description: 'directory to keep everything the demo makes', default: './vigil-demo', valueName: 'DIR' },
        seed: { type: 'string', description: 'seed of the cohort', default: 'vigil-demo', valueName: 'SEED' },
        patients: { type: 'string', description: 'patients per site', default: '4', valueName: 'N' },
        days: { type: 'string', description: 'days of recorded history per patient (the last is replayed)', default: '21', valueName: 'N' },
        rounds: { type: 'string', description: 'federated rounds per model', default: '3', valueName: 'N' },
        speed: { type: 'string', description: 'replay speed (virtual seconds per second)', default: '1800', valueName: 'X' },
      },
      async run(args, context) {
        await runDemo({
          outDir: optionalString(args, 'out') ?? './vigil-demo',
          seed: optionalString(args, 'seed') ?? 'vigil-demo',
          patientsPerSite: intOption(optionalString(args, 'patients'), 'patients', 4, 1, 50),
          days: intOption(optionalString(args, 'days'), 'days', 21, 16, 120),
          roundsPerModel: intOption(optionalString(args, 'rounds'), 'rounds', 3, 1, 20),
          speed: intOption(optionalString(args, 'speed'), 'speed', 1800, 60, 100_000),
          startDate: '2025-01-06',
          stdout: context.stdout,
        });
        return EXIT.OK;
      },
    },
  ],
};
