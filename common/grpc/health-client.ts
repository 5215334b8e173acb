import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { VigilError } from '../errors/index.js';
import { createClient, type ClientSecurityOptions } from './client.js';
import { fromServiceError } from './status.js';

type HealthClient = grpc.Client & {
  check(request: { service: string }, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null, response?: { status: string }) => void): void;
};

let HealthCtor: (new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => HealthClient) | undefined;

function healthConstructor() {
  if (!HealthCtor) {
    const definition = protoLoader.loadSync(healthProtoPath, { enums: String, defaults: true });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as { grpc: { health: { v1: { Health: typeof HealthCtor } } } };
    HealthCtor = loaded.grpc.health.v1.Health;
  }
  return HealthCtor!;
}

/**
 * Calls grpc.health.v1 Check over mTLS.
 * @returns the serving status (`SERVING`, `NOT_SERVING`, `UNKNOWN`, `SERVICE_UNKNOWN`).
 * @throws VigilError mapped from the gRPC status (UNAVAILABLE when unreachable, NOT_FOUND for an unknown service).
 */
export async function checkHealth(address: string, security: ClientSecurityOptions, service = '', timeoutMs = 5_000): Promise<string> {
  const client = createClient(healthConstructor(), address, security);
  try {
    return await new Promise<string>((resolve, reject) => {
      client.check({ service }, { deadline: Date.now() + timeoutMs }, (error, response) => {
        if (error) reject(fromServiceError(error));
        else if (!response) reject(new VigilError('INTERNAL', 'empty health response'));
        else resolve(response.status);
      });
    });
  } finally {
    client.close();
  }
}
