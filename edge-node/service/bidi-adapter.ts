/**
 * A bidirectional-stream adapter with the same contract as common/grpc `bidiStream` (authorise by
 * role, validate each message with zod, map errors, backpressure), but reading the call with
 * `iterator({ destroyOnReturn: false })`. Why: a plain `for await` over a grpc-js duplex destroys the
 * call when the client half-closes, so the server's `end()` never sends the OK status and the client
 * times out (DEADLINE_EXCEEDED). Reported for common/grpc; remove this file when it is fixed there.
 */
import type * as grpc from '@grpc/grpc-js';
import type { z } from 'zod';
import { InvalidArgumentError, zodViolations } from '../../common/errors/index.js';
import { authorise, toWireError, type AdapterDeps, type CallContext, type MethodPolicy } from '../../common/grpc/index.js';

/** @returns a grpc-js bidi handler running `handle` over validated messages; replies once with a status. */
export function bidiStreamSafe<Wire, Parsed, Out>(
  deps: AdapterDeps,
  policy: MethodPolicy<Wire, Parsed>,
  handle: (messages: AsyncIterable<Parsed>, context: CallContext, send: (message: Out) => Promise<void>) => Promise<void>,
): grpc.handleBidiStreamingCall<Wire, Out> {
  return (call) => {
    const send = (message: Out): Promise<void> =>
      new Promise<void>((resolve) => {
        if (call.write(message)) resolve();
        else call.once('drain', () => resolve());
      });
    async function* validated(): AsyncGenerator<Parsed> {
      for await (const message of call.iterator({ destroyOnReturn: false }) as AsyncIterable<Wire>) {
        const result = policy.schema.safeParse(message);
        if (!result.success) throw new InvalidArgumentError(zodViolations(result.error as z.ZodError));
        yield result.data;
      }
    }
    (async () => {
      const method = call.getPath();
      const identity = authorise(call, policy.roles);
      const controller = new AbortController();
      call.on('cancelled', () => controller.abort(new Error('call cancelled or deadline exceeded')));
      await handle(validated(), { identity, method, signal: controller.signal, logger: deps.logger.child({ method, caller: identity.spiffeId }) }, send);
    })().then(
      () => call.end(),
      (error: unknown) => {
        const wire = toWireError(error);
        if (wire.details === 'internal error') deps.logger.error({ method: call.getPath(), err: error }, 'handler failed');
        else deps.logger.info({ method: call.getPath(), code: wire.code, details: wire.details }, 'call refused');
        call.emit('error', wire);
      },
    );
  };
}
