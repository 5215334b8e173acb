// Original file: proto/vigil/v1/scoring.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AdherencePrediction as _vigil_v1_AdherencePrediction, AdherencePrediction__Output as _vigil_v1_AdherencePrediction__Output } from '../../vigil/v1/AdherencePrediction.js';
import type { Alert as _vigil_v1_Alert, Alert__Output as _vigil_v1_Alert__Output } from '../../vigil/v1/Alert.js';
import type { ConfirmDoseRequest as _vigil_v1_ConfirmDoseRequest, ConfirmDoseRequest__Output as _vigil_v1_ConfirmDoseRequest__Output } from '../../vigil/v1/ConfirmDoseRequest.js';
import type { ConfirmDoseResponse as _vigil_v1_ConfirmDoseResponse, ConfirmDoseResponse__Output as _vigil_v1_ConfirmDoseResponse__Output } from '../../vigil/v1/ConfirmDoseResponse.js';
import type { DoseCommand as _vigil_v1_DoseCommand, DoseCommand__Output as _vigil_v1_DoseCommand__Output } from '../../vigil/v1/DoseCommand.js';
import type { GateVerdict as _vigil_v1_GateVerdict, GateVerdict__Output as _vigil_v1_GateVerdict__Output } from '../../vigil/v1/GateVerdict.js';
import type { IngestSummary as _vigil_v1_IngestSummary, IngestSummary__Output as _vigil_v1_IngestSummary__Output } from '../../vigil/v1/IngestSummary.js';
import type { PredictAdherenceRequest as _vigil_v1_PredictAdherenceRequest, PredictAdherenceRequest__Output as _vigil_v1_PredictAdherenceRequest__Output } from '../../vigil/v1/PredictAdherenceRequest.js';
import type { SealedFrame as _vigil_v1_SealedFrame, SealedFrame__Output as _vigil_v1_SealedFrame__Output } from '../../vigil/v1/SealedFrame.js';
import type { TelemetryScore as _vigil_v1_TelemetryScore, TelemetryScore__Output as _vigil_v1_TelemetryScore__Output } from '../../vigil/v1/TelemetryScore.js';
import type { TelemetryWindow as _vigil_v1_TelemetryWindow, TelemetryWindow__Output as _vigil_v1_TelemetryWindow__Output } from '../../vigil/v1/TelemetryWindow.js';
import type { WatchAlertsRequest as _vigil_v1_WatchAlertsRequest, WatchAlertsRequest__Output as _vigil_v1_WatchAlertsRequest__Output } from '../../vigil/v1/WatchAlertsRequest.js';

