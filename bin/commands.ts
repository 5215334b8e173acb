import type { CommandGroup } from '../common/cli/index.js';
import { demoCommands } from '../eval/demo-cli.js';

/** Every component's command group, in the order `vigil --help` lists them. One line per component. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  demoCommands,
];
