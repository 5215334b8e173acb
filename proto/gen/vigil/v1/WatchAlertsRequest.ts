// Original file: proto/vigil/v1/scoring.proto

import type { AlertSeverity as _vigil_v1_AlertSeverity, AlertSeverity__Output as _vigil_v1_AlertSeverity__Output } from '../../vigil/v1/AlertSeverity.js';

/**
 * Which alerts to stream.
 */
export interface WatchAlertsRequest {
  /**
   * Only alerts at or above this severity (UNSPECIFIED = all).
   */
  'minSeverity'?: (_vigil_v1_AlertSeverity);
  /**
   * Only these patients (empty = all).
   */
  'patientIds'?: (string)[];
}

/**
 * Which alerts to stream.
 */
export interface WatchAlertsRequest__Output {
  /**
   * Only alerts at or above this severity (UNSPECIFIED = all).
   */
  'minSeverity': (_vigil_v1_AlertSeverity__Output);
  /**
   * Only these patients (empty = all).
   */
  'patientIds': (string)[];
}
