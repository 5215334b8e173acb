// Original file: proto/vigil/v1/federation.proto

import type { ModelKind as _vigil_v1_ModelKind, ModelKind__Output as _vigil_v1_ModelKind__Output } from '../../vigil/v1/ModelKind.js';

/**
 * Asks for work.
 */
export interface GetRoundPlanRequest {
  /**
   * Restrict to one model kind (UNSPECIFIED = any).
   */
  'modelKind'?: (_vigil_v1_ModelKind);
}

/**
 * Asks for work.
 */
export interface GetRoundPlanRequest__Output {
  /**
   * Restrict to one model kind (UNSPECIFIED = any).
   */
  'modelKind': (_vigil_v1_ModelKind__Output);
}
