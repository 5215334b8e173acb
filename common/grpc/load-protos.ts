import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as ScoringProto } from '../../proto/gen/scoring.js';
import type { ProtoGrpcType as FederationProto } from '../../proto/gen/federation.js';
import { LOADER_OPTIONS, PROTO_FILES } from './proto-options.js';

/** The loaded package definition (for reflection) and the typed service constructors. */
export interface VigilProtos {
  packageDefinition: protoLoader.PackageDefinition;
  scoring: ScoringProto['vigil']['v1'];
  federation: FederationProto['vigil']['v1'];
}

let cached: VigilProtos | undefined;

/** Loads the wire contracts once per process. @returns typed service constructors and definitions. */
export function loadProtos(): VigilProtos {
  if (cached) return cached;
  const packageDefinition = protoLoader.loadSync([...PROTO_FILES], LOADER_OPTIONS);
  const loaded = grpc.loadPackageDefinition(packageDefinition) as unknown as ScoringProto & FederationProto;
  cached = { packageDefinition, scoring: loaded.vigil.v1, federation: loaded.vigil.v1 };
  return cached;
}
