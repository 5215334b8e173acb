/**
 * The edge node the security drills attack: the test harness's PKI and provisioning (edge-node/testing)
 * plus a ward of patients, each with an insulin pump and a CGM under its own random Ascon key, a second
 * gateway certificate for the flood, and a rogue CA. The node runs as its own process
 * (edge-node/testing/serve-child.ts) on a free loopback port with mTLS, exactly as `vigil edge serve`
 * wires it; the drills only ever reach it over gRPC.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { createClient, loadProtos } from '../../common/grpc/index.js';
import { initPki, issueIdentity, loadTlsIdentity, type Role, type TlsIdentity } from '../../common/pki/index.js';
import type { Random } from '../../datasets/random.js';
import type { ScoringClient } from '../../proto/gen/vigil/v1/Scoring.js';
import { ADULT_PROFILE } from '../../edge-node/gate/testing-fixtures.js';
import { edgePaths } from '../../edge-node/main.js';
import type { LockoutPolicy } from '../../edge-node/holds/totp-lockout.js';
import { EdgeStore } from '../../edge-node/store/edge-store.js';
import { createHarness, type Harness } from '../../edge-node/testing/harness.js';
import { startServeChild } from '../../edge-node/testing/serve-child-process.js';

/** One provisioned patient of the drill ward: an insulin pump and a CGM, each with its own key. */
export interface WardPatient {
  patientId: string;
  pumpId: string;
  cgmId: string;
  cgmKey: Uint8Array;
}

/** How to provision the node. */
export interface SecurityNodeOptions {
  /** Patients whose pumps receive legitimate and forged commands, and whose CGMs send frames. */
  wardPatients: number;
  /** Patients whose pumps get the commands that are held, for the ConfirmDose drills. */
  holdPatients: number;
  /** Patients whose pumps the flood targets with authentic commands (kept apart from the ward). */
  floodPatients: number;
  /** Hold lifetime; short, so the expired-hold drill waits seconds rather than 15 minutes. */
  holdTtlMs: number;
  totpLockout: LockoutPolicy;
  random: Random;
}

/** A running node and everything a drill needs to attack it. */
export interface SecurityNode {
  readonly harness: Harness;
  readonly port: number;
  readonly ward: readonly WardPatient[];
  readonly holdWard: readonly WardPatient[];
  readonly floodWard: readonly WardPatient[];
  /** Identity directories: `<pki>/<role>/<name>`; the second gateway is the flooder's. */
  readonly identities: { gateway: string; floodGateway: string; clinician: string; unenrolledClinician: string; coordinator: string; edge: string };
  /** A client certificate and key from a CA the node does not trust, with the node's real CA to trust the server. */
  readonly rogueIdentity: TlsIdentity;
  /** The node's data directory files (read only after {@link SecurityNode.stop}). */
  readonly paths: { store: string; audit: string; auditKey: string };
  /** @returns a Scoring client over mTLS with the identity in `dir`. */
  client(dir: string, deadlineMs?: number): ScoringClient;
  /** SIGTERM, then waits for the process to drain, close its files and exit. @returns the exit code. */
  stop(): Promise<number | null>;
  /** Removes every file (stops the process first if it still runs). */
  cleanup(): Promise<void>;
}

const wardPatientId = (prefix: string, i: number) => `p-5e${prefix}${i.toString(16).padStart(4, '0')}`;
const keyFrom = (random: Random): Uint8Array => Uint8Array.from(Buffer.from(random.hex(16), 'hex'));

/** Adds `count` patients with their pump and CGM to the store. @returns them. */
function provisionWard(store: EdgeStore, label: string, prefix: string, count: number, random: Random, nowMs: number): WardPatient[] {
  const ward: WardPatient[] = [];
  for (let i = 0; i < count; i++) {
    const patient: WardPatient = { patientId: wardPatientId(prefix, i), pumpId: `${label}-pump-${i}`, cgmId: `${label}-cgm-${i}`, cgmKey: keyFrom(random) };
    store.upsertPatient({ ...ADULT_PROFILE, patientId: patient.patientId }, nowMs);
    store.upsertDevice({ deviceId: patient.pumpId, kind: 'insulin-pump', patientId: patient.patientId, siteId: 'icu', asconKeyHex: Buffer.from(keyFrom(random)).toString('hex') }, nowMs);
    store.upsertDevice({ deviceId: patient.cgmId, kind: 'cgm', patientId: patient.patientId, siteId: 'icu', asconKeyHex: Buffer.from(patient.cgmKey).toString('hex') }, nowMs);
    ward.push(patient);
  }
  return ward;
}

/**
 * Provisions and starts the node.
 * @returns the running node. @throws when the PKI, the store or the process cannot be set up (nothing is left behind).
 */
export async function startSecurityNode(options: SecurityNodeOptions): Promise<SecurityNode> {
  const harness = await createHarness({ gate: { holdTtlMs: options.holdTtlMs, totpLockout: options.totpLockout }, metrics: { enabled: false } });
  try {
    const store = EdgeStore.open(edgePaths(harness.config).store);
    const nowMs = Date.now();
    const ward = provisionWard(store, 'ward', '00', options.wardPatients, options.random.fork('ward'), nowMs);
    const holdWard = provisionWard(store, 'hold', 'a0', options.holdPatients, options.random.fork('hold'), nowMs);
    const floodWard = provisionWard(store, 'flood', 'f0', options.floodPatients, options.random.fork('flood'), nowMs);
    store.close();
    await issueIdentity(harness.pki, { role: 'gateway', name: 'gw-flood' });
    // The attacker's own CA; it knows the node's CA certificate (public), so its client trusts the server.
    const roguePki = join(harness.dir, 'rogue-pki');
    await initPki({ outDir: roguePki, sites: ['icu'], clinicians: 0 });
    const rogue = loadTlsIdentity(join(roguePki, 'gateway', 'gw-icu'));
    const real = (role: Role, name: string) => join(harness.pki, role, name);
    const identities = {
      gateway: real('gateway', 'gw-icu'), floodGateway: real('gateway', 'gw-flood'), clinician: real('clinician', 'clin-001'),
      unenrolledClinician: real('clinician', 'clin-002'), coordinator: real('coordinator', 'main'), edge: real('edge', 'icu'),
    };
    const configFile = join(harness.dir, 'edge.json');
    writeFileSync(configFile, JSON.stringify(harness.config));
    const { child, port } = await startServeChild(configFile);
    const clients: grpc.Client[] = [];
    const stop = async (): Promise<number | null> => {
      for (const c of clients.splice(0)) c.close();
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exited;
    };
    return {
      harness, port, ward, holdWard, floodWard, identities,
      rogueIdentity: { caPem: loadTlsIdentity(identities.gateway).caPem, certPem: rogue.certPem, keyPem: rogue.keyPem },
      paths: { ...edgePaths(harness.config), auditKey: harness.config.auditKey },
      client(dir, deadlineMs = 10_000) {
        const client = createClient(loadProtos().scoring.Scoring, `127.0.0.1:${port}`, { tls: loadTlsIdentity(dir), expectedServerRole: 'edge', defaultDeadlineMs: deadlineMs }) as unknown as ScoringClient;
        clients.push(client as unknown as grpc.Client);
        return client;
      },
      stop,
      async cleanup() {
        await stop();
        harness.cleanup();
      },
    };
  } catch (error) {
    harness.cleanup();
    throw error;
  }
}
