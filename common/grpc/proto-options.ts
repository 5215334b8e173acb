import { fileURLToPath } from 'node:url';
import type { Options } from '@grpc/proto-loader';

/** Directory that holds `vigil/v1/*.proto`. */
export const PROTO_ROOT = fileURLToPath(new URL('../../proto', import.meta.url));

/** The wire contracts, relative to PROTO_ROOT. */
export const PROTO_FILES = ['vigil/v1/common.proto', 'vigil/v1/scoring.proto', 'vigil/v1/federation.proto'] as const;

/**
 * proto-loader options at run time. They must agree with {@link GEN_TYPES_FLAGS}, or the generated
 * types lie about the objects handlers receive.
 */
export const LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  bytes: Buffer,
  defaults: true,
  arrays: true,
  objects: false,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

/** proto-loader-gen-types flags matching {@link LOADER_OPTIONS}. */
export const GEN_TYPES_FLAGS = [
  '--longs=Number',
  '--enums=String',
  '--defaults',
  '--arrays',
  '--oneofs',
  '--includeComments',
  '--grpcLib=@grpc/grpc-js',
  '--importFileExtension=.js',
] as const;
