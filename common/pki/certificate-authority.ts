import 'reflect-metadata'; // @peculiar/x509 resolves its services through tsyringe, which needs it
import { webcrypto, randomBytes } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { spiffeId, type Role } from './identity.js';

x509.cryptoProvider.set(webcrypto as never);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

/** A PEM certificate and its PKCS#8 PEM private key. */
export interface IssuedPem {
  certPem: string;
  keyPem: string;
}

/** A loaded CA able to issue certificates. */
export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
  cert: x509.X509Certificate;
  key: CryptoKey;
}

function serial(): string {
  // Positive 128-bit serial (RFC 5280 allows up to 20 octets).
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
}

/** Creates a new private CA (ECDSA P-256), valid for `days`. @returns the CA with its PEM forms. */
export async function createCertificateAuthority(name = 'Vigil private CA', days = 3650, now = new Date()): Promise<CertificateAuthority> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}, O=Vigil`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + days * DAY_MS),
    signingAlgorithm: SIGNING,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, key: keys.privateKey, certPem: cert.toString('pem') + '\n', keyPem: await pkcs8Pem(keys.privateKey) };
}

/** Loads a CA from its PEM certificate and PKCS#8 key. @throws Error when either does not parse. */
export async function loadCertificateAuthority(certPem: string, keyPem: string): Promise<CertificateAuthority> {
  const cert = new x509.X509Certificate(certPem);
  const der = Buffer.from(keyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const key = (await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign'])) as CryptoKey;
  return { cert, key, certPem, keyPem };
}

/** What to put in an issued certificate. */
export interface IssueOptions {
  role: Role;
  /** Site, gateway or staff id; becomes `spiffe://vigil/<role>/<name>`. */
  name: string;
  days?: number;
  /** DNS names and IP addresses the holder serves on (servers only). */
  dnsNames?: string[];
  ipAddresses?: string[];
  now?: Date;
}

/** Issues a leaf certificate signed by the CA. Servers (coordinator, edge) get serverAuth + clientAuth. */
export async function issueCertificate(ca: CertificateAuthority, options: IssueOptions): Promise<IssuedPem> {
  const now = options.now ?? new Date();
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const isServer = options.role === 'coordinator' || options.role === 'edge';
  const names: x509.JsonGeneralName[] = [{ type: 'url', value: spiffeId(options.role, options.name) }];
  for (const dns of options.dnsNames ?? (isServer ? ['localhost'] : [])) names.push({ type: 'dns', value: dns });
  for (const ip of options.ipAddresses ?? (isServer ? ['127.0.0.1', '::1'] : [])) names.push({ type: 'ip', value: ip });
  const usages = isServer ? [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth] : [x509.ExtendedKeyUsage.clientAuth];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${options.role}-${options.name}, OU=${options.role}, O=Vigil`,
    issuer: ca.cert.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + (options.days ?? 825) * DAY_MS),
    signingAlgorithm: SIGNING,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension(usages),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: await pkcs8Pem(keys.privateKey) };
}
