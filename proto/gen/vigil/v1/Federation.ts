// Original file: proto/vigil/v1/federation.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AggregateChunk as _vigil_v1_AggregateChunk, AggregateChunk__Output as _vigil_v1_AggregateChunk__Output } from '../../vigil/v1/AggregateChunk.js';
import type { DownloadModelRequest as _vigil_v1_DownloadModelRequest, DownloadModelRequest__Output as _vigil_v1_DownloadModelRequest__Output } from '../../vigil/v1/DownloadModelRequest.js';
import type { EvaluationReport as _vigil_v1_EvaluationReport, EvaluationReport__Output as _vigil_v1_EvaluationReport__Output } from '../../vigil/v1/EvaluationReport.js';
import type { GetAggregateRequest as _vigil_v1_GetAggregateRequest, GetAggregateRequest__Output as _vigil_v1_GetAggregateRequest__Output } from '../../vigil/v1/GetAggregateRequest.js';
import type { GetRoundPlanRequest as _vigil_v1_GetRoundPlanRequest, GetRoundPlanRequest__Output as _vigil_v1_GetRoundPlanRequest__Output } from '../../vigil/v1/GetRoundPlanRequest.js';
import type { JoinRequest as _vigil_v1_JoinRequest, JoinRequest__Output as _vigil_v1_JoinRequest__Output } from '../../vigil/v1/JoinRequest.js';
import type { JoinResponse as _vigil_v1_JoinResponse, JoinResponse__Output as _vigil_v1_JoinResponse__Output } from '../../vigil/v1/JoinResponse.js';
import type { ModelChunk as _vigil_v1_ModelChunk, ModelChunk__Output as _vigil_v1_ModelChunk__Output } from '../../vigil/v1/ModelChunk.js';
import type { PublishTreeHeadRequest as _vigil_v1_PublishTreeHeadRequest, PublishTreeHeadRequest__Output as _vigil_v1_PublishTreeHeadRequest__Output } from '../../vigil/v1/PublishTreeHeadRequest.js';
import type { PublishTreeHeadResponse as _vigil_v1_PublishTreeHeadResponse, PublishTreeHeadResponse__Output as _vigil_v1_PublishTreeHeadResponse__Output } from '../../vigil/v1/PublishTreeHeadResponse.js';
import type { ReportEvaluationResponse as _vigil_v1_ReportEvaluationResponse, ReportEvaluationResponse__Output as _vigil_v1_ReportEvaluationResponse__Output } from '../../vigil/v1/ReportEvaluationResponse.js';
import type { RoundPlan as _vigil_v1_RoundPlan, RoundPlan__Output as _vigil_v1_RoundPlan__Output } from '../../vigil/v1/RoundPlan.js';
import type { SubmitUpdateResponse as _vigil_v1_SubmitUpdateResponse, SubmitUpdateResponse__Output as _vigil_v1_SubmitUpdateResponse__Output } from '../../vigil/v1/SubmitUpdateResponse.js';
import type { UpdateChunk as _vigil_v1_UpdateChunk, UpdateChunk__Output as _vigil_v1_UpdateChunk__Output } from '../../vigil/v1/UpdateChunk.js';

