/** Test support: run CLI commands in process and capture what they print. */
import { PassThrough } from 'node:stream';
import type { CommandGroup } from './command.js';
import { runCli } from './run-cli.js';

/** @returns the exit code and everything written to stdout and stderr by `vigil <argv>` over `groups`. */
export async function runCliCaptured(groups: readonly CommandGroup[], argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { stdout: '', stderr: '' };
  stdout.on('data', (chunk) => (text.stdout += String(chunk)));
  stderr.on('data', (chunk) => (text.stderr += String(chunk)));
  const code = await runCli(groups, argv, { stdout, stderr });
  return { code, ...text };
}
