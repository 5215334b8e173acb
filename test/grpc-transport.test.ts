import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { TLSSocket } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { bidiStream, createGrpcServer, createClient, loadProtos, unary, checkHealth, type VigilServer } from '../common/grpc/index.js';
import { initPki, loadTlsIdentity, type TlsIdentity } from '../common/pki/index.js';
import { VigilError } from '../common/errors/index.js';
import type { ScoringClient } from '../proto/gen/vigil/v1/Scoring.js';
import type { FederationClient } from '../proto/gen/vigil/v1/Federation.js';
import type { DoseCommand } from '../proto/gen/vigil/v1/DoseCommand.js';
import type { GateVerdict__Output } from '../proto/gen/vigil/v1/GateVerdict.js';
import type { JoinResponse__Output } from '../proto/gen/vigil/v1/JoinResponse.js';

// A wire-level schema as an adapter would write it: the test needs one that names fields.
const DoseCommandWire = z.object({
  commandId: z.string().min(1).max(64),
  patientId: z.string().min(1).max(64),
  units: z.number().finite().nonnegative(),
});

const logLines: string[] = [];
const logger = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } }));

let dir: string;
let pki: string;
let foreignPki: string;
let server: VigilServer;
let address: string;
const identity = (role: string, name: string, root = pki): TlsIdentity => loadTlsIdentity(join(root, role, name));

function call<T>(fn: (cb: (error: grpc.ServiceError | null, value?: T) => void) => void): Promise<{ error: grpc.ServiceError | null; value?: T }> {
  return new Promise((resolve) => fn((error, value) => resolve(value === undefined ? { error } : { error, value })));
}

function gatewayScoring(tls = identity('gateway', 'gw-icu')): ScoringClient {
  return createClient(loadProtos().scoring.Scoring, address, { tls, expectedServerRole: 'edge', defaultDeadlineMs: 5_000 });
}

const validCommand: DoseCommand = { commandId: 'c-1', patientId: 'p-0123abcd', units: 2.5, kind: 'DOSE_KIND_BOLUS' };

