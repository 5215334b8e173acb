// Original file: /work/main/proto/vigil/v1/federation.proto

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
   * Ed25519 public key of the node's audit log, base64 (for its tree heads).
   */
  'auditPublicKeyBase64'?: (string);
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
   * Ed25519 public key of the node's audit log, base64 (for its tree heads).
   */
  'auditPublicKeyBase64': (string);
}
