import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit codes of every `vigil` command; each means one thing. */
export const EXIT = {
  OK: 0,
  /** The command ran and found a problem (a failed verification, a failed check). */
  CHECK_FAILED: 1,
  /** Bad usage or bad input (unknown command, bad flag, malformed file); nothing was changed. */
  USAGE: 2,
  /** A peer or resource is unavailable (connection refused, deadline exceeded). */
  UNAVAILABLE: 3,
  /** Refused by a peer (permission denied, unauthenticated). */
  REFUSED: 4,
  /** A bug or unexpected failure. */
  INTERNAL: 70,
  /** Interrupted by SIGINT/SIGTERM. */
  INTERRUPTED: 130,
} as const;

/** Option definitions, as node:util parseArgs takes them, plus a help text per option. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { description: string; valueName?: string };

/** Parsed arguments handed to a command. */
export interface CommandArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Context every command gets: where to write results and diagnostics. */
export interface CommandContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** One `vigil <group> <name>` command. */
export interface Command {
  name: string;
  summary: string;
  /** Positional arguments as shown in usage, e.g. `<suite>`. */
  positionals?: string;
  options?: Record<string, OptionSpec>;
  /** Longer help shown under usage. */
  details?: string;
  /** Runs the command; the resolved number is the exit code. */
  run(args: CommandArgs, context: CommandContext): Promise<number>;
}

/** A component's set of commands (`vigil pki ...`, `vigil audit ...`). */
export interface CommandGroup {
  name: string;
  summary: string;
  commands: Command[];
  /** Runs when no command is named (`vigil demo --out DIR`). */
  defaultCommand?: string;
}

/**
 * A group the CLI lists by name and summary and imports only when it is invoked, so `vigil --help` and
 * `vigil audit verify` do not load tfjs, danfojs or the edge node. `load` must resolve to the group of the
 * same name and summary (bin/commands.test.ts checks every registered group).
 */
export interface LazyCommandGroup {
  name: string;
  summary: string;
  load(): Promise<CommandGroup>;
}

/** Usage text of one command. */
export function commandHelp(group: CommandGroup, command: Command): string {
  const lines = [`Usage: vigil ${group.name} ${command.name}${command.positionals ? ` ${command.positionals}` : ''}${command.options ? ' [options]' : ''}`, '', command.summary];
  if (command.details) lines.push('', command.details);
  const options = Object.entries(command.options ?? {});
  lines.push('', 'Options:');
  for (const [name, spec] of options) {
    const flag = `--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    const def = spec.default !== undefined ? ` (default: ${String(spec.default)})` : '';
    lines.push(`  ${flag.padEnd(28)} ${spec.description}${def}`);
  }
  lines.push(`  ${'--help'.padEnd(28)} show this help`);
  return lines.join('\n') + '\n';
}

/** Usage text of a group. */
export function groupHelp(group: CommandGroup): string {
  const lines = [`Usage: vigil ${group.name} <command> [options]`, '', group.summary, '', 'Commands:'];
  for (const command of group.commands) lines.push(`  ${command.name.padEnd(16)} ${command.summary}`);
  lines.push('', `Run 'vigil ${group.name} <command> --help' for a command's options.`);
  return lines.join('\n') + '\n';
}

/** Usage text of the whole CLI. */
export function rootHelp(groups: readonly (CommandGroup | LazyCommandGroup)[]): string {
  const lines = ['Usage: vigil <component> <command> [options]', '', 'Vigil keeps automated drug delivery safe: edge scoring, encrypted federated learning, audit.', '', 'Components:'];
  for (const group of groups) lines.push(`  ${group.name.padEnd(16)} ${group.summary}`);
  lines.push('', "Run 'vigil <component> --help' for its commands.", '', 'Exit codes: 0 ok, 1 check failed, 2 usage or bad input, 3 unavailable, 4 refused, 70 internal error.');
  return lines.join('\n') + '\n';
}

/** Parses a command's flags strictly. @throws TypeError (from node:util) on unknown or malformed flags. */
export function parseCommandArgs(command: Command, argv: string[]): CommandArgs {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    const { description: _description, valueName: _valueName, ...rest } = spec;
    options[name] = rest;
  }
  const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  return { values: parsed.values as CommandArgs['values'], positionals: parsed.positionals };
}
