// Original file: proto/vigil/v1/federation.proto

import type { UpdateHeader as _vigil_v1_UpdateHeader, UpdateHeader__Output as _vigil_v1_UpdateHeader__Output } from '../../vigil/v1/UpdateHeader.js';
import type { CiphertextChunk as _vigil_v1_CiphertextChunk, CiphertextChunk__Output as _vigil_v1_CiphertextChunk__Output } from '../../vigil/v1/CiphertextChunk.js';
import type { UpdateTrailer as _vigil_v1_UpdateTrailer, UpdateTrailer__Output as _vigil_v1_UpdateTrailer__Output } from '../../vigil/v1/UpdateTrailer.js';

/**
 * One message of an update stream.
 */
export interface UpdateChunk {
  'header'?: (_vigil_v1_UpdateHeader | null);
  'chunk'?: (_vigil_v1_CiphertextChunk | null);
  'trailer'?: (_vigil_v1_UpdateTrailer | null);
  'part'?: "header"|"chunk"|"trailer";
}

/**
 * One message of an update stream.
 */
export interface UpdateChunk__Output {
  'header'?: (_vigil_v1_UpdateHeader__Output | null);
  'chunk'?: (_vigil_v1_CiphertextChunk__Output | null);
  'trailer'?: (_vigil_v1_UpdateTrailer__Output | null);
  'part'?: "header"|"chunk"|"trailer";
}