export interface ScoringClient extends grpc.Client {
  /**
   * Releases or declines a held dose with a clinician's TOTP. Role: clinician.
   */
  ConfirmDose(argument: _vigil_v1_ConfirmDoseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_ConfirmDoseResponse__Output>): grpc.ClientUnaryCall;
  ConfirmDose(argument: _vigil_v1_ConfirmDoseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_ConfirmDoseResponse__Output>): grpc.ClientUnaryCall;
  ConfirmDose(argument: _vigil_v1_ConfirmDoseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_ConfirmDoseResponse__Output>): grpc.ClientUnaryCall;
  ConfirmDose(argument: _vigil_v1_ConfirmDoseRequest, callback: grpc.requestCallback<_vigil_v1_ConfirmDoseResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Releases or declines a held dose with a clinician's TOTP. Role: clinician.
   */
  confirmDose(argument: _vigil_v1_ConfirmDoseRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_ConfirmDoseResponse__Output>): grpc.ClientUnaryCall;
  confirmDose(argument: _vigil_v1_ConfirmDoseRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_ConfirmDoseResponse__Output>): grpc.ClientUnaryCall;
  confirmDose(argument: _vigil_v1_ConfirmDoseRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_ConfirmDoseResponse__Output>): grpc.ClientUnaryCall;
  confirmDose(argument: _vigil_v1_ConfirmDoseRequest, callback: grpc.requestCallback<_vigil_v1_ConfirmDoseResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Gates one dose command: ALLOW, HOLD or REJECT with reasons. Role: gateway.
   */
  GateDose(argument: _vigil_v1_DoseCommand, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_GateVerdict__Output>): grpc.ClientUnaryCall;
  GateDose(argument: _vigil_v1_DoseCommand, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_GateVerdict__Output>): grpc.ClientUnaryCall;
  GateDose(argument: _vigil_v1_DoseCommand, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_GateVerdict__Output>): grpc.ClientUnaryCall;
  GateDose(argument: _vigil_v1_DoseCommand, callback: grpc.requestCallback<_vigil_v1_GateVerdict__Output>): grpc.ClientUnaryCall;
  /**
   * Gates one dose command: ALLOW, HOLD or REJECT with reasons. Role: gateway.
   */
  gateDose(argument: _vigil_v1_DoseCommand, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_GateVerdict__Output>): grpc.ClientUnaryCall;
  gateDose(argument: _vigil_v1_DoseCommand, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_GateVerdict__Output>): grpc.ClientUnaryCall;
  gateDose(argument: _vigil_v1_DoseCommand, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_GateVerdict__Output>): grpc.ClientUnaryCall;
  gateDose(argument: _vigil_v1_DoseCommand, callback: grpc.requestCallback<_vigil_v1_GateVerdict__Output>): grpc.ClientUnaryCall;
  
  /**
   * Gates a stream of dose commands; each verdict is sent once it is durable. Role: gateway.
   */
  GateDoseStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_vigil_v1_DoseCommand, _vigil_v1_GateVerdict__Output>;
  GateDoseStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_vigil_v1_DoseCommand, _vigil_v1_GateVerdict__Output>;
  /**
   * Gates a stream of dose commands; each verdict is sent once it is durable. Role: gateway.
   */
  gateDoseStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_vigil_v1_DoseCommand, _vigil_v1_GateVerdict__Output>;
  gateDoseStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_vigil_v1_DoseCommand, _vigil_v1_GateVerdict__Output>;
  
  /**
   * Takes device frames sealed with Ascon-AEAD128, forwarded unopened. Role: gateway.
   */
  Ingest(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_IngestSummary__Output>): grpc.ClientWritableStream<_vigil_v1_SealedFrame>;
  Ingest(metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_IngestSummary__Output>): grpc.ClientWritableStream<_vigil_v1_SealedFrame>;
  Ingest(options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_IngestSummary__Output>): grpc.ClientWritableStream<_vigil_v1_SealedFrame>;
  Ingest(callback: grpc.requestCallback<_vigil_v1_IngestSummary__Output>): grpc.ClientWritableStream<_vigil_v1_SealedFrame>;
  /**
   * Takes device frames sealed with Ascon-AEAD128, forwarded unopened. Role: gateway.
   */
  ingest(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_IngestSummary__Output>): grpc.ClientWritableStream<_vigil_v1_SealedFrame>;
  ingest(metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_IngestSummary__Output>): grpc.ClientWritableStream<_vigil_v1_SealedFrame>;
  ingest(options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_IngestSummary__Output>): grpc.ClientWritableStream<_vigil_v1_SealedFrame>;
  ingest(callback: grpc.requestCallback<_vigil_v1_IngestSummary__Output>): grpc.ClientWritableStream<_vigil_v1_SealedFrame>;
  
  /**
   * Predicts a patient's risk of missing doses. Roles: gateway, clinician.
   */
  PredictAdherence(argument: _vigil_v1_PredictAdherenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_AdherencePrediction__Output>): grpc.ClientUnaryCall;
  PredictAdherence(argument: _vigil_v1_PredictAdherenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_AdherencePrediction__Output>): grpc.ClientUnaryCall;
  PredictAdherence(argument: _vigil_v1_PredictAdherenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_AdherencePrediction__Output>): grpc.ClientUnaryCall;
  PredictAdherence(argument: _vigil_v1_PredictAdherenceRequest, callback: grpc.requestCallback<_vigil_v1_AdherencePrediction__Output>): grpc.ClientUnaryCall;
  /**
   * Predicts a patient's risk of missing doses. Roles: gateway, clinician.
   */
  predictAdherence(argument: _vigil_v1_PredictAdherenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_AdherencePrediction__Output>): grpc.ClientUnaryCall;
  predictAdherence(argument: _vigil_v1_PredictAdherenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_AdherencePrediction__Output>): grpc.ClientUnaryCall;
  predictAdherence(argument: _vigil_v1_PredictAdherenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_AdherencePrediction__Output>): grpc.ClientUnaryCall;
  predictAdherence(argument: _vigil_v1_PredictAdherenceRequest, callback: grpc.requestCallback<_vigil_v1_AdherencePrediction__Output>): grpc.ClientUnaryCall;
  
  /**
   * Scores windows of telemetry as they arrive. Role: gateway.
   */
  ScoreTelemetry(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_vigil_v1_TelemetryWindow, _vigil_v1_TelemetryScore__Output>;
  ScoreTelemetry(options?: grpc.CallOptions): grpc.ClientDuplexStream<_vigil_v1_TelemetryWindow, _vigil_v1_TelemetryScore__Output>;
  /**
   * Scores windows of telemetry as they arrive. Role: gateway.
   */
  scoreTelemetry(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_vigil_v1_TelemetryWindow, _vigil_v1_TelemetryScore__Output>;
  scoreTelemetry(options?: grpc.CallOptions): grpc.ClientDuplexStream<_vigil_v1_TelemetryWindow, _vigil_v1_TelemetryScore__Output>;
  
  /**
   * Streams alerts (suspend recommendations, anomaly bursts, adherence risk). Roles: gateway, clinician.
   */
  WatchAlerts(argument: _vigil_v1_WatchAlertsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_Alert__Output>;
  WatchAlerts(argument: _vigil_v1_WatchAlertsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_Alert__Output>;
  /**
   * Streams alerts (suspend recommendations, anomaly bursts, adherence risk). Roles: gateway, clinician.
   */
  watchAlerts(argument: _vigil_v1_WatchAlertsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_Alert__Output>;
  watchAlerts(argument: _vigil_v1_WatchAlertsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_Alert__Output>;
  
}

export interface ScoringHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Releases or declines a held dose with a clinician's TOTP. Role: clinician.
   */
  ConfirmDose: grpc.handleUnaryCall<_vigil_v1_ConfirmDoseRequest__Output, _vigil_v1_ConfirmDoseResponse>;
  
  /**
   * Gates one dose command: ALLOW, HOLD or REJECT with reasons. Role: gateway.
   */
  GateDose: grpc.handleUnaryCall<_vigil_v1_DoseCommand__Output, _vigil_v1_GateVerdict>;
  
  /**
   * Gates a stream of dose commands; each verdict is sent once it is durable. Role: gateway.
   */
  GateDoseStream: grpc.handleBidiStreamingCall<_vigil_v1_DoseCommand__Output, _vigil_v1_GateVerdict>;
  
  /**
   * Takes device frames sealed with Ascon-AEAD128, forwarded unopened. Role: gateway.
   */
  Ingest: grpc.handleClientStreamingCall<_vigil_v1_SealedFrame__Output, _vigil_v1_IngestSummary>;
  
  /**
   * Predicts a patient's risk of missing doses. Roles: gateway, clinician.
   */
  PredictAdherence: grpc.handleUnaryCall<_vigil_v1_PredictAdherenceRequest__Output, _vigil_v1_AdherencePrediction>;
  
  /**
   * Scores windows of telemetry as they arrive. Role: gateway.
   */
  ScoreTelemetry: grpc.handleBidiStreamingCall<_vigil_v1_TelemetryWindow__Output, _vigil_v1_TelemetryScore>;
  
  /**
   * Streams alerts (suspend recommendations, anomaly bursts, adherence risk). Roles: gateway, clinician.
   */
  WatchAlerts: grpc.handleServerStreamingCall<_vigil_v1_WatchAlertsRequest__Output, _vigil_v1_Alert>;
  
}

export interface ScoringDefinition extends grpc.ServiceDefinition {
  ConfirmDose: MethodDefinition<_vigil_v1_ConfirmDoseRequest, _vigil_v1_ConfirmDoseResponse, _vigil_v1_ConfirmDoseRequest__Output, _vigil_v1_ConfirmDoseResponse__Output>
  GateDose: MethodDefinition<_vigil_v1_DoseCommand, _vigil_v1_GateVerdict, _vigil_v1_DoseCommand__Output, _vigil_v1_GateVerdict__Output>
  GateDoseStream: MethodDefinition<_vigil_v1_DoseCommand, _vigil_v1_GateVerdict, _vigil_v1_DoseCommand__Output, _vigil_v1_GateVerdict__Output>
  Ingest: MethodDefinition<_vigil_v1_SealedFrame, _vigil_v1_IngestSummary, _vigil_v1_SealedFrame__Output, _vigil_v1_IngestSummary__Output>
  PredictAdherence: MethodDefinition<_vigil_v1_PredictAdherenceRequest, _vigil_v1_AdherencePrediction, _vigil_v1_PredictAdherenceRequest__Output, _vigil_v1_AdherencePrediction__Output>
  ScoreTelemetry: MethodDefinition<_vigil_v1_TelemetryWindow, _vigil_v1_TelemetryScore, _vigil_v1_TelemetryWindow__Output, _vigil_v1_TelemetryScore__Output>
  WatchAlerts: MethodDefinition<_vigil_v1_WatchAlertsRequest, _vigil_v1_Alert, _vigil_v1_WatchAlertsRequest__Output, _vigil_v1_Alert__Output>
}