export interface FederationClient extends grpc.Client {
  /**
   * Streams a global model's weights in chunks.
   */
  DownloadModel(argument: _vigil_v1_DownloadModelRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_ModelChunk__Output>;
  DownloadModel(argument: _vigil_v1_DownloadModelRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_ModelChunk__Output>;
  /**
   * Streams a global model's weights in chunks.
   */
  downloadModel(argument: _vigil_v1_DownloadModelRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_ModelChunk__Output>;
  downloadModel(argument: _vigil_v1_DownloadModelRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_ModelChunk__Output>;
  
  /**
   * Streams the encrypted sum of a published round: a header, then the ciphertext chunks.
   */
  GetAggregate(argument: _vigil_v1_GetAggregateRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_AggregateChunk__Output>;
  GetAggregate(argument: _vigil_v1_GetAggregateRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_AggregateChunk__Output>;
  /**
   * Streams the encrypted sum of a published round: a header, then the ciphertext chunks.
   */
  getAggregate(argument: _vigil_v1_GetAggregateRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_AggregateChunk__Output>;
  getAggregate(argument: _vigil_v1_GetAggregateRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_vigil_v1_AggregateChunk__Output>;
  
  /**
   * Returns the round this node should work on, if any.
   */
  GetRoundPlan(argument: _vigil_v1_GetRoundPlanRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_RoundPlan__Output>): grpc.ClientUnaryCall;
  GetRoundPlan(argument: _vigil_v1_GetRoundPlanRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_RoundPlan__Output>): grpc.ClientUnaryCall;
  GetRoundPlan(argument: _vigil_v1_GetRoundPlanRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_RoundPlan__Output>): grpc.ClientUnaryCall;
  GetRoundPlan(argument: _vigil_v1_GetRoundPlanRequest, callback: grpc.requestCallback<_vigil_v1_RoundPlan__Output>): grpc.ClientUnaryCall;
  /**
   * Returns the round this node should work on, if any.
   */
  getRoundPlan(argument: _vigil_v1_GetRoundPlanRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_RoundPlan__Output>): grpc.ClientUnaryCall;
  getRoundPlan(argument: _vigil_v1_GetRoundPlanRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_RoundPlan__Output>): grpc.ClientUnaryCall;
  getRoundPlan(argument: _vigil_v1_GetRoundPlanRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_RoundPlan__Output>): grpc.ClientUnaryCall;
  getRoundPlan(argument: _vigil_v1_GetRoundPlanRequest, callback: grpc.requestCallback<_vigil_v1_RoundPlan__Output>): grpc.ClientUnaryCall;
  
  /**
   * Announces a node (identity from its certificate) and returns the federation's parameters.
   */
  Join(argument: _vigil_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _vigil_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _vigil_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  Join(argument: _vigil_v1_JoinRequest, callback: grpc.requestCallback<_vigil_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Announces a node (identity from its certificate) and returns the federation's parameters.
   */
  join(argument: _vigil_v1_JoinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _vigil_v1_JoinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _vigil_v1_JoinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  join(argument: _vigil_v1_JoinRequest, callback: grpc.requestCallback<_vigil_v1_JoinResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Publishes the node's audit-log signed tree head; the coordinator keeps it as a witness.
   */
  PublishTreeHead(argument: _vigil_v1_PublishTreeHeadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_PublishTreeHeadResponse__Output>): grpc.ClientUnaryCall;
  PublishTreeHead(argument: _vigil_v1_PublishTreeHeadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_PublishTreeHeadResponse__Output>): grpc.ClientUnaryCall;
  PublishTreeHead(argument: _vigil_v1_PublishTreeHeadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_PublishTreeHeadResponse__Output>): grpc.ClientUnaryCall;
  PublishTreeHead(argument: _vigil_v1_PublishTreeHeadRequest, callback: grpc.requestCallback<_vigil_v1_PublishTreeHeadResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Publishes the node's audit-log signed tree head; the coordinator keeps it as a witness.
   */
  publishTreeHead(argument: _vigil_v1_PublishTreeHeadRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_PublishTreeHeadResponse__Output>): grpc.ClientUnaryCall;
  publishTreeHead(argument: _vigil_v1_PublishTreeHeadRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_PublishTreeHeadResponse__Output>): grpc.ClientUnaryCall;
  publishTreeHead(argument: _vigil_v1_PublishTreeHeadRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_PublishTreeHeadResponse__Output>): grpc.ClientUnaryCall;
  publishTreeHead(argument: _vigil_v1_PublishTreeHeadRequest, callback: grpc.requestCallback<_vigil_v1_PublishTreeHeadResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reports a node's evaluation of a round's candidate model and whether it promoted it.
   */
  ReportEvaluation(argument: _vigil_v1_EvaluationReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_ReportEvaluationResponse__Output>): grpc.ClientUnaryCall;
  ReportEvaluation(argument: _vigil_v1_EvaluationReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_ReportEvaluationResponse__Output>): grpc.ClientUnaryCall;
  ReportEvaluation(argument: _vigil_v1_EvaluationReport, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_ReportEvaluationResponse__Output>): grpc.ClientUnaryCall;
  ReportEvaluation(argument: _vigil_v1_EvaluationReport, callback: grpc.requestCallback<_vigil_v1_ReportEvaluationResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reports a node's evaluation of a round's candidate model and whether it promoted it.
   */
  reportEvaluation(argument: _vigil_v1_EvaluationReport, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_ReportEvaluationResponse__Output>): grpc.ClientUnaryCall;
  reportEvaluation(argument: _vigil_v1_EvaluationReport, metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_ReportEvaluationResponse__Output>): grpc.ClientUnaryCall;
  reportEvaluation(argument: _vigil_v1_EvaluationReport, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_ReportEvaluationResponse__Output>): grpc.ClientUnaryCall;
  reportEvaluation(argument: _vigil_v1_EvaluationReport, callback: grpc.requestCallback<_vigil_v1_ReportEvaluationResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams one CKKS-encrypted update: a header, the ciphertext chunks in order, a trailer.
   */
  SubmitUpdate(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_SubmitUpdateResponse__Output>): grpc.ClientWritableStream<_vigil_v1_UpdateChunk>;
  SubmitUpdate(metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_SubmitUpdateResponse__Output>): grpc.ClientWritableStream<_vigil_v1_UpdateChunk>;
  SubmitUpdate(options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_SubmitUpdateResponse__Output>): grpc.ClientWritableStream<_vigil_v1_UpdateChunk>;
  SubmitUpdate(callback: grpc.requestCallback<_vigil_v1_SubmitUpdateResponse__Output>): grpc.ClientWritableStream<_vigil_v1_UpdateChunk>;
  /**
   * Streams one CKKS-encrypted update: a header, the ciphertext chunks in order, a trailer.
   */
  submitUpdate(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_SubmitUpdateResponse__Output>): grpc.ClientWritableStream<_vigil_v1_UpdateChunk>;
  submitUpdate(metadata: grpc.Metadata, callback: grpc.requestCallback<_vigil_v1_SubmitUpdateResponse__Output>): grpc.ClientWritableStream<_vigil_v1_UpdateChunk>;
  submitUpdate(options: grpc.CallOptions, callback: grpc.requestCallback<_vigil_v1_SubmitUpdateResponse__Output>): grpc.ClientWritableStream<_vigil_v1_UpdateChunk>;
  submitUpdate(callback: grpc.requestCallback<_vigil_v1_SubmitUpdateResponse__Output>): grpc.ClientWritableStream<_vigil_v1_UpdateChunk>;
  
}

export interface FederationHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Streams a global model's weights in chunks.
   */
  DownloadModel: grpc.handleServerStreamingCall<_vigil_v1_DownloadModelRequest__Output, _vigil_v1_ModelChunk>;
  
  /**
   * Streams the encrypted sum of a published round: a header, then the ciphertext chunks.
   */
  GetAggregate: grpc.handleServerStreamingCall<_vigil_v1_GetAggregateRequest__Output, _vigil_v1_AggregateChunk>;
  
  /**
   * Returns the round this node should work on, if any.
   */
  GetRoundPlan: grpc.handleUnaryCall<_vigil_v1_GetRoundPlanRequest__Output, _vigil_v1_RoundPlan>;
  
  /**
   * Announces a node (identity from its certificate) and returns the federation's parameters.
   */
  Join: grpc.handleUnaryCall<_vigil_v1_JoinRequest__Output, _vigil_v1_JoinResponse>;
  
  /**
   * Publishes the node's audit-log signed tree head; the coordinator keeps it as a witness.
   */
  PublishTreeHead: grpc.handleUnaryCall<_vigil_v1_PublishTreeHeadRequest__Output, _vigil_v1_PublishTreeHeadResponse>;
  
  /**
   * Reports a node's evaluation of a round's candidate model and whether it promoted it.
   */
  ReportEvaluation: grpc.handleUnaryCall<_vigil_v1_EvaluationReport__Output, _vigil_v1_ReportEvaluationResponse>;
  
  /**
   * Streams one CKKS-encrypted update: a header, the ciphertext chunks in order, a trailer.
   */
  SubmitUpdate: grpc.handleClientStreamingCall<_vigil_v1_UpdateChunk__Output, _vigil_v1_SubmitUpdateResponse>;
  
}

export interface FederationDefinition extends grpc.ServiceDefinition {
  DownloadModel: MethodDefinition<_vigil_v1_DownloadModelRequest, _vigil_v1_ModelChunk, _vigil_v1_DownloadModelRequest__Output, _vigil_v1_ModelChunk__Output>
  GetAggregate: MethodDefinition<_vigil_v1_GetAggregateRequest, _vigil_v1_AggregateChunk, _vigil_v1_GetAggregateRequest__Output, _vigil_v1_AggregateChunk__Output>
  GetRoundPlan: MethodDefinition<_vigil_v1_GetRoundPlanRequest, _vigil_v1_RoundPlan, _vigil_v1_GetRoundPlanRequest__Output, _vigil_v1_RoundPlan__Output>
  Join: MethodDefinition<_vigil_v1_JoinRequest, _vigil_v1_JoinResponse, _vigil_v1_JoinRequest__Output, _vigil_v1_JoinResponse__Output>
  PublishTreeHead: MethodDefinition<_vigil_v1_PublishTreeHeadRequest, _vigil_v1_PublishTreeHeadResponse, _vigil_v1_PublishTreeHeadRequest__Output, _vigil_v1_PublishTreeHeadResponse__Output>
  ReportEvaluation: MethodDefinition<_vigil_v1_EvaluationReport, _vigil_v1_ReportEvaluationResponse, _vigil_v1_EvaluationReport__Output, _vigil_v1_ReportEvaluationResponse__Output>
  SubmitUpdate: MethodDefinition<_vigil_v1_UpdateChunk, _vigil_v1_SubmitUpdateResponse, _vigil_v1_UpdateChunk__Output, _vigil_v1_SubmitUpdateResponse__Output>
}
