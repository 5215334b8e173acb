// Original file: proto/vigil/v1/scoring.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A window of telemetry for one patient, sampled once a minute, oldest first.
 */
export interface TelemetryWindow {
  /**
   * Caller's id for the window, echoed in the score.
   */
  'windowId'?: (string);
  /**
   * Pseudonymous patient id.
   */
  'patientId'?: (string);
  /**
   * Pump or sensor the window comes from.
   */
  'deviceId'?: (string);
  /**
   * End of the window (time of the last sample), epoch ms.
   */
  'endAtMs'?: (number | string | Long);
  /**
   * CGM glucose per minute, mg/dL; 0 marks a missing reading. A CGM that reads every 3-5 min is
   * interpolated to one value a minute by the caller (gaps over 15 min left missing); readings only at
   * their own minute with 0 between would trip the dropout rule.
   */
  'cgmMgDl'?: (number | string)[];
  /**
   * Insulin delivered per minute, U.
   */
  'deliveredU'?: (number | string)[];
  /**
   * Heart rate per minute, beats/min; 0 marks a missing reading.
   */
  'heartRateBpm'?: (number | string)[];
  /**
   * Pump line/occlusion pressure per minute, kPa.
   */
  'linePressureKpa'?: (number | string)[];
  /**
   * Commanded delivery per minute, U (to compare with delivered_u).
   */
  'commandedU'?: (number | string)[];
}

/**
 * A window of telemetry for one patient, sampled once a minute, oldest first.
 */
export interface TelemetryWindow__Output {
  /**
   * Caller's id for the window, echoed in the score.
   */
  'windowId': (string);
  /**
   * Pseudonymous patient id.
   */
  'patientId': (string);
  /**
   * Pump or sensor the window comes from.
   */
  'deviceId': (string);
  /**
   * End of the window (time of the last sample), epoch ms.
   */
  'endAtMs': (number);
  /**
   * CGM glucose per minute, mg/dL; 0 marks a missing reading. A CGM that reads every 3-5 min is
   * interpolated to one value a minute by the caller (gaps over 15 min left missing); readings only at
   * their own minute with 0 between would trip the dropout rule.
   */
  'cgmMgDl': (number)[];
  /**
   * Insulin delivered per minute, U.
   */
  'deliveredU': (number)[];
  /**
   * Heart rate per minute, beats/min; 0 marks a missing reading.
   */
  'heartRateBpm': (number)[];
  /**
   * Pump line/occlusion pressure per minute, kPa.
   */
  'linePressureKpa': (number)[];
  /**
   * Commanded delivery per minute, U (to compare with delivered_u).
   */
  'commandedU': (number)[];
}
