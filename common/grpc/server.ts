import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import { VigilError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { TlsIdentity } from '../pki/index.js';
import { loadProtos } from './load-protos.js';

/** Small default: dose commands and verdicts are a few hundred bytes. */
export const SMALL_MESSAGE_BYTES = 64 * 1024;
/** For services that stream ciphertext or weight chunks. */
export const CHUNK_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Options of {@link createGrpcServer}. */
export interface GrpcServerOptions {
  tls: TlsIdentity;
  logger: Logger;
  /** Largest inbound message; larger ones fail with RESOURCE_EXHAUSTED. */
  maxReceiveMessageBytes?: number;
  maxSendMessageBytes?: number;
}

/** A running (or ready to run) Vigil gRPC server with health and reflection. */
export interface VigilServer {
  server: grpc.Server;
  health: HealthImplementation;
  /** Adds a service and marks it SERVING in the health service once listening. */
  addService(name: string, definition: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): void;
  /** Binds with mTLS. @returns the bound port (pass 0 for any). @throws VigilError UNAVAILABLE when the bind fails. */
  listen(host: string, port: number): Promise<number>;
  /** Stops accepting calls, waits up to `graceMs` for calls in flight, then forces. */
  shutdown(graceMs?: number): Promise<void>;
}

/** mTLS server credentials: only certificates from the private CA are accepted, and one is required. */
export function serverCredentials(tls: TlsIdentity): grpc.ServerCredentials {
  return grpc.ServerCredentials.createSsl(tls.caPem, [{ private_key: tls.keyPem, cert_chain: tls.certPem }], true);
}

/** Creates a server with mTLS, message-size limits, grpc.health.v1 and server reflection (no channelz). */
export function createGrpcServer(options: GrpcServerOptions): VigilServer {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxReceiveMessageBytes ?? SMALL_MESSAGE_BYTES,
    'grpc.max_send_message_length': options.maxSendMessageBytes ?? CHUNK_MESSAGE_BYTES,
    'grpc.keepalive_time_ms': 60_000,
    'grpc.max_concurrent_streams': 1_000,
    // No channelz service is served; its per-call bookkeeping cost ~2% of the main thread in the gate bench.
    'grpc.enable_channelz': 0,
  });
  const health = new HealthImplementation({ '': 'NOT_SERVING' });
  health.addToServer(server);
  new ReflectionService(loadProtos().packageDefinition).addToServer(server);
  const services: string[] = [];
  return {
    server,
    health,
    addService(name, definition, implementation) {
      server.addService(definition, implementation);
      services.push(name);
      health.setStatus(name, 'NOT_SERVING');
    },
    listen(host, port) {
      return new Promise((resolve, reject) => {
        server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, serverCredentials(options.tls), (error, bound) => {
          if (error) return reject(new VigilError('UNAVAILABLE', `cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
          health.setStatus('', 'SERVING');
          for (const name of services) health.setStatus(name, 'SERVING');
          options.logger.info({ host, port: bound, services }, 'gRPC server listening (mTLS)');
          resolve(bound);
        });
      });
    },
    shutdown(graceMs = 5_000) {
      health.setStatus('', 'NOT_SERVING');
      for (const name of services) health.setStatus(name, 'NOT_SERVING');
      return new Promise((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
