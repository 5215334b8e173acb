/**
 * Child process for the crash test, the gate bench and the latency and security suites (started by
 * serve-child-process.ts): starts an edge node from a JSON config file and prints its port. The optional
 * second argument turns security layers off for a measurement (measurement-switches.ts). It exits when
 * its parent goes away. Usage: node --import tsx serve-child.ts CONFIG.json [SWITCHES-JSON]
 */
import { readFileSync } from 'node:fs';
import { silentLogger } from '../../common/log/index.js';
import { EdgeConfigSchema } from '../config.js';
import { startEdgeNode } from '../main.js';
import { measurementPlugins, type MeasurementSwitches } from './measurement-switches.js';

// Never outlive the process that started this node: a parent killed by a test timeout would otherwise
// leave it serving (and using CPU) until the machine stops. Reparenting changes the parent id.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 1_000).unref();
const config = EdgeConfigSchema.parse(JSON.parse(readFileSync(process.argv[2]!, 'utf8')));
const switches = JSON.parse(process.argv[3] ?? '{}') as MeasurementSwitches;
const node = await startEdgeNode(config, silentLogger(), measurementPlugins(switches));
process.stdout.write(`PORT ${node.port}\n`);
process.once('SIGTERM', () => void node.stop().then(() => process.exit(0)));
