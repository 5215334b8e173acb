// Original file: proto/vigil/v1/scoring.proto

import type { TelemetryFinding as _vigil_v1_TelemetryFinding, TelemetryFinding__Output as _vigil_v1_TelemetryFinding__Output } from '../../vigil/v1/TelemetryFinding.js';
import type { FeatureAttribution as _vigil_v1_FeatureAttribution, FeatureAttribution__Output as _vigil_v1_FeatureAttribution__Output } from '../../vigil/v1/FeatureAttribution.js';

/**
 * The score of one telemetry window.
 */
export interface TelemetryScore {
  /**
   * From TelemetryWindow.window_id.
   */
  'windowId'?: (string);
  /**
   * Standardised reconstruction error (0 when no model is deployed).
   */
  'anomalyScore'?: (number | string);
  /**
   * Threshold the score was compared with.
   */
  'anomalyThreshold'?: (number | string);
  /**
   * True when any finding was raised.
   */
  'anomalous'?: (boolean);
  /**
   * Findings, rules first, then the model.
   */
  'findings'?: (_vigil_v1_TelemetryFinding)[];
  /**
   * Features that contributed most to the score.
   */
  'attributions'?: (_vigil_v1_FeatureAttribution)[];
  /**
   * Version of the telemetry model (empty when rules only).
   */
  'modelVersion'?: (string);
}

/**
 * The score of one telemetry window.
 */
export interface TelemetryScore__Output {
  /**
   * From TelemetryWindow.window_id.
   */
  'windowId': (string);
  /**
   * Standardised reconstruction error (0 when no model is deployed).
   */
  'anomalyScore': (number);
  /**
   * Threshold the score was compared with.
   */
  'anomalyThreshold': (number);
  /**
   * True when any finding was raised.
   */
  'anomalous': (boolean);
  /**
   * Findings, rules first, then the model.
   */
  'findings': (_vigil_v1_TelemetryFinding__Output)[];
  /**
   * Features that contributed most to the score.
   */
  'attributions': (_vigil_v1_FeatureAttribution__Output)[];
  /**
   * Version of the telemetry model (empty when rules only).
   */
  'modelVersion': (string);
}
