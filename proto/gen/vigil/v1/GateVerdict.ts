// Original file: proto/vigil/v1/scoring.proto

import type { Verdict as _vigil_v1_Verdict, Verdict__Output as _vigil_v1_Verdict__Output } from '../../vigil/v1/Verdict.js';
import type { Reason as _vigil_v1_Reason, Reason__Output as _vigil_v1_Reason__Output } from '../../vigil/v1/Reason.js';
import type { ModelStatus as _vigil_v1_ModelStatus, ModelStatus__Output as _vigil_v1_ModelStatus__Output } from '../../vigil/v1/ModelStatus.js';
import type { FeatureAttribution as _vigil_v1_FeatureAttribution, FeatureAttribution__Output as _vigil_v1_FeatureAttribution__Output } from '../../vigil/v1/FeatureAttribution.js';
import type { AuditRef as _vigil_v1_AuditRef, AuditRef__Output as _vigil_v1_AuditRef__Output } from '../../vigil/v1/AuditRef.js';
import type { Long } from '@grpc/proto-loader';

/**
 * The gate's answer to one dose command.
 */
export interface GateVerdict {
  /**
   * The command this verdict is for.
   */
  'commandId'?: (string);
  /**
   * ALLOW, HOLD or REJECT.
   */
  'verdict'?: (_vigil_v1_Verdict);
  /**
   * Every reason that contributed, in stage order.
   */
  'reasons'?: (_vigil_v1_Reason)[];
  /**
   * Standardised reconstruction error of the command in its context (0 when not scored).
   */
  'anomalyScore'?: (number | string);
  /**
   * Threshold the score was compared with.
   */
  'anomalyThreshold'?: (number | string);
  /**
   * SHA-256 version of the model that scored it (empty when rules only).
   */
  'modelVersion'?: (string);
  /**
   * Whether the model stage ran.
   */
  'modelStatus'?: (_vigil_v1_ModelStatus);
  /**
   * Features that contributed most to the anomaly score.
   */
  'attributions'?: (_vigil_v1_FeatureAttribution)[];
  /**
   * Set when verdict is HOLD: id to pass to ConfirmDose.
   */
  'holdId'?: (string);
  /**
   * Set when verdict is HOLD: after this time the hold can no longer be confirmed, epoch ms.
   */
  'holdExpiresAtMs'?: (number | string | Long);
  /**
   * The verdict's entry in the edge node's audit log (durable before this reply).
   */
  'audit'?: (_vigil_v1_AuditRef | null);
  /**
   * True when a burst of anomalies on this pump recommends suspending it.
   */
  'suspendRecommended'?: (boolean);
  /**
   * When the gate decided, epoch ms.
   */
  'decidedAtMs'?: (number | string | Long);
  /**
   * Insulin on board when the command arrived, U.
   */
  'insulinOnBoardU'?: (number | string);
  /**
   * Glucose predicted after the dose from the correction factor, mg/dL (0 when unknown).
   */
  'predictedGlucoseMgDl'?: (number | string);
}

/**
 * The gate's answer to one dose command.
 */
export interface GateVerdict__Output {
  /**
   * The command this verdict is for.
   */
  'commandId': (string);
  /**
   * ALLOW, HOLD or REJECT.
   */
  'verdict': (_vigil_v1_Verdict__Output);
  /**
   * Every reason that contributed, in stage order.
   */
  'reasons': (_vigil_v1_Reason__Output)[];
  /**
   * Standardised reconstruction error of the command in its context (0 when not scored).
   */
  'anomalyScore': (number);
  /**
   * Threshold the score was compared with.
   */
  'anomalyThreshold': (number);
  /**
   * SHA-256 version of the model that scored it (empty when rules only).
   */
  'modelVersion': (string);
  /**
   * Whether the model stage ran.
   */
  'modelStatus': (_vigil_v1_ModelStatus__Output);
  /**
   * Features that contributed most to the anomaly score.
   */
  'attributions': (_vigil_v1_FeatureAttribution__Output)[];
  /**
   * Set when verdict is HOLD: id to pass to ConfirmDose.
   */
  'holdId': (string);
  /**
   * Set when verdict is HOLD: after this time the hold can no longer be confirmed, epoch ms.
   */
  'holdExpiresAtMs': (number);
  /**
   * The verdict's entry in the edge node's audit log (durable before this reply).
   */
  'audit': (_vigil_v1_AuditRef__Output | null);
  /**
   * True when a burst of anomalies on this pump recommends suspending it.
   */
  'suspendRecommended': (boolean);
  /**
   * When the gate decided, epoch ms.
   */
  'decidedAtMs': (number);
  /**
   * Insulin on board when the command arrived, U.
   */
  'insulinOnBoardU': (number);
  /**
   * Glucose predicted after the dose from the correction factor, mg/dL (0 when unknown).
   */
  'predictedGlucoseMgDl': (number);
}
