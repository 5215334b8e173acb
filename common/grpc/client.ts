import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import type { TlsIdentity, Role } from '../pki/index.js';
import { identityFromCertificate } from '../pki/index.js';
import { CHUNK_MESSAGE_BYTES } from './server.js';

/** Options of {@link clientOptions}. */
export interface ClientSecurityOptions {
  tls: TlsIdentity;
  /** The server must present a certificate with this role (e.g. a gateway talks only to `edge`). */
  expectedServerRole: Role;
  /** Deadline applied to every call that sets none, ms (default 10,000). */
  defaultDeadlineMs?: number;
  maxReceiveMessageBytes?: number;
}

/**
 * mTLS channel credentials for a Vigil client: trusts only the private CA (never the public root store),
 * presents the client's certificate, and checks the server's role as well as its host name.
 */
export function channelCredentials(tls: TlsIdentity, expectedServerRole: Role): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(tls.caPem, tls.keyPem, tls.certPem, {
    checkServerIdentity(hostname: string, cert: PeerCertificate) {
      const hostError = checkServerIdentity(hostname, cert);
      if (hostError) return hostError;
      const identity = identityFromCertificate(cert);
      if (!identity || identity.role !== expectedServerRole) {
        return new Error(`server certificate role is '${identity?.role ?? 'none'}', expected '${expectedServerRole}'`);
      }
      return undefined;
    },
  });
}

/** An interceptor that gives every call a deadline unless it already has one. */
export function defaultDeadline(deadlineMs: number): grpc.Interceptor {
  return (options, nextCall) => new grpc.InterceptingCall(nextCall(options.deadline === undefined ? { ...options, deadline: Date.now() + deadlineMs } : options));
}

/** @returns constructor options for a generated client: credentials, deadline interceptor, size limits. */
export function clientOptions(options: ClientSecurityOptions): { credentials: grpc.ChannelCredentials; options: grpc.ClientOptions } {
  return {
    credentials: channelCredentials(options.tls, options.expectedServerRole),
    options: {
      interceptors: [defaultDeadline(options.defaultDeadlineMs ?? 10_000)],
      'grpc.max_receive_message_length': options.maxReceiveMessageBytes ?? CHUNK_MESSAGE_BYTES,
      'grpc.max_send_message_length': CHUNK_MESSAGE_BYTES,
      'grpc.enable_channelz': 0,
    },
  };
}

/** Creates a generated client over mTLS. @returns the client; call `.close()` when done. */
export function createClient<C extends grpc.Client>(
  Ctor: new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => C,
  address: string,
  security: ClientSecurityOptions,
): C {
  const { credentials, options } = clientOptions(security);
  return new Ctor(address, credentials, options);
}

/** Waits until the client's channel is connected or the deadline passes. @throws Error on timeout. */
export function waitForReady(client: grpc.Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => client.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve())));
}
