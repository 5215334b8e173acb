/**
 * Security layers a measurement may turn off (eval latency suite, bench) to price them, as
 * {@link EdgePlugins} collaborators: a plaintext gRPC transport, an audit sink that keeps nothing, and a
 * frame "cipher" that takes the ciphertext as the plaintext. Deliberately not part of EdgeConfig, so no
 * deployment can set them; only the measurement child (serve-child.ts) builds them.
 */
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { createGrpcServer, type GrpcServerOptions, type VigilServer } from '../../common/grpc/index.js';
import { loadTlsIdentity } from '../../common/pki/index.js';
import type { AuditSink } from '../audit-sink.js';
import type { EdgePlugins } from '../main.js';

/** Which layers to turn off; every field absent means the production node. */
export interface MeasurementSwitches {
  /** Serve without TLS (loopback only); every call acts as the identity in this PKI directory. */
  insecureTransportAs?: string;
  /** Do not audit (replies carry audit index 0 and an empty leaf hash). */
  auditOff?: boolean;
  /** Accept device frames in plaintext (no Ascon-AEAD128 open; counters and payload checks still run). */
  plainFrames?: boolean;
}

/** @returns the plugins that turn the requested layers off (empty: the production node). */
export function measurementPlugins(switches: MeasurementSwitches): EdgePlugins {
  return {
    ...(switches.insecureTransportAs ? { grpcServer: (options: GrpcServerOptions) => insecureServer(options, peerCertificateOf(switches.insecureTransportAs!)) } : {}),
    ...(switches.auditOff ? { auditSink: noAudit } : {}),
    ...(switches.plainFrames ? { frameCipher: (_key: Uint8Array, _nonce: Uint8Array, sealed: Uint8Array) => sealed } : {}),
  };
}

const noAudit: AuditSink = { append: () => Promise.resolve({ index: 0, leafHash: Buffer.alloc(0) }) };

/** The fields of a peer certificate that common/pki reads to name the caller. */
function peerCertificateOf(identityDir: string): PeerCertificate {
  const cert = new X509Certificate(loadTlsIdentity(identityDir).certPem);
  const cn = /CN=([^\n]+)/u.exec(cert.subject)?.[1] ?? '';
  return { subjectaltname: cert.subjectAltName ?? '', subject: { CN: cn }, serialNumber: cert.serialNumber, fingerprint256: cert.fingerprint256 } as unknown as PeerCertificate;
}

/** The Vigil server (health, reflection, limits, the same handlers) bound without TLS. */
function insecureServer(options: GrpcServerOptions, caller: PeerCertificate): VigilServer {
  const inner = createGrpcServer(options);
  const services: string[] = [];
  // The handlers authorise from the TLS peer certificate; without TLS every call presents `caller`'s.
  const asCaller = (implementation: grpc.UntypedServiceImplementation): grpc.UntypedServiceImplementation =>
    Object.fromEntries(Object.entries(implementation).map(([method, handler]) => [method, (call: { getAuthContext: () => unknown }, ...rest: unknown[]) => {
      call.getAuthContext = () => ({ transportSecurityType: 'insecure', sslPeerCertificate: caller });
      return (handler as (...args: unknown[]) => unknown)(call, ...rest);
    }])) as grpc.UntypedServiceImplementation;
  return {
    ...inner,
    addService(name, definition, implementation) {
      services.push(name);
      inner.addService(name, definition, asCaller(implementation));
    },
    listen(host, port) {
      return new Promise((resolve, reject) => {
        inner.server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
          if (error) return reject(error);
          for (const name of ['', ...services]) inner.health.setStatus(name, 'SERVING');
          resolve(bound);
        });
      });
    },
  };
}
