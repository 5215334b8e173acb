// Original file: proto/vigil/v1/scoring.proto

import type { AlertKind as _vigil_v1_AlertKind, AlertKind__Output as _vigil_v1_AlertKind__Output } from '../../vigil/v1/AlertKind.js';
import type { AlertSeverity as _vigil_v1_AlertSeverity, AlertSeverity__Output as _vigil_v1_AlertSeverity__Output } from '../../vigil/v1/AlertSeverity.js';
import type { AuditRef as _vigil_v1_AuditRef, AuditRef__Output as _vigil_v1_AuditRef__Output } from '../../vigil/v1/AuditRef.js';
import type { Long } from '@grpc/proto-loader';

/**
 * An alert raised by the edge node.
 */
export interface Alert {
  /**
   * Unique id.
   */
  'alertId'?: (string);
  /**
   * What it is about.
   */
  'kind'?: (_vigil_v1_AlertKind);
  /**
   * How urgent.
   */
  'severity'?: (_vigil_v1_AlertSeverity);
  /**
   * Pseudonymous patient id (empty for device-only alerts).
   */
  'patientId'?: (string);
  /**
   * Device concerned (empty when none).
   */
  'deviceId'?: (string);
  /**
   * When it was raised, epoch ms.
   */
  'raisedAtMs'?: (number | string | Long);
  /**
   * One sentence, no patient identity.
   */
  'message'?: (string);
  /**
   * The alert's audit-log entry.
   */
  'audit'?: (_vigil_v1_AuditRef | null);
}

/**
 * An alert raised by the edge node.
 */
export interface Alert__Output {
  /**
   * Unique id.
   */
  'alertId': (string);
  /**
   * What it is about.
   */
  'kind': (_vigil_v1_AlertKind__Output);
  /**
   * How urgent.
   */
  'severity': (_vigil_v1_AlertSeverity__Output);
  /**
   * Pseudonymous patient id (empty for device-only alerts).
   */
  'patientId': (string);
  /**
   * Device concerned (empty when none).
   */
  'deviceId': (string);
  /**
   * When it was raised, epoch ms.
   */
  'raisedAtMs': (number);
  /**
   * One sentence, no patient identity.
   */
  'message': (string);
  /**
   * The alert's audit-log entry.
   */
  'audit': (_vigil_v1_AuditRef__Output | null);
}
