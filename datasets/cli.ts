import type { CommandGroup } from '../common/cli/index.js';
import { simulateCommand } from './simulate-command.js';
import { generateCommand } from './generate-command.js';

/** `vigil datasets ...`: the simulators' commands (simulate; `generate` joins from the cohort work). */
export const datasetsCommands: CommandGroup = {
  name: 'datasets',
  summary: 'virtual patients and device streams: UVA/Padova simulation, dataset generation',
  commands: [simulateCommand, generateCommand],
};
