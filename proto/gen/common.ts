import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AuditRef as _vigil_v1_AuditRef, AuditRef__Output as _vigil_v1_AuditRef__Output } from './vigil/v1/AuditRef.js';
import type { FeatureAttribution as _vigil_v1_FeatureAttribution, FeatureAttribution__Output as _vigil_v1_FeatureAttribution__Output } from './vigil/v1/FeatureAttribution.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  vigil: {
    v1: {
      AuditRef: MessageTypeDefinition<_vigil_v1_AuditRef, _vigil_v1_AuditRef__Output>
      FeatureAttribution: MessageTypeDefinition<_vigil_v1_FeatureAttribution, _vigil_v1_FeatureAttribution__Output>
      ModelKind: EnumTypeDefinition
    }
  }
}

