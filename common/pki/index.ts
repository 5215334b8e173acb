export { ROLES, spiffeId, parseSpiffeId, identityFromCertificate } from './identity.js';
export type { Role, PeerIdentity } from './identity.js';
export { createCertificateAuthority, loadCertificateAuthority, issueCertificate } from './certificate-authority.js';
export type { CertificateAuthority, IssuedPem, IssueOptions } from './certificate-authority.js';
export { initPki, issueIdentity, loadTlsIdentity, identityDir, DEFAULT_SITES } from './pki-files.js';
export type { TlsIdentity, PkiInitOptions, IssuedIdentity } from './pki-files.js';
export { pkiCommands } from './cli.js';
