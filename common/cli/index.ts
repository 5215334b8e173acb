export { EXIT, commandHelp, groupHelp, rootHelp, parseCommandArgs } from './command.js';
export type { Command, CommandArgs, CommandContext, CommandGroup, LazyCommandGroup, OptionSpec } from './command.js';
export { runCli } from './run-cli.js';
export { requireString, optionalString, requireInt } from './args.js';
export { createProgress } from './progress.js';
export type { Progress, ProgressOptions } from './progress.js';
