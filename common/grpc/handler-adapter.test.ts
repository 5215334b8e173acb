import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../log/index.js';
import type { CallContext } from './call-context.js';
import { bidiStream, unary } from './handler-adapter.js';

/** A stand-in for a grpc-js duplex server call: records writes, pauses and the end or error. */
class FakeDuplex extends EventEmitter {
  readonly written: number[] = [];
  paused = false;
  ended = false;
  error: unknown = null;
  constructor() {
    super();
    this.on('error', () => undefined); // recorded by emit below
  }
  getPath = (): string => '/vigil.v1.Scoring/GateDoseStream';
  getAuthContext = () => ({ transportSecurityType: 'ssl', sslPeerCertificate: { subjectaltname: 'URI:spiffe://vigil/gateway/gw-1', subject: { CN: 'gw-1' }, fingerprint256: 'AA' } });
  write(value: number): boolean {
    this.written.push(value);
    return true;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  end(): void {
    this.ended = true;
  }
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'error') this.error = args[0];
    return super.emit(event, ...args);
  }
}

const settle = () => new Promise((r) => setImmediate(r));

describe('bidiStream (request/reply stream adapter)', () => {
  it('keeps replies in order across its queue compaction on a stream that is never idle', async () => {
    // Request i settles only when request i + 1 arrives, so one request is always pending and the
    // adapter never drains completely: it must compact written slots and still answer in order.
    const resolvers: ((v: number) => void)[] = [];
    const handler = bidiStream({ logger: silentLogger() }, { roles: ['gateway'], schema: z.number(), maxInFlight: 10_000 }, (request: number) => {
      resolvers[request - 1]?.(request - 1);
      return new Promise<number>((resolve) => (resolvers[request] = resolve));
    });
    const call = new FakeDuplex();
    handler(call as unknown as grpc.ServerDuplexStream<number, number>);
    const n = 3_000;
    for (let i = 0; i < n; i++) {
      call.emit('data', i);
      if (i % 100 === 0) await settle();
    }
    await settle();
    expect(call.written).toEqual(Array.from({ length: n - 1 }, (_, i) => i));
    call.emit('end');
    expect(call.ended).toBe(false); // the last request is still pending
    resolvers[n - 1]!(n - 1);
    await settle();
    expect(call.written).toHaveLength(n);
    expect(call.written.every((v, i) => v === i)).toBe(true);
    expect(call.ended).toBe(true);
    expect(call.error).toBeNull();
  });

  it('pauses reading at maxInFlight unanswered and resumes as replies go out', async () => {
    const pending: (() => void)[] = [];
    const handler = bidiStream({ logger: silentLogger() }, { roles: ['gateway'], schema: z.number(), maxInFlight: 2 }, (request: number) =>
      new Promise<number>((resolve) => pending.push(() => resolve(request))));
    const call = new FakeDuplex();
    handler(call as unknown as grpc.ServerDuplexStream<number, number>);
    call.emit('data', 1);
    expect(call.paused).toBe(false);
    call.emit('data', 2);
    expect(call.paused).toBe(true);
    pending.shift()!();
    await settle();
    expect(call.written).toEqual([1]);
    expect(call.paused).toBe(false);
  });

  it('refuses a caller whose role is not allowed before reading anything', () => {
    const handler = bidiStream({ logger: silentLogger() }, { roles: ['clinician'], schema: z.number(), maxInFlight: 2 }, (request: number) => request);
    const call = new FakeDuplex();
    handler(call as unknown as grpc.ServerDuplexStream<number, number>);
    expect((call.error as { code: number }).code).toBe(7); // PERMISSION_DENIED
    expect(call.listenerCount('data')).toBe(0);
  });
});

describe('call context (made lazily)', () => {
  /** Runs a unary handler on a stand-in call; `during` runs while the handler is pending. */
  async function withContext(during: (call: FakeDuplex, context: CallContext) => void): Promise<void> {
    let release!: () => void;
    const pending = new Promise<void>((resolve) => (release = resolve));
    let seen: CallContext | null = null;
    const handler = unary({ logger: silentLogger() }, { roles: ['gateway'], schema: z.number() }, async (_request: number, context) => {
      seen = context;
      await pending;
      return 1;
    });
    const call = Object.assign(new FakeDuplex(), { request: 7 });
    let replied = false;
    handler(call as unknown as grpc.ServerUnaryCall<number, number>, () => (replied = true));
    await settle();
    expect(seen).not.toBeNull();
    during(call, seen!);
    release();
    await settle();
    expect(replied).toBe(true);
  }

  it('aborts a signal read before the call is cancelled, and one first read after it', async () => {
    await withContext((call, context) => {
      const early = context.signal;
      expect(early.aborted).toBe(false);
      call.emit('cancelled');
      expect(early.aborted).toBe(true);
      expect(context.signal).toBe(early);
    });
    await withContext((call, context) => {
      call.emit('cancelled');
      expect(context.signal.aborted).toBe(true);
      expect(String(context.signal.reason)).toMatch(/cancelled or deadline exceeded/);
    });
  });

  it('binds the caller and method to one child logger and keeps the verified identity', async () => {
    await withContext((_call, context) => {
      expect(context.identity.spiffeId).toBe('spiffe://vigil/gateway/gw-1');
      expect(context.method).toBe('/vigil.v1.Scoring/GateDoseStream');
      expect(context.logger).toBe(context.logger);
    });
  });
});
