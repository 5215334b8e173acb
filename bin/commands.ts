import type { CommandGroup } from '../common/cli/index.js';
import { demoCommands } from '../eval/demo-cli.js';
import { pkiCommands } from '../common/pki/index.js';
import { healthCommands } from '../common/grpc/index.js';
import { coordinatorCommands } from '../coordinator/cli.js';
import { datasetsCommands } from '../datasets/cli.js';
import { auditCommands } from '../common/ledger/cli.js';
import { edgeCommands } from '../edge-node/cli.js';
import { keysCommands } from '../common/crypto/he/cli.js';
import { evalCommands } from '../eval/cli.js';
import { modelCommands } from '../models/cli.js';

/** Every component's command group, in the order `vigil --help` lists them. One line per component. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  demoCommands,
  pkiCommands,
  healthCommands,
  coordinatorCommands,
  datasetsCommands,
  auditCommands,
  edgeCommands,
  keysCommands,
  modelCommands,
  evalCommands,
];
