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

/**
 * A call's context. Its abort signal and child logger are made on first use: most calls never read them,
 * and an AbortController plus a pino child cost several µs on every call of the hot path.
 */
class LazyCallContext implements CallContext {
  readonly identity: CallContext['identity'];
  readonly method: string;
  readonly #deps: AdapterDeps;
  #controller: AbortController | null = null;
  #cancelled = false;
  #logger: Logger | null = null;

  constructor(call: AnyCall, identity: CallContext['identity'], method: string, deps: AdapterDeps) {
    this.identity = identity;
    this.method = method;
    this.#deps = deps;
    call.on('cancelled', () => {
      this.#cancelled = true;
      this.#controller?.abort(LazyCallContext.#reason());
    });
  }

  static #reason(): Error {
    return new Error('call cancelled or deadline exceeded');
  }

  get signal(): AbortSignal {
    if (this.#controller === null) {
      this.#controller = new AbortController();
      if (this.#cancelled) this.#controller.abort(LazyCallContext.#reason());
    }
    return this.#controller.signal;
  }

  get logger(): Logger {
    return (this.#logger ??= this.#deps.logger.child({ method: this.method, caller: this.identity.spiffeId }));
  }
}

function contextFor(call: AnyCall, roles: readonly Role[], deps: AdapterDeps): CallContext {
  const method = call.getPath();
  return new LazyCallContext(call, authorise(call, roles), method, deps);
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

/** Who may call a request/reply stream, how each request is validated, and how many may await their reply. */
export interface StreamPolicy<Wire, Parsed> extends MethodPolicy<Wire, Parsed> {
  /** Most requests read and not yet answered; reading pauses at this many (grpc flow control then pushes back). */
  maxInFlight: number;
}

/** Written replies kept before the stream adapter compacts its queue. */
const COMPACT_AT = 1024;

/** A request's reply to come: mutated once when it settles. */
interface Slot<Out> {
  state: 'pending' | 'ok' | 'failed';
  value: Out | undefined;
  error: unknown;
}

/**
 * Adapts a bidirectional stream whose every request gets one reply: `handle` runs for each validated
 * request as it arrives (so it sees them in order, and its synchronous part runs in arrival order),
 * and the replies go out in that same order, each once it has settled, with transport backpressure.
 * At most `maxInFlight` requests await their reply; reading pauses meanwhile. The first request that
 * fails (invalid, or its handler throws or rejects) ends the call with its status, after the replies
 * before it: no reply after it is sent, and requests read once a failure is known are not handled.
 * Event-driven (no async iterator): one promise callback per request.
 */
export function bidiStream<Wire, Parsed, Out>(
  deps: AdapterDeps,
  policy: StreamPolicy<Wire, Parsed>,
  handle: (request: Parsed, context: CallContext) => Out | Promise<Out>,
): grpc.handleBidiStreamingCall<Wire, Out> {
  return (call) => {
    const anyCall = call as unknown as AnyCall;
    let context: CallContext;
    try {
      context = contextFor(anyCall, policy.roles, deps);
    } catch (error) {
      call.emit('error', logFailure(deps, anyCall, error));
      return;
    }
    let queue: Slot<Out>[] = []; // replies not yet written, in arrival order, from `head`
    let head = 0;
    let ended = false; // the client half-closed
    let finished = false; // the status went out, or the call is gone
    let blocked = false; // waiting for 'drain'
    let paused = false;
    let failed = false; // a request has failed: read no more

    const finish = (error: unknown): void => {
      finished = true;
      queue = [];
      if (error === null) call.end();
      else call.emit('error', logFailure(deps, anyCall, error));
    };
    const drained = (): void => {
      blocked = false;
      flush();
    };
    const flush = (): void => {
      while (!finished && !blocked && head < queue.length) {
        const slot = queue[head]!;
        if (slot.state === 'pending') break;
        if (slot.state === 'failed') return finish(slot.error);
        head++;
        if (!call.write(slot.value as Out)) {
          blocked = true;
          call.once('drain', drained);
        }
      }
      if (finished) return;
      // Drop written slots: all at once when nothing is pending, else in blocks, so a long stream that is
      // never quite idle keeps at most ~COMPACT_AT + maxInFlight of them.
      if (head === queue.length) {
        queue = [];
        head = 0;
      } else if (head >= COMPACT_AT) {
        queue = queue.slice(head);
        head = 0;
      }
      if (paused && queue.length - head < policy.maxInFlight) {
        paused = false;
        call.resume();
      }
      if (ended && queue.length === 0) finish(null);
    };

    call.on('data', (message: Wire) => {
      if (finished || failed) return;
      const slot: Slot<Out> = { state: 'pending', value: undefined, error: undefined };
      queue.push(slot);
      try {
        const result = handle(parse(policy.schema, message), context);
        if (result instanceof Promise) {
          result.then(
            (value) => {
              slot.state = 'ok';
              slot.value = value;
              flush();
            },
            (error: unknown) => {
              slot.state = 'failed';
              slot.error = error;
              failed = true;
              flush();
            },
          );
        } else {
          slot.state = 'ok';
          slot.value = result;
        }
      } catch (error) {
        slot.state = 'failed';
        slot.error = error;
        failed = true;
      }
      if (queue.length - head >= policy.maxInFlight) {
        paused = true;
        call.pause();
      }
      if (slot.state !== 'pending') flush();
    });
    call.on('end', () => {
      ended = true;
      flush();
    });
    call.on('cancelled', () => {
      finished = true;
      queue = [];
    });
  };
}
