/**
 * Transport and role drills: a valid, correctly signed dose command sent over a channel the node must
 * refuse (client certificate from another CA, plaintext, TLS without a client certificate), and by
 * certificates of the node's own CA whose role may not call GateDose. Each transport attempt opens a new
 * channel, so each is its own handshake.
 */
import * as grpc from '@grpc/grpc-js';
import { channelCredentials, clientOptions, loadProtos } from '../../common/grpc/index.js';
import { loadTlsIdentity } from '../../common/pki/index.js';
import type { ScoringClient } from '../../proto/gen/vigil/v1/Scoring.js';
import type { SecurityNode } from './security-node.js';
import { allowedCommand, gateDose } from './security-requests.js';
import { DrillTally } from './security-tally.js';

const DEADLINE_MS = 5_000;

/** @returns a Scoring client to the node with raw channel credentials (the caller closes it). */
function rawClient(node: SecurityNode, credentials: grpc.ChannelCredentials): ScoringClient {
  const { options } = clientOptions({ tls: loadTlsIdentity(node.identities.gateway), expectedServerRole: 'edge', defaultDeadlineMs: DEADLINE_MS });
  return new (loadProtos().scoring.Scoring)(`127.0.0.1:${node.port}`, credentials, options) as unknown as ScoringClient;
}

/** Sends one allowed command on a fresh channel and records the outcome (refused = any error status). */
async function attemptOnFreshChannel(node: SecurityNode, tally: DrillTally, credentials: grpc.ChannelCredentials, i: number): Promise<void> {
  const client = rawClient(node, credentials);
  try {
    const command = allowedCommand(node.ward[i % node.ward.length]!);
    tally.evidence.commandIds.push(command.commandId!);
    const outcome = await gateDose(client, command);
    tally.record(outcome.label, outcome.error !== null);
  } finally {
    (client as unknown as grpc.Client).close();
  }
}

/**
 * Runs the transport and role drills, `attempts` each, plus the control (the gateway's own certificate).
 * @returns the tallies, control first.
 */
export async function transportDrills(node: SecurityNode, attempts: number): Promise<DrillTally[]> {
  const ca = loadTlsIdentity(node.identities.gateway).caPem;
  const control = new DrillTally('transport-control', 'transport', 'control', 'Gateway certificate from the node\'s CA, new channel each time', 'ALLOW');
  const wrongCa = new DrillTally('wrong-ca', 'transport', 'attack', 'Client certificate from another CA (gateway role, same name), trusting the node\'s CA', 'handshake refused: no reply');
  const plaintext = new DrillTally('plaintext', 'transport', 'attack', 'Plaintext HTTP/2 client (no TLS)', 'connection refused: no reply');
  const noCert = new DrillTally('no-client-cert', 'transport', 'attack', 'TLS without a client certificate', 'handshake refused: no reply');
  const role = new DrillTally('role-gatedose', 'transport', 'attack', 'Clinician, coordinator or edge certificate (node\'s CA) calling GateDose', 'PERMISSION_DENIED');
  const variants: [DrillTally, () => grpc.ChannelCredentials][] = [
    [control, () => channelCredentials(loadTlsIdentity(node.identities.gateway), 'edge')],
    [wrongCa, () => channelCredentials(node.rogueIdentity, 'edge')],
    [plaintext, () => grpc.credentials.createInsecure()],
    [noCert, () => grpc.credentials.createSsl(ca)],
  ];
  for (const [tally, credentials] of variants) {
    for (let i = 0; i < attempts; i++) await attemptOnFreshChannel(node, tally, credentials(), i);
  }
  wrongCa.note('The rogue certificate carries the same SPIFFE id (spiffe://vigil/gateway/gw-icu) as the real gateway.');
  const wrongRoles = [node.identities.clinician, node.identities.coordinator, node.identities.edge].map((dir) => node.client(dir, DEADLINE_MS));
  for (let i = 0; i < attempts; i++) {
    const command = allowedCommand(node.ward[i % node.ward.length]!);
    role.evidence.commandIds.push(command.commandId!);
    const outcome = await gateDose(wrongRoles[i % wrongRoles.length]!, command);
    role.record(outcome.label, outcome.error !== null);
  }
  return [control, wrongCa, plaintext, noCert, role];
}
