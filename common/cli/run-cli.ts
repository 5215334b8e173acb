import { VigilError } from '../errors/index.js';
import { EXIT, commandHelp, groupHelp, parseCommandArgs, rootHelp, type CommandContext, type CommandGroup, type LazyCommandGroup } from './command.js';

const EXIT_BY_CODE: Partial<Record<VigilError['code'], number>> = {
  INVALID_ARGUMENT: EXIT.USAGE,
  NOT_FOUND: EXIT.USAGE,
  ALREADY_EXISTS: EXIT.USAGE,
  FAILED_PRECONDITION: EXIT.USAGE,
  UNAVAILABLE: EXIT.UNAVAILABLE,
  DEADLINE_EXCEEDED: EXIT.UNAVAILABLE,
  PERMISSION_DENIED: EXIT.REFUSED,
  UNAUTHENTICATED: EXIT.REFUSED,
  DATA_LOSS: EXIT.CHECK_FAILED,
};

/**
 * Dispatches `argv` (without node and script) to a command.
 * @returns the exit code; never throws: errors become one line on stderr and a meaningful code.
 */
export async function runCli(groups: readonly (CommandGroup | LazyCommandGroup)[], argv: string[], context: CommandContext): Promise<number> {
  const [groupName, ...afterGroup] = argv;
  const wantsHelp = (args: readonly (string | undefined)[]) => args.some((a) => a === '--help' || a === '-h');
  if (groupName === undefined || groupName === '--help' || groupName === '-h' || groupName === 'help') {
    context.stdout.write(rootHelp(groups));
    return groupName === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const entry = groups.find((g) => g.name === groupName);
  if (!entry) {
    context.stderr.write(`vigil: unknown component '${groupName}'. Run 'vigil --help' for the list.\n`);
    return EXIT.USAGE;
  }
  let group: CommandGroup;
  try {
    group = 'load' in entry ? await entry.load() : entry;
  } catch (error) {
    context.stderr.write(`vigil ${groupName}: internal error: the component failed to load: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.INTERNAL;
  }
  const usesDefault = group.defaultCommand !== undefined && (afterGroup[0] === undefined || afterGroup[0].startsWith('-'));
  const [commandName, ...rest] = (usesDefault ? [group.defaultCommand, ...afterGroup] : afterGroup) as string[];
  if (commandName === undefined || commandName === '--help' || commandName === '-h') {
    context.stdout.write(groupHelp(group));
    return commandName === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const command = group.commands.find((c) => c.name === commandName);
  if (!command) {
    context.stderr.write(`vigil ${group.name}: unknown command '${commandName}'. Run 'vigil ${group.name} --help' for the list.\n`);
    return EXIT.USAGE;
  }
  if (wantsHelp(rest)) {
    context.stdout.write(commandHelp(group, command));
    return EXIT.OK;
  }
  let args;
  try {
    args = parseCommandArgs(command, rest);
  } catch (error) {
    context.stderr.write(`vigil ${group.name} ${command.name}: ${(error as Error).message}\n`);
    return EXIT.USAGE;
  }
  try {
    return await command.run(args, context);
  } catch (error) {
    if (error instanceof VigilError) {
      context.stderr.write(`vigil ${group.name} ${command.name}: ${error.message}\n`);
      return EXIT_BY_CODE[error.code] ?? EXIT.INTERNAL;
    }
    context.stderr.write(`vigil ${group.name} ${command.name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.INTERNAL;
  }
}
