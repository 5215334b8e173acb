import type { Readable } from 'node:stream';
import type * as grpc from '@grpc/grpc-js';
import type { z } from 'zod';
import { InvalidArgumentError, zodViolations } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { Role } from '../pki/index.js';
import { authorise, type CallContext } from './call-context.js';
import { toWireError } from './status.js';

/** Who may call a method and how its requests are validated. */
export interface MethodPolicy<Wire, Parsed> {
  roles: readonly Role[];
  /** Parses each inbound message once; failures become INVALID_ARGUMENT naming the field. */
  schema: z.ZodType<Parsed, Wire>;
}

/** Collaborators of every adapter. */
export interface AdapterDeps {
  logger: Logger;
}

type AnyCall = grpc.ServerUnaryCall<unknown, unknown> & { on(event: 'cancelled', listener: () => void): unknown };

function parse<Wire, Parsed>(schema: z.ZodType<Parsed, Wire>, message: unknown): Parsed {
  const result = schema.safeParse(message);
  if (!result.success) throw new InvalidArgumentError(zodViolations(result.error));
  return result.data;
}

function contextFor(call: AnyCall, roles: readonly Role[], deps: AdapterDeps): CallContext {
  const method = call.getPath();
  const identity = authorise(call, roles);
  const controller = new AbortController();
  call.on('cancelled', () => controller.abort(new Error('call cancelled or deadline exceeded')));
  return { identity, method, signal: controller.signal, logger: deps.logger.child({ method, caller: identity.spiffeId }) };
}

function logFailure(deps: AdapterDeps, call: AnyCall, error: unknown): ReturnType<typeof toWireError> {
  const wire = toWireError(error);
  const fields = { method: call.getPath(), code: wire.code, err: error };
  if (wire.details === 'internal error') deps.logger.error(fields, 'handler failed');
  else deps.logger.info({ method: call.getPath(), code: wire.code, details: wire.details }, 'call refused');
  return wire;
}

/**
 * Validates each inbound message. Iterates with destroyOnReturn off: the default async iterator destroys a
 * duplex call when the client half-closes, and the server could then never send its replies or status.
 */
async function* validated<Wire, Parsed>(source: Readable, schema: z.ZodType<Parsed, Wire>): AsyncGenerator<Parsed> {
  for await (const message of source.iterator({ destroyOnReturn: false })) yield parse(schema, message as Wire);
}

/** Writes one message, waiting for 'drain' when the transport is full (backpressure). */
function writer<Out>(call: grpc.ServerWritableStream<unknown, Out> | grpc.ServerDuplexStream<unknown, Out>): (message: Out) => Promise<void> {
  return (message) =>
    new Promise<void>((resolve) => {
      if (call.write(message)) resolve();
      else call.once('drain', () => resolve());
    });
}

/**
 * Adapts an async unary handler: authorises, validates, awaits, maps errors, replies exactly once.
 * grpc-js ignores a handler's promise, so without this a rejection would hang the call.
 */
export function unary<Wire, Parsed, Out>(
  deps: AdapterDeps,
  policy: MethodPolicy<Wire, Parsed>,
  handle: (request: Parsed, context: CallContext) => Promise<Out>,
): grpc.handleUnaryCall<Wire, Out> {
  return (call, callback) => {
    let replied = false;
    const reply = (error: ReturnType<typeof toWireError> | null, value?: Out): void => {
      if (replied) return;
      replied = true;
      if (error) callback(error as unknown as grpc.ServiceError);
      else callback(null, value);
    };
    (async () => {
      const context = contextFor(call as unknown as AnyCall, policy.roles, deps);
      return handle(parse(policy.schema, call.request), context);
    })().then(
      (value) => reply(null, value),
      (error: unknown) => reply(logFailure(deps, call as unknown as AnyCall, error)),
    );
  };
}

/** Adapts an async server-streaming handler; `send` respects backpressure. */
export function serverStream<Wire, Parsed, Out>(
  deps: AdapterDeps,
  policy: MethodPolicy<Wire, Parsed>,
  handle: (request: Parsed, context: CallContext, send: (message: Out) => Promise<void>) => Promise<void>,
): grpc.handleServerStreamingCall<Wire, Out> {
  return (call) => {
    (async () => {
      const context = contextFor(call as unknown as AnyCall, policy.roles, deps);
      await handle(parse(policy.schema, call.request), context, writer(call));
    })().then(
      () => call.end(),
      (error: unknown) => call.emit('error', logFailure(deps, call as unknown as AnyCall, error)),
    );
  };
}

/** Adapts an async client-streaming handler; each inbound message is validated as it is read. */
export function clientStream<Wire, Parsed, Out>(
  deps: AdapterDeps,
  policy: MethodPolicy<Wire, Parsed>,
  handle: (messages: AsyncIterable<Parsed>, context: CallContext) => Promise<Out>,
): grpc.handleClientStreamingCall<Wire, Out> {
  return (call, callback) => {
    let replied = false;
    (async () => {
      const context = contextFor(call as unknown as AnyCall, policy.roles, deps);
      return handle(validated(call as unknown as Readable, policy.schema), context);
    })().then(
      (value) => {
        if (!replied) callback(null, value);
        replied = true;
      },
      (error: unknown) => {
        if (!replied) callback(logFailure(deps, call as unknown as AnyCall, error) as unknown as grpc.ServiceError);
        replied = true;
      },
    );
  };
}

/** Adapts an async bidirectional handler; inbound messages validated, outbound with backpressure. */
export function bidiStream<Wire, Parsed, Out>(
  deps: AdapterDeps,
  policy: MethodPolicy<Wire, Parsed>,
  handle: (messages: AsyncIterable<Parsed>, context: CallContext, send: (message: Out) => Promise<void>) => Promise<void>,
): grpc.handleBidiStreamingCall<Wire, Out> {
  return (call) => {
    (async () => {
      const context = contextFor(call as unknown as AnyCall, policy.roles, deps);
      await handle(validated(call as unknown as Readable, policy.schema), context, writer(call));
    })().then(
      () => call.end(),
      (error: unknown) => call.emit('error', logFailure(deps, call as unknown as AnyCall, error)),
    );
  };
}
