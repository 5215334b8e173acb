import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, VigilError } from '../errors/index.js';
import { EXIT, runCli, requireInt, type CommandGroup, type LazyCommandGroup } from './index.js';
import { COMMAND_GROUPS } from '../../bin/commands.js';

function capture() {
  const out = new PassThrough();
  const err = new PassThrough();
  const text = { out: '', err: '' };
  out.on('data', (chunk) => (text.out += String(chunk)));
  err.on('data', (chunk) => (text.err += String(chunk)));
  return { context: { stdout: out, stderr: err }, text };
}

const group: CommandGroup = {
  name: 'thing',
  summary: 'a test group',
  commands: [
    {
      name: 'count',
      summary: 'counts to N',
      options: { n: { type: 'string', description: 'how far', valueName: 'N' } },
      async run(args, context) {
        const n = requireInt(args, 'n', 0, 10);
        context.stdout.write(`${n}\n`);
        return EXIT.OK;
      },
    },
    { name: 'boom', summary: 'fails unexpectedly', async run() { throw new Error('kaput'); } },
    { name: 'refused', summary: 'is refused', async run() { throw new VigilError('PERMISSION_DENIED', 'not you'); } },
    { name: 'bad', summary: 'bad input', async run() { throw new InvalidArgumentError([{ field: '--x', description: 'is wrong' }]); } },
  ],
};

describe('runCli', () => {
  it('prints the components for vigil --help and exits 0', async () => {
    const { context, text } = capture();
    expect(await runCli(COMMAND_GROUPS, ['--help'], context)).toBe(EXIT.OK);
    expect(text.out).toContain('Usage: vigil <component> <command>');
    expect(text.out).toContain('pki');
    expect(text.out).toContain('health');
  });

  it('prints usage and exits 2 with no arguments', async () => {
    const { context, text } = capture();
    expect(await runCli(COMMAND_GROUPS, [], context)).toBe(EXIT.USAGE);
    expect(text.out).toContain('Usage:');
  });

  it('rejects an unknown component and an unknown command with exit 2 and one line', async () => {
    const first = capture();
    expect(await runCli([group], ['nope'], first.context)).toBe(EXIT.USAGE);
    expect(first.text.err).toBe("vigil: unknown component 'nope'. Run 'vigil --help' for the list.\n");
    const second = capture();
    expect(await runCli([group], ['thing', 'nope'], second.context)).toBe(EXIT.USAGE);
    expect(second.text.err).toContain("unknown command 'nope'");
  });

  it('shows help for a group and for a command', async () => {
    const first = capture();
    expect(await runCli([group], ['thing', '--help'], first.context)).toBe(EXIT.OK);
    expect(first.text.out).toContain('count');
    const second = capture();
    expect(await runCli([group], ['thing', 'count', '--help'], second.context)).toBe(EXIT.OK);
    expect(second.text.out).toContain('--n N');
  });

  it('runs a command and maps errors to exit codes', async () => {
    const ok = capture();
    expect(await runCli([group], ['thing', 'count', '--n', '3'], ok.context)).toBe(EXIT.OK);
    expect(ok.text.out).toBe('3\n');
    expect(await runCli([group], ['thing', 'count', '--n', '30'], capture().context)).toBe(EXIT.USAGE);
    expect(await runCli([group], ['thing', 'count', '--bogus'], capture().context)).toBe(EXIT.USAGE);
    expect(await runCli([group], ['thing', 'refused'], capture().context)).toBe(EXIT.REFUSED);
    const bad = capture();
    expect(await runCli([group], ['thing', 'bad'], bad.context)).toBe(EXIT.USAGE);
    expect(bad.text.err).toBe('vigil thing bad: --x: is wrong\n');
    const boom = capture();
    expect(await runCli([group], ['thing', 'boom'], boom.context)).toBe(EXIT.INTERNAL);
    expect(boom.text.err).toContain('internal error');
  });

  it('runs a group default command when no command is named, and shows its help', async () => {
    const withDefault: CommandGroup = { ...group, defaultCommand: 'count' };
    const ran = capture();
    expect(await runCli([withDefault], ['thing', '--n', '4'], ran.context)).toBe(EXIT.OK);
    expect(ran.text.out).toBe('4\n');
    const help = capture();
    expect(await runCli(COMMAND_GROUPS, ['demo', '--help'], help.context)).toBe(EXIT.OK);
    expect(help.text.out).toContain('Usage: vigil demo run');
  });

  it('imports a lazy group only when it is invoked, and reports a group that fails to load', async () => {
    let loads = 0;
    const lazy: LazyCommandGroup = { name: 'thing', summary: 'a test group', load: async () => (loads++, group) };
    const help = capture();
    expect(await runCli([lazy], ['--help'], help.context)).toBe(EXIT.OK);
    expect(help.text.out).toContain('thing            a test group');
    expect(await runCli([lazy], ['nope'], capture().context)).toBe(EXIT.USAGE);
    expect(loads).toBe(0);
    const ran = capture();
    expect(await runCli([lazy], ['thing', 'count', '--n', '5'], ran.context)).toBe(EXIT.OK);
    expect(ran.text.out).toBe('5\n');
    expect(loads).toBe(1);
    const broken = capture();
    expect(await runCli([{ ...lazy, load: async () => { throw new Error('missing module'); } }], ['thing', 'count'], broken.context)).toBe(EXIT.INTERNAL);
    expect(broken.text.err).toMatch(/^vigil thing: internal error: the component failed to load: Error: missing module/);
  });
});
