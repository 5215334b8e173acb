import { TLSSocket, type PeerCertificate } from 'node:tls';
import { VigilError, PermissionDeniedError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { identityFromCertificate, type PeerIdentity, type Role } from '../pki/index.js';

/** What a handler knows about the call besides its request. */
export interface CallContext {
  /** The caller's identity, verified by mTLS against the private CA. */
  identity: PeerIdentity;
  /** The full method name, e.g. `/vigil.v1.Scoring/GateDose`. */
  method: string;
  /** Aborted when the client cancels or the deadline passes. */
  signal: AbortSignal;
  /** Logger with component, method and caller bound. */
  logger: Logger;
}

/** The minimal call surface we need to authorise (grpc-js ServerSurfaceCall). */
export interface AuthorisableCall {
  getAuthContext(): { sslPeerCertificate?: PeerCertificate; transportSecurityType?: string } | null;
  getPath(): string;
}

/**
 * Identities read from each TLS connection's verified peer certificate. A connection's certificate
 * cannot change (TLS 1.3 has no renegotiation, and Node refuses it on HTTP/2 connections), and
 * reading it (getPeerCertificate) costs ~60 µs a call, so it is read once per connection. Weak: an
 * entry goes with its connection.
 */
const identities = new WeakMap<TLSSocket, PeerIdentity | null>();

/**
 * @returns the authorised TLS socket a grpc-js server call arrived on, reached through grpc-js
 * internals (handler call → intercepting calls → HTTP/2 stream → session → socket); undefined when
 * that path is not there (another grpc-js version, or a stand-in call), and then the certificate is
 * read per call. `tlsConnectionOf` being found on a real call is tested (grpc-transport.test.ts).
 */
export function tlsConnectionOf(call: AuthorisableCall): TLSSocket | undefined {
  type Internal = { call?: Internal; nextCall?: Internal; stream?: { session?: { socket?: unknown } } };
  let inner = (call as Internal).call;
  while (inner && !inner.stream && inner.nextCall) inner = inner.nextCall;
  const socket = inner?.stream?.session?.socket;
  return socket instanceof TLSSocket && socket.authorized ? socket : undefined;
}

/** @returns the caller's identity from its verified certificate, or null; read once per TLS connection. */
function callerIdentity(call: AuthorisableCall): PeerIdentity | null {
  const connection = tlsConnectionOf(call);
  const known = connection ? identities.get(connection) : undefined;
  if (known !== undefined) return known;
  const read = identityFromCertificate(call.getAuthContext()?.sslPeerCertificate);
  const identity = read && Object.freeze(read); // shared by every call on the connection
  if (connection) identities.set(connection, identity);
  return identity;
}

/**
 * Authorises a call: the peer must present a CA-verified certificate with a Vigil identity whose role
 * is in `roles`. @returns the identity. @throws VigilError UNAUTHENTICATED or PermissionDeniedError.
 */
export function authorise(call: AuthorisableCall, roles: readonly Role[]): PeerIdentity {
  const identity = callerIdentity(call);
  if (!identity) throw new VigilError('UNAUTHENTICATED', 'a client certificate with a Vigil identity is required');
  if (!roles.includes(identity.role)) throw new PermissionDeniedError(identity.role, roles, call.getPath());
  return identity;
}
