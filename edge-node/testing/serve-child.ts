/**
 * Child process for the crash test: starts an edge node from a JSON config file and prints its port.
 * Usage: node --import tsx serve-child.ts CONFIG.json
 */
import { readFileSync } from 'node:fs';
import { silentLogger } from '../../common/log/index.js';
import { EdgeConfigSchema } from '../config.js';
import { startEdgeNode } from '../main.js';

const config = EdgeConfigSchema.parse(JSON.parse(readFileSync(process.argv[2]!, 'utf8')));
const node = await startEdgeNode(config, silentLogger());
process.stdout.write(`PORT ${node.port}\n`);
process.once('SIGTERM', () => void node.stop().then(() => process.exit(0)));
