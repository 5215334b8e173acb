import { EXIT, requireString, type CommandGroup } from '../../cli/index.js';
import { writeKeyset } from './keygen.js';

/** `vigil keys …`: the federation's CKKS keyset. */
export const keysCommands: CommandGroup = {
  name: 'keys',
  summary: 'federation CKKS keyset (coordinator public context, node secret key)',
  commands: [
    {
      name: 'init',
      summary: 'generate a CKKS keyset: DIR/coordinator/context.seal (+ context.json) and DIR/node/secret.seal (mode 0600)',
      options: {
        out: { type: 'string', description: 'directory to write the keyset into', valueName: 'DIR' },
        force: { type: 'boolean', description: 'replace an existing keyset (every node and the coordinator must switch)' },
      },
      details:
        'Copy DIR/coordinator/ to the coordinator and DIR/node/secret.seal to every edge node over a secure channel.\n' +
        'The coordinator never receives the secret key. Prints the keyset fingerprint (for audit logs and model cards).',
      async run(args, context) {
        const dir = requireString(args, 'out');
        const { meta, paths } = await writeKeyset(dir, { force: args.values.force === true });
        context.stdout.write(
          [
            `keyset ${meta.fingerprint}`,
            `  CKKS N=${meta.polyModulusDegree}, moduli ${meta.coeffModulusBits.join('+')} bits, scale 2^${meta.scaleBits}, 128-bit security`,
            `  coordinator: ${paths.publicContext} (+ ${paths.publicContextMeta})`,
            `  edge nodes:  ${paths.secretKeyset} (mode 0600, secret)`,
          ].join('\n') + '\n',
        );
        return EXIT.OK;
      },
    },
  ],
};
