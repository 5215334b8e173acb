// Original file: proto/vigil/v1/scoring.proto

import type { ReasonCode as _vigil_v1_ReasonCode, ReasonCode__Output as _vigil_v1_ReasonCode__Output } from '../../vigil/v1/ReasonCode.js';

/**
 * One reason with its human text.
 */
export interface Reason {
  /**
   * Machine-readable code.
   */
  'code'?: (_vigil_v1_ReasonCode);
  /**
   * One sentence for the clinician, with the numbers that triggered it.
   */
  'text'?: (string);
}

/**
 * One reason with its human text.
 */
export interface Reason__Output {
  /**
   * Machine-readable code.
   */
  'code': (_vigil_v1_ReasonCode__Output);
  /**
   * One sentence for the clinician, with the numbers that triggered it.
   */
  'text': (string);
}
