import type { PeerCertificate } from 'node:tls';

/** Roles a certificate can carry; the SAN URI `spiffe://vigil/<role>/<name>` states it. */
export const ROLES = ['coordinator', 'edge', 'gateway', 'clinician'] as const;
/** A caller's role, taken only from a certificate the private CA signed. */
export type Role = (typeof ROLES)[number];

/** The verified identity of a peer. */
export interface PeerIdentity {
  role: Role;
  /** The name part of the SPIFFE id: a site, a gateway, a clinician's staff id. */
  name: string;
  /** `spiffe://vigil/<role>/<name>`. */
  spiffeId: string;
  /** Subject common name. */
  commonName: string;
  /** Certificate serial number, hex. */
  serialNumber: string;
  /** SHA-256 fingerprint of the certificate, `AA:BB:...`. */
  fingerprint256: string;
}

const SPIFFE = /^spiffe:\/\/vigil\/(coordinator|edge|gateway|clinician)\/([A-Za-z0-9._-]{1,64})$/;

/** @returns the SPIFFE URI for a role and name. @throws TypeError on a name with other characters. */
export function spiffeId(role: Role, name: string): string {
  const id = `spiffe://vigil/${role}/${name}`;
  if (!SPIFFE.test(id)) throw new TypeError(`invalid identity name '${name}' (letters, digits, '.', '_', '-'; at most 64)`);
  return id;
}

/** Parses a SPIFFE URI. @returns role and name, or null when it is not a Vigil id. */
export function parseSpiffeId(uri: string): { role: Role; name: string } | null {
  const match = SPIFFE.exec(uri);
  return match ? { role: match[1] as Role, name: match[2] as string } : null;
}

/**
 * Reads the identity from a peer certificate that TLS has already verified against the private CA.
 * @returns null when the certificate carries no (or more than one) Vigil SPIFFE id.
 */
export function identityFromCertificate(cert: PeerCertificate | undefined): PeerIdentity | null {
  if (!cert || !cert.subjectaltname) return null;
  const uris = cert.subjectaltname
    .split(', ')
    .filter((entry) => entry.startsWith('URI:'))
    .map((entry) => entry.slice(4))
    .map((uri) => ({ uri, parsed: parseSpiffeId(uri) }))
    .filter((u) => u.parsed !== null);
  if (uris.length !== 1) return null;
  const only = uris[0]!;
  const cn = cert.subject?.CN;
  return {
    role: only.parsed!.role,
    name: only.parsed!.name,
    spiffeId: only.uri,
    commonName: Array.isArray(cn) ? cn.join(',') : (cn ?? ''),
    serialNumber: cert.serialNumber ?? '',
    fingerprint256: cert.fingerprint256 ?? '',
  };
}
