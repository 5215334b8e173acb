import type { PeerCertificate } from 'node:tls';
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
 * Authorises a call: the peer must present a CA-verified certificate with a Vigil identity whose role
 * is in `roles`. @returns the identity. @throws VigilError UNAUTHENTICATED or PermissionDeniedError.
 */
export function authorise(call: AuthorisableCall, roles: readonly Role[]): PeerIdentity {
  const auth = call.getAuthContext();
  const identity = identityFromCertificate(auth?.sslPeerCertificate);
  if (!identity) throw new VigilError('UNAUTHENTICATED', 'a client certificate with a Vigil identity is required');
  if (!roles.includes(identity.role)) throw new PermissionDeniedError(identity.role, roles, call.getPath());
  return identity;
}
