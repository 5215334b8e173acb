// Original file: proto/vigil/v1/federation.proto

import type { ModelKind as _vigil_v1_ModelKind, ModelKind__Output as _vigil_v1_ModelKind__Output } from '../../vigil/v1/ModelKind.js';

/**
 * A node announcing itself.
 */
export interface JoinRequest {
  /**
   * Software version of the edge node.
   */
  'softwareVersion'?: (string);
  /**
   * Model kinds the node can train.
   */
  'modelKinds'?: (_vigil_v1_ModelKind)[];
  /**
   * Fingerprint of the CKKS keyset the node holds (must match the coordinator's public context).
   */
  'keysetFingerprintHex'?: (string);
  /**
   * C2SP signed-note verifier key of the node's audit log (`<name>+<key hash hex>+<base64 key>`);
   * the coordinator checks the node's tree heads with it.
   */
  'auditVerifierKey'?: (string);
  /**
   * Origin line of the node's audit-log checkpoints (e.g. `vigil/edge/icu`).
   */
  'auditOrigin'?: (string);
}

/**
 * A node announcing itself.
 */
export interface JoinRequest__Output {
  /**
   * Software version of the edge node.
   */
  'softwareVersion': (string);
  /**
   * Model kinds the node can train.
   */
  'modelKinds': (_vigil_v1_ModelKind__Output)[];
  /**
   * Fingerprint of the CKKS keyset the node holds (must match the coordinator's public context).
   */
  'keysetFingerprintHex': (string);
  /**
   * C2SP signed-note verifier key of the node's audit log (`<name>+<key hash hex>+<base64 key>`);
   * the coordinator checks the node's tree heads with it.
   */
  'auditVerifierKey': (string);
  /**
   * Origin line of the node's audit-log checkpoints (e.g. `vigil/edge/icu`).
   */
  'auditOrigin': (string);
}
