// Original file: proto/vigil/v1/scoring.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Asks for a patient's adherence risk.
 */
export interface PredictAdherenceRequest {
  /**
   * Pseudonymous patient id.
   */
  'patientId'?: (string);
  /**
   * Predict as of this time, epoch ms (0 = now).
   */
  'asOfMs'?: (number | string | Long);
}

/**
 * Asks for a patient's adherence risk.
 */
export interface PredictAdherenceRequest__Output {
  /**
   * Pseudonymous patient id.
   */
  'patientId': (string);
  /**
   * Predict as of this time, epoch ms (0 = now).
   */
  'asOfMs': (number);
}
