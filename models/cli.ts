/**
 * `vigil model ...`: `card DIR` prints a model directory's card as Markdown (or JSON with --json).
 * The coordinator will add `list` and `card VERSION` for its registry; `card` takes a directory now.
 */
import { EXIT, type CommandGroup } from '../common/cli/index.js';
import { InvalidArgumentError } from '../common/errors/index.js';
import { loadModelCard } from './artifacts.js';
import { renderModelCard } from './card/render.js';

/** The `model` command group. */
export const modelCommands: CommandGroup = {
  name: 'model',
  summary: 'inspect trained models (model cards)',
  commands: [
    {
      name: 'card',
      summary: 'Print the model card of a model directory (verifies the weights and feature spec first)',
      positionals: '<DIR>',
      options: { json: { type: 'boolean', description: 'print the card as JSON instead of Markdown' } },
      async run(args, context) {
        const directory = args.positionals[0];
        if (directory === undefined || args.positionals.length > 1) throw new InvalidArgumentError([{ field: 'DIR', description: 'exactly one model directory is required' }]);
        const card = loadModelCard(directory);
        context.stdout.write(args.values['json'] === true ? JSON.stringify(card, null, 2) + '\n' : renderModelCard(card));
        return EXIT.OK;
      },
    },
  ],
};
