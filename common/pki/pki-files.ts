import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '../errors/index.js';
import { createCertificateAuthority, issueCertificate, loadCertificateAuthority, type IssueOptions } from './certificate-authority.js';
import type { Role } from './identity.js';

/** The files one TLS endpoint needs: the private CA, its own certificate and key (PEM). */
export interface TlsIdentity {
  caPem: Buffer;
  certPem: Buffer;
  keyPem: Buffer;
}

/** Default set of identities `vigil pki init` issues. */
export const DEFAULT_SITES = ['childrens-hospital', 'adult-clinic', 'home-care', 'icu'] as const;

/** Directory of one identity inside a PKI directory: `<pki>/<role>/<name>`. */
export function identityDir(pkiDir: string, role: Role, name: string): string {
  return join(pkiDir, role, name);
}

function writeSecret(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

function readKeyFile(path: string): Buffer {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new VigilError('NOT_FOUND', `${path}: key file not found`);
  }
  if ((mode & 0o077) !== 0) throw new VigilError('FAILED_PRECONDITION', `${path}: private key is readable by group or others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`);
  return readFileSync(path);
}

/**
 * Loads `ca.crt`, `cert.pem` and `key.pem` from an identity directory.
 * @throws VigilError NOT_FOUND when a file is missing, FAILED_PRECONDITION when the key is readable by others.
 */
export function loadTlsIdentity(dir: string): TlsIdentity {
  const read = (name: string): Buffer => {
    const path = join(dir, name);
    if (!existsSync(path)) throw new VigilError('NOT_FOUND', `${path}: not found (run 'vigil pki init' first)`);
    return readFileSync(path);
  };
  return { caPem: read('ca.crt'), certPem: read('cert.pem'), keyPem: readKeyFile(join(dir, 'key.pem')) };
}

/** What `vigil pki init` makes. */
export interface PkiInitOptions {
  outDir: string;
  sites?: readonly string[];
  clinicians?: number;
  force?: boolean;
}

/** One issued identity, as listed by {@link initPki}. */
export interface IssuedIdentity {
  role: Role;
  name: string;
  dir: string;
}

/**
 * Creates a private CA in `outDir` and issues a coordinator, one edge node and one gateway per site,
 * and `clinicians` clinicians. @returns what was issued.
 * @throws VigilError ALREADY_EXISTS when `outDir` already holds a CA and `force` is not set.
 */
export async function initPki(options: PkiInitOptions): Promise<IssuedIdentity[]> {
  const caCert = join(options.outDir, 'ca.crt');
  if (existsSync(caCert) && !options.force) throw new VigilError('ALREADY_EXISTS', `${options.outDir} already holds a CA; use --force to replace it`);
  mkdirSync(options.outDir, { recursive: true, mode: 0o700 });
  const ca = await createCertificateAuthority();
  writeFileSync(caCert, ca.certPem);
  writeSecret(join(options.outDir, 'ca.key'), ca.keyPem);
  const plan: Array<{ role: Role; name: string }> = [{ role: 'coordinator', name: 'main' }];
  for (const site of options.sites ?? DEFAULT_SITES) plan.push({ role: 'edge', name: site }, { role: 'gateway', name: `gw-${site}` });
  for (let i = 1; i <= (options.clinicians ?? 2); i++) plan.push({ role: 'clinician', name: `clin-${String(i).padStart(3, '0')}` });
  const issued: IssuedIdentity[] = [];
  for (const item of plan) issued.push(await issueInto(options.outDir, ca.certPem, ca.keyPem, item));
  return issued;
}

/** Issues one more identity from the CA in `pkiDir`. @returns where its files are. */
export async function issueIdentity(pkiDir: string, options: IssueOptions): Promise<IssuedIdentity> {
  const caPem = readFileSync(join(pkiDir, 'ca.crt'), 'utf8');
  const keyPem = readKeyFile(join(pkiDir, 'ca.key')).toString('utf8');
  return issueInto(pkiDir, caPem, keyPem, options);
}

async function issueInto(pkiDir: string, caCertPem: string, caKeyPem: string, options: IssueOptions): Promise<IssuedIdentity> {
  const ca = await loadCertificateAuthority(caCertPem, caKeyPem);
  const pem = await issueCertificate(ca, options);
  const dir = identityDir(pkiDir, options.role, options.name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'ca.crt'), caCertPem);
  writeFileSync(join(dir, 'cert.pem'), pem.certPem);
  writeSecret(join(dir, 'key.pem'), pem.keyPem);
  return { role: options.role, name: options.name, dir };
}
