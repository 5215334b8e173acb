import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AggregateChunk as _vigil_v1_AggregateChunk, AggregateChunk__Output as _vigil_v1_AggregateChunk__Output } from './vigil/v1/AggregateChunk.js';
import type { AggregateHeader as _vigil_v1_AggregateHeader, AggregateHeader__Output as _vigil_v1_AggregateHeader__Output } from './vigil/v1/AggregateHeader.js';
import type { AuditRef as _vigil_v1_AuditRef, AuditRef__Output as _vigil_v1_AuditRef__Output } from './vigil/v1/AuditRef.js';
import type { CiphertextChunk as _vigil_v1_CiphertextChunk, CiphertextChunk__Output as _vigil_v1_CiphertextChunk__Output } from './vigil/v1/CiphertextChunk.js';
import type { DownloadModelRequest as _vigil_v1_DownloadModelRequest, DownloadModelRequest__Output as _vigil_v1_DownloadModelRequest__Output } from './vigil/v1/DownloadModelRequest.js';
import type { EvaluationReport as _vigil_v1_EvaluationReport, EvaluationReport__Output as _vigil_v1_EvaluationReport__Output } from './vigil/v1/EvaluationReport.js';
import type { FeatureAttribution as _vigil_v1_FeatureAttribution, FeatureAttribution__Output as _vigil_v1_FeatureAttribution__Output } from './vigil/v1/FeatureAttribution.js';
import type { FederationClient as _vigil_v1_FederationClient, FederationDefinition as _vigil_v1_FederationDefinition } from './vigil/v1/Federation.js';
import type { GetAggregateRequest as _vigil_v1_GetAggregateRequest, GetAggregateRequest__Output as _vigil_v1_GetAggregateRequest__Output } from './vigil/v1/GetAggregateRequest.js';
import type { GetRoundPlanRequest as _vigil_v1_GetRoundPlanRequest, GetRoundPlanRequest__Output as _vigil_v1_GetRoundPlanRequest__Output } from './vigil/v1/GetRoundPlanRequest.js';
import type { JoinRequest as _vigil_v1_JoinRequest, JoinRequest__Output as _vigil_v1_JoinRequest__Output } from './vigil/v1/JoinRequest.js';
import type { JoinResponse as _vigil_v1_JoinResponse, JoinResponse__Output as _vigil_v1_JoinResponse__Output } from './vigil/v1/JoinResponse.js';
import type { Metric as _vigil_v1_Metric, Metric__Output as _vigil_v1_Metric__Output } from './vigil/v1/Metric.js';
import type { ModelChunk as _vigil_v1_ModelChunk, ModelChunk__Output as _vigil_v1_ModelChunk__Output } from './vigil/v1/ModelChunk.js';
import type { PublishTreeHeadRequest as _vigil_v1_PublishTreeHeadRequest, PublishTreeHeadRequest__Output as _vigil_v1_PublishTreeHeadRequest__Output } from './vigil/v1/PublishTreeHeadRequest.js';
import type { PublishTreeHeadResponse as _vigil_v1_PublishTreeHeadResponse, PublishTreeHeadResponse__Output as _vigil_v1_PublishTreeHeadResponse__Output } from './vigil/v1/PublishTreeHeadResponse.js';
import type { ReportEvaluationResponse as _vigil_v1_ReportEvaluationResponse, ReportEvaluationResponse__Output as _vigil_v1_ReportEvaluationResponse__Output } from './vigil/v1/ReportEvaluationResponse.js';
import type { RoundPlan as _vigil_v1_RoundPlan, RoundPlan__Output as _vigil_v1_RoundPlan__Output } from './vigil/v1/RoundPlan.js';
import type { SubmitUpdateResponse as _vigil_v1_SubmitUpdateResponse, SubmitUpdateResponse__Output as _vigil_v1_SubmitUpdateResponse__Output } from './vigil/v1/SubmitUpdateResponse.js';
import type { TrainingConfig as _vigil_v1_TrainingConfig, TrainingConfig__Output as _vigil_v1_TrainingConfig__Output } from './vigil/v1/TrainingConfig.js';
import type { UpdateChunk as _vigil_v1_UpdateChunk, UpdateChunk__Output as _vigil_v1_UpdateChunk__Output } from './vigil/v1/UpdateChunk.js';
import type { UpdateHeader as _vigil_v1_UpdateHeader, UpdateHeader__Output as _vigil_v1_UpdateHeader__Output } from './vigil/v1/UpdateHeader.js';
import type { UpdateTrailer as _vigil_v1_UpdateTrailer, UpdateTrailer__Output as _vigil_v1_UpdateTrailer__Output } from './vigil/v1/UpdateTrailer.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  vigil: {
    v1: {
      AggregateChunk: MessageTypeDefinition<_vigil_v1_AggregateChunk, _vigil_v1_AggregateChunk__Output>
      AggregateHeader: MessageTypeDefinition<_vigil_v1_AggregateHeader, _vigil_v1_AggregateHeader__Output>
      AuditRef: MessageTypeDefinition<_vigil_v1_AuditRef, _vigil_v1_AuditRef__Output>
      CiphertextChunk: MessageTypeDefinition<_vigil_v1_CiphertextChunk, _vigil_v1_CiphertextChunk__Output>
      DownloadModelRequest: MessageTypeDefinition<_vigil_v1_DownloadModelRequest, _vigil_v1_DownloadModelRequest__Output>
      EvaluationReport: MessageTypeDefinition<_vigil_v1_EvaluationReport, _vigil_v1_EvaluationReport__Output>
      FeatureAttribution: MessageTypeDefinition<_vigil_v1_FeatureAttribution, _vigil_v1_FeatureAttribution__Output>
      Federation: SubtypeConstructor<typeof grpc.Client, _vigil_v1_FederationClient> & { service: _vigil_v1_FederationDefinition }
      GetAggregateRequest: MessageTypeDefinition<_vigil_v1_GetAggregateRequest, _vigil_v1_GetAggregateRequest__Output>
      GetRoundPlanRequest: MessageTypeDefinition<_vigil_v1_GetRoundPlanRequest, _vigil_v1_GetRoundPlanRequest__Output>
      JoinRequest: MessageTypeDefinition<_vigil_v1_JoinRequest, _vigil_v1_JoinRequest__Output>
      JoinResponse: MessageTypeDefinition<_vigil_v1_JoinResponse, _vigil_v1_JoinResponse__Output>
      Metric: MessageTypeDefinition<_vigil_v1_Metric, _vigil_v1_Metric__Output>
      ModelChunk: MessageTypeDefinition<_vigil_v1_ModelChunk, _vigil_v1_ModelChunk__Output>
      ModelKind: EnumTypeDefinition
      PublishTreeHeadRequest: MessageTypeDefinition<_vigil_v1_PublishTreeHeadRequest, _vigil_v1_PublishTreeHeadRequest__Output>
      PublishTreeHeadResponse: MessageTypeDefinition<_vigil_v1_PublishTreeHeadResponse, _vigil_v1_PublishTreeHeadResponse__Output>
      ReportEvaluationResponse: MessageTypeDefinition<_vigil_v1_ReportEvaluationResponse, _vigil_v1_ReportEvaluationResponse__Output>
      RoundPlan: MessageTypeDefinition<_vigil_v1_RoundPlan, _vigil_v1_RoundPlan__Output>
      RoundState: EnumTypeDefinition
      SubmitUpdateResponse: MessageTypeDefinition<_vigil_v1_SubmitUpdateResponse, _vigil_v1_SubmitUpdateResponse__Output>
      TrainingConfig: MessageTypeDefinition<_vigil_v1_TrainingConfig, _vigil_v1_TrainingConfig__Output>
      UpdateChunk: MessageTypeDefinition<_vigil_v1_UpdateChunk, _vigil_v1_UpdateChunk__Output>
      UpdateHeader: MessageTypeDefinition<_vigil_v1_UpdateHeader, _vigil_v1_UpdateHeader__Output>
      UpdateTrailer: MessageTypeDefinition<_vigil_v1_UpdateTrailer, _vigil_v1_UpdateTrailer__Output>
    }
  }
}