// The stream handler's concurrency, observed: requests handled and not yet answered, and the most at once.
const STREAM_MAX_IN_FLIGHT = 3;
const streamLoad = { handled: [] as string[], inFlight: 0, maxInFlight: 0 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-grpc-'));
  pki = join(dir, 'pki');
  foreignPki = join(dir, 'foreign');
  await initPki({ outDir: pki, sites: ['icu'], clinicians: 1 });
  await initPki({ outDir: foreignPki, sites: ['icu'], clinicians: 0 });
  server = createGrpcServer({ tls: identity('edge', 'icu'), logger });
  const protos = loadProtos();
  const deps = { logger };
  server.addService('vigil.v1.Scoring', protos.scoring.Scoring.service, {
    GateDose: unary(deps, { roles: ['gateway'], schema: DoseCommandWire }, async (request, context) => ({
      commandId: request.commandId,
      verdict: 'VERDICT_ALLOW',
      reasons: [{ code: 'REASON_UNSPECIFIED', text: `caller ${context.identity.role}/${context.identity.name}` }],
    })),
    // units = how many ms the reply takes, so a test can make later requests settle first.
    GateDoseStream: bidiStream(deps, { roles: ['gateway'], schema: DoseCommandWire, maxInFlight: STREAM_MAX_IN_FLIGHT }, async (request) => {
      streamLoad.handled.push(request.commandId);
      streamLoad.maxInFlight = Math.max(streamLoad.maxInFlight, ++streamLoad.inFlight);
      await new Promise((r) => setTimeout(r, request.units));
      streamLoad.inFlight--;
      if (request.commandId === 'reject-me') throw new VigilError('FAILED_PRECONDITION', 'refused by the handler');
      return { commandId: request.commandId, verdict: 'VERDICT_ALLOW' };
    }),
    PredictAdherence: unary(deps, { roles: ['gateway'], schema: z.object({ patientId: z.string() }) }, async () => {
      throw new Error('database password=hunter2 at /var/lib/vigil exploded');
    }),
    ConfirmDose: unary(deps, { roles: ['clinician'], schema: z.object({ holdId: z.string() }) }, async () => {
      throw new VigilError('NOT_FOUND', "hold 'h-1' not found");
    }),
  });
  server.addService('vigil.v1.Federation', protos.federation.Federation.service, {
    Join: unary(deps, { roles: ['edge'], schema: z.object({}).passthrough() }, async (_request, context) => ({ nodeId: context.identity.name })),
  });
  const port = await server.listen('127.0.0.1', 0);
  address = `127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.shutdown(1_000);
  rmSync(dir, { recursive: true, force: true });
});

describe('mTLS transport', () => {
  it('serves a gateway with a certificate from the private CA and tells the handler who called', async () => {
    const client = gatewayScoring();
    const { error, value } = await call<GateVerdict__Output>((cb) => client.gateDose(validCommand, cb));
    client.close();
    expect(error).toBeNull();
    expect(value?.verdict).toBe('VERDICT_ALLOW');
    expect(value?.reasons[0]?.text).toBe('caller gateway/gw-icu');
  });

  it('refuses a client certificate from another CA', async () => {
    const client = gatewayScoring({ ...identity('gateway', 'gw-icu', foreignPki), caPem: identity('gateway', 'gw-icu').caPem });
    const { error } = await call((cb) => client.gateDose(validCommand, cb));
    client.close();
    expect(error?.code).toBe(grpc.status.UNAVAILABLE);
  });

  it('refuses a client without a certificate', async () => {
    const ca = identity('gateway', 'gw-icu').caPem;
    const client = new (loadProtos().scoring.Scoring)(address, grpc.credentials.createSsl(ca), {});
    const { error } = await call((cb) => client.gateDose(validCommand, { deadline: Date.now() + 5_000 }, cb));
    client.close();
    expect(error?.code).toBe(grpc.status.UNAVAILABLE);
  });

  it('refuses plaintext', async () => {
    const client = new (loadProtos().scoring.Scoring)(address, grpc.credentials.createInsecure(), {});
    const { error } = await call((cb) => client.gateDose(validCommand, { deadline: Date.now() + 5_000 }, cb));
    client.close();
    expect(error?.code).toBe(grpc.status.UNAVAILABLE);
  });

  it('refuses a server whose certificate has the wrong role', async () => {
    const client = createClient(loadProtos().scoring.Scoring, address, { tls: identity('gateway', 'gw-icu'), expectedServerRole: 'coordinator', defaultDeadlineMs: 5_000 });
    const { error } = await call((cb) => client.gateDose(validCommand, cb));
    client.close();
    expect(error?.code).toBe(grpc.status.UNAVAILABLE);
  });

  it('answers PERMISSION_DENIED when a gateway calls a Federation method', async () => {
    const client: FederationClient = createClient(loadProtos().federation.Federation, address, { tls: identity('gateway', 'gw-icu'), expectedServerRole: 'edge' });
    const { error } = await call((cb) => client.join({}, cb));
    client.close();
    expect(error?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(error?.details).toContain("role 'gateway'");
  });

  it('lets the right role call the same Federation method', async () => {
    const client: FederationClient = createClient(loadProtos().federation.Federation, address, { tls: identity('edge', 'icu'), expectedServerRole: 'edge' });
    const { error, value } = await call<JoinResponse__Output>((cb) => client.join({}, cb));
    client.close();
    expect(error).toBeNull();
    expect(value?.nodeId).toBe('icu');
  });
});

describe('caller identity per connection', () => {
  it('reads each connection\'s certificate once and never lends one connection\'s identity to another', async () => {
    const edge: FederationClient = createClient(loadProtos().federation.Federation, address, { tls: identity('edge', 'icu'), expectedServerRole: 'edge' });
    const gateway: FederationClient = createClient(loadProtos().federation.Federation, address, { tls: identity('gateway', 'gw-icu'), expectedServerRole: 'edge' });
    const round = async () => {
      const [e, g] = await Promise.all([call<JoinResponse__Output>((cb) => edge.join({}, cb)), call((cb) => gateway.join({}, cb))]);
      expect(e.error).toBeNull();
      expect(e.value?.nodeId).toBe('icu');
      expect(g.error?.code).toBe(grpc.status.PERMISSION_DENIED);
    };
    await round(); // both connections up, each identity read once
    const reads = vi.spyOn(TLSSocket.prototype, 'getPeerCertificate');
    try {
      for (let i = 0; i < 5; i++) await round();
      // The server found each call's connection (grpc-js internals as expected) and read no certificate again.
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
      edge.close();
      gateway.close();
    }
  });
});

describe('handler adapter', () => {
  it.each([
    ['missing field', { ...validCommand, commandId: '' }, 'commandId'],
    ['NaN', { ...validCommand, units: Number.NaN }, 'units'],
    ['negative amount', { ...validCommand, units: -1 }, 'units'],
    ['string too long', { ...validCommand, patientId: 'p'.repeat(65) }, 'patientId'],
  ])('answers INVALID_ARGUMENT naming the field for a %s, and keeps serving', async (_label, request, field) => {
    const client = gatewayScoring();
    const { error } = await call((cb) => client.gateDose(request, cb));
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toContain(field);
    expect(JSON.parse(String(error?.metadata.get('vigil-field-violations')[0]))[0].field).toBe(field);
    const again = await call((cb) => client.gateDose(validCommand, cb));
    client.close();
    expect(again.error).toBeNull();
  });

  it('answers RESOURCE_EXHAUSTED for an oversized message', async () => {
    const client = gatewayScoring();
    const { error } = await call((cb) => client.gateDose({ ...validCommand, patientId: 'x'.repeat(200_000) }, cb));
    client.close();
    expect(error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it('turns an async throw into INTERNAL with generic details and logs the original', async () => {
    const client = gatewayScoring();
    const { error } = await call((cb) => client.predictAdherence({ patientId: 'p-0123abcd' }, cb));
    client.close();
    expect(error?.code).toBe(grpc.status.INTERNAL);
    expect(error?.details).toBe('internal error');
    expect(error?.details).not.toContain('hunter2');
    expect(logLines.some((line) => line.includes('exploded'))).toBe(true);
  });

  it('passes a VigilError through with its code and message', async () => {
    const client = createClient(loadProtos().scoring.Scoring, address, { tls: identity('clinician', 'clin-001'), expectedServerRole: 'edge' });
    const { error } = await call((cb) => client.confirmDose({ holdId: 'h-1' }, cb));
    client.close();
    expect(error?.code).toBe(grpc.status.NOT_FOUND);
    expect(error?.details).toBe("hold 'h-1' not found");
  });

  it('denies a gateway a clinician-only Scoring method before looking at the request', async () => {
    const client = gatewayScoring();
    const { error } = await call((cb) => client.confirmDose({}, cb));
    client.close();
    expect(error?.code).toBe(grpc.status.PERMISSION_DENIED);
  });

  it('answers UNIMPLEMENTED for a method the server does not implement', async () => {
    const client = gatewayScoring();
    const { error } = await call((cb) => client.ingest(cb).end());
    client.close();
    expect(error?.code).toBe(grpc.status.UNIMPLEMENTED);
  });
});

describe('request/reply stream adapter', () => {
  /** Writes `commands` on one GateDoseStream. @returns the reply ids in order and the call's error, if any. */
  function exchange(commands: DoseCommand[]): Promise<{ ids: string[]; error: grpc.ServiceError | null }> {
    const client = gatewayScoring();
    const ids: string[] = [];
    return new Promise((resolve) => {
      const stream = client.gateDoseStream();
      stream.on('data', (v: GateVerdict__Output) => ids.push(v.commandId));
      stream.on('error', (error: grpc.ServiceError) => { client.close(); resolve({ ids, error }); });
      stream.on('end', () => { client.close(); resolve({ ids, error: null }); });
      for (const c of commands) stream.write(c);
      stream.end();
    });
  }
  const command = (id: string, delayMs: number): DoseCommand => ({ commandId: id, patientId: 'p-0123abcd', units: delayMs });

  it('answers in arrival order when later requests settle first, with at most maxInFlight unanswered', async () => {
    Object.assign(streamLoad, { handled: [], inFlight: 0, maxInFlight: 0 });
    const commands = Array.from({ length: 12 }, (_, i) => command(`s-${i}`, 24 - 2 * i));
    const { ids, error } = await exchange(commands);
    expect(error).toBeNull();
    expect(ids).toEqual(commands.map((c) => c.commandId));
    expect(streamLoad.handled).toEqual(ids);
    expect(streamLoad.maxInFlight).toBe(STREAM_MAX_IN_FLIGHT);
  });

  it('ends the call with the first failure after the replies before it, and handles nothing after it', async () => {
    Object.assign(streamLoad, { handled: [], inFlight: 0, maxInFlight: 0 });
    // 'a' is still pending when 'c' fails validation and 'd' arrives (2 in flight: reading is not paused).
    const invalid = await exchange([command('a', 20), { commandId: 'c', units: -1 }, command('d', 1)]);
    expect(invalid.ids).toEqual(['a']);
    expect(invalid.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(invalid.error?.details).toContain('patientId');
    expect(streamLoad.handled).toEqual(['a']);

    // A handler that rejects: the reply before it goes out; one handled meanwhile ('f', settling later) does not.
    const rejected = await exchange([command('e', 1), command('reject-me', 5), command('f', 30)]);
    expect(rejected.ids).toEqual(['e']);
    expect(rejected.error?.code).toBe(grpc.status.FAILED_PRECONDITION);
  });
});

describe('health', () => {
  it('reports SERVING over mTLS for the server and for a registered service', async () => {
    const security = { tls: identity('gateway', 'gw-icu'), expectedServerRole: 'edge' as const };
    expect(await checkHealth(address, security)).toBe('SERVING');
    expect(await checkHealth(address, security, 'vigil.v1.Scoring')).toBe('SERVING');
  });

  it('fails with UNAVAILABLE when nothing listens', async () => {
    const security = { tls: identity('gateway', 'gw-icu'), expectedServerRole: 'edge' as const };
    await expect(checkHealth('127.0.0.1:1', security, '', 2_000)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
