import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdherencePrediction as _vigil_v1_AdherencePrediction, AdherencePrediction__Output as _vigil_v1_AdherencePrediction__Output } from './vigil/v1/AdherencePrediction.js';
import type { Alert as _vigil_v1_Alert, Alert__Output as _vigil_v1_Alert__Output } from './vigil/v1/Alert.js';
import type { AuditRef as _vigil_v1_AuditRef, AuditRef__Output as _vigil_v1_AuditRef__Output } from './vigil/v1/AuditRef.js';
import type { ConfirmDoseRequest as _vigil_v1_ConfirmDoseRequest, ConfirmDoseRequest__Output as _vigil_v1_ConfirmDoseRequest__Output } from './vigil/v1/ConfirmDoseRequest.js';
import type { ConfirmDoseResponse as _vigil_v1_ConfirmDoseResponse, ConfirmDoseResponse__Output as _vigil_v1_ConfirmDoseResponse__Output } from './vigil/v1/ConfirmDoseResponse.js';
import type { DoseCommand as _vigil_v1_DoseCommand, DoseCommand__Output as _vigil_v1_DoseCommand__Output } from './vigil/v1/DoseCommand.js';
import type { FeatureAttribution as _vigil_v1_FeatureAttribution, FeatureAttribution__Output as _vigil_v1_FeatureAttribution__Output } from './vigil/v1/FeatureAttribution.js';
import type { GateVerdict as _vigil_v1_GateVerdict, GateVerdict__Output as _vigil_v1_GateVerdict__Output } from './vigil/v1/GateVerdict.js';
import type { InfusionDose as _vigil_v1_InfusionDose, InfusionDose__Output as _vigil_v1_InfusionDose__Output } from './vigil/v1/InfusionDose.js';
import type { IngestSummary as _vigil_v1_IngestSummary, IngestSummary__Output as _vigil_v1_IngestSummary__Output } from './vigil/v1/IngestSummary.js';
import type { PredictAdherenceRequest as _vigil_v1_PredictAdherenceRequest, PredictAdherenceRequest__Output as _vigil_v1_PredictAdherenceRequest__Output } from './vigil/v1/PredictAdherenceRequest.js';
import type { Reason as _vigil_v1_Reason, Reason__Output as _vigil_v1_Reason__Output } from './vigil/v1/Reason.js';
import type { RejectedFrame as _vigil_v1_RejectedFrame, RejectedFrame__Output as _vigil_v1_RejectedFrame__Output } from './vigil/v1/RejectedFrame.js';
import type { ScoringClient as _vigil_v1_ScoringClient, ScoringDefinition as _vigil_v1_ScoringDefinition } from './vigil/v1/Scoring.js';
import type { SealedFrame as _vigil_v1_SealedFrame, SealedFrame__Output as _vigil_v1_SealedFrame__Output } from './vigil/v1/SealedFrame.js';
import type { TelemetryScore as _vigil_v1_TelemetryScore, TelemetryScore__Output as _vigil_v1_TelemetryScore__Output } from './vigil/v1/TelemetryScore.js';
import type { TelemetryWindow as _vigil_v1_TelemetryWindow, TelemetryWindow__Output as _vigil_v1_TelemetryWindow__Output } from './vigil/v1/TelemetryWindow.js';
import type { WatchAlertsRequest as _vigil_v1_WatchAlertsRequest, WatchAlertsRequest__Output as _vigil_v1_WatchAlertsRequest__Output } from './vigil/v1/WatchAlertsRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  vigil: {
    v1: {
      AdherencePrediction: MessageTypeDefinition<_vigil_v1_AdherencePrediction, _vigil_v1_AdherencePrediction__Output>
      Alert: MessageTypeDefinition<_vigil_v1_Alert, _vigil_v1_Alert__Output>
      AlertKind: EnumTypeDefinition
      AlertSeverity: EnumTypeDefinition
      AuditRef: MessageTypeDefinition<_vigil_v1_AuditRef, _vigil_v1_AuditRef__Output>
      ClinicianDecision: EnumTypeDefinition
      ConfirmDoseRequest: MessageTypeDefinition<_vigil_v1_ConfirmDoseRequest, _vigil_v1_ConfirmDoseRequest__Output>
      ConfirmDoseResponse: MessageTypeDefinition<_vigil_v1_ConfirmDoseResponse, _vigil_v1_ConfirmDoseResponse__Output>
      DoseCommand: MessageTypeDefinition<_vigil_v1_DoseCommand, _vigil_v1_DoseCommand__Output>
      DoseKind: EnumTypeDefinition
      FeatureAttribution: MessageTypeDefinition<_vigil_v1_FeatureAttribution, _vigil_v1_FeatureAttribution__Output>
      FrameRejection: EnumTypeDefinition
      GateVerdict: MessageTypeDefinition<_vigil_v1_GateVerdict, _vigil_v1_GateVerdict__Output>
      InfusionDose: MessageTypeDefinition<_vigil_v1_InfusionDose, _vigil_v1_InfusionDose__Output>
      IngestSummary: MessageTypeDefinition<_vigil_v1_IngestSummary, _vigil_v1_IngestSummary__Output>
      ModelKind: EnumTypeDefinition
      ModelStatus: EnumTypeDefinition
      PredictAdherenceRequest: MessageTypeDefinition<_vigil_v1_PredictAdherenceRequest, _vigil_v1_PredictAdherenceRequest__Output>
      Reason: MessageTypeDefinition<_vigil_v1_Reason, _vigil_v1_Reason__Output>
      ReasonCode: EnumTypeDefinition
      RejectedFrame: MessageTypeDefinition<_vigil_v1_RejectedFrame, _vigil_v1_RejectedFrame__Output>
      RiskBand: EnumTypeDefinition
      Scoring: SubtypeConstructor<typeof grpc.Client, _vigil_v1_ScoringClient> & { service: _vigil_v1_ScoringDefinition }
      SealedFrame: MessageTypeDefinition<_vigil_v1_SealedFrame, _vigil_v1_SealedFrame__Output>
      TelemetryFinding: EnumTypeDefinition
      TelemetryScore: MessageTypeDefinition<_vigil_v1_TelemetryScore, _vigil_v1_TelemetryScore__Output>
      TelemetryWindow: MessageTypeDefinition<_vigil_v1_TelemetryWindow, _vigil_v1_TelemetryWindow__Output>
      Verdict: EnumTypeDefinition
      WatchAlertsRequest: MessageTypeDefinition<_vigil_v1_WatchAlertsRequest, _vigil_v1_WatchAlertsRequest__Output>
    }
  }
}

