// Original file: proto/vigil/v1/common.proto

/**
 * Kinds of model Vigil trains and deploys.
 */
export const ModelKind = {
  MODEL_KIND_UNSPECIFIED: 'MODEL_KIND_UNSPECIFIED',
  /**
   * Autoencoder over the context of one dose command.
   */
  MODEL_KIND_DOSE_AUTOENCODER: 'MODEL_KIND_DOSE_AUTOENCODER',
  /**
   * Autoencoder over 60-minute windows of CGM, delivery and heart rate.
   */
  MODEL_KIND_TELEMETRY_AUTOENCODER: 'MODEL_KIND_TELEMETRY_AUTOENCODER',
  /**
   * Adherence-risk model (miss next dose; PDC below 80% over 7 days).
   */
  MODEL_KIND_ADHERENCE: 'MODEL_KIND_ADHERENCE',
} as const;

/**
 * Kinds of model Vigil trains and deploys.
 */
export type ModelKind =
  | 'MODEL_KIND_UNSPECIFIED'
  | 0
  /**
   * Autoencoder over the context of one dose command.
   */
  | 'MODEL_KIND_DOSE_AUTOENCODER'
  | 1
  /**
   * Autoencoder over 60-minute windows of CGM, delivery and heart rate.
   */
  | 'MODEL_KIND_TELEMETRY_AUTOENCODER'
  | 2
  /**
   * Adherence-risk model (miss next dose; PDC below 80% over 7 days).
   */
  | 'MODEL_KIND_ADHERENCE'
  | 3

/**
 * Kinds of model Vigil trains and deploys.
 */
export type ModelKind__Output = typeof ModelKind[keyof typeof ModelKind]
