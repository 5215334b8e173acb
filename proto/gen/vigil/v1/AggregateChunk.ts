// Original file: proto/vigil/v1/federation.proto

import type { AggregateHeader as _vigil_v1_AggregateHeader, AggregateHeader__Output as _vigil_v1_AggregateHeader__Output } from '../../vigil/v1/AggregateHeader.js';
import type { CiphertextChunk as _vigil_v1_CiphertextChunk, CiphertextChunk__Output as _vigil_v1_CiphertextChunk__Output } from '../../vigil/v1/CiphertextChunk.js';

/**
 * One message of an aggregate stream.
 */
export interface AggregateChunk {
  'header'?: (_vigil_v1_AggregateHeader | null);
  'chunk'?: (_vigil_v1_CiphertextChunk | null);
  'part'?: "header"|"chunk";
}

/**
 * One message of an aggregate stream.
 */
export interface AggregateChunk__Output {
  'header'?: (_vigil_v1_AggregateHeader__Output | null);
  'chunk'?: (_vigil_v1_CiphertextChunk__Output | null);
  'part'?: "header"|"chunk";
}
