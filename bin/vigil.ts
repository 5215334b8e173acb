#!/usr/bin/env -S npx tsx
import { runCli } from '../common/cli/index.js';
import { COMMAND_GROUPS } from './commands.js';

const code = await runCli(COMMAND_GROUPS, process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
