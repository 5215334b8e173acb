// Original file: proto/vigil/v1/scoring.proto

/**
 * What a dose command asks the pump to do.
 */
export const DoseKind = {
  DOSE_KIND_UNSPECIFIED: 'DOSE_KIND_UNSPECIFIED',
  /**
   * A bolus of `units` U.
   */
  DOSE_KIND_BOLUS: 'DOSE_KIND_BOLUS',
  /**
   * A new scheduled basal rate of `units` U/h.
   */
  DOSE_KIND_BASAL_RATE: 'DOSE_KIND_BASAL_RATE',
  /**
   * A temporary basal rate of `units` U/h for `duration_minutes`.
   */
  DOSE_KIND_TEMP_BASAL: 'DOSE_KIND_TEMP_BASAL',
  /**
   * Suspend delivery for `duration_minutes` (`units` is 0).
   */
  DOSE_KIND_SUSPEND: 'DOSE_KIND_SUSPEND',
  /**
   * An infusion-pump rate in the drug library's unit (see `infusion`).
   */
  DOSE_KIND_INFUSION_RATE: 'DOSE_KIND_INFUSION_RATE',
  /**
   * An infusion-pump bolus in the drug library's unit (see `infusion`).
   */
  DOSE_KIND_INFUSION_BOLUS: 'DOSE_KIND_INFUSION_BOLUS',
} as const;

/**
 * What a dose command asks the pump to do.
 */
export type DoseKind =
  | 'DOSE_KIND_UNSPECIFIED'
  | 0
  /**
   * A bolus of `units` U.
   */
  | 'DOSE_KIND_BOLUS'
  | 1
  /**
   * A new scheduled basal rate of `units` U/h.
   */
  | 'DOSE_KIND_BASAL_RATE'
  | 2
  /**
   * A temporary basal rate of `units` U/h for `duration_minutes`.
   */
  | 'DOSE_KIND_TEMP_BASAL'
  | 3
  /**
   * Suspend delivery for `duration_minutes` (`units` is 0).
   */
  | 'DOSE_KIND_SUSPEND'
  | 4
  /**
   * An infusion-pump rate in the drug library's unit (see `infusion`).
   */
  | 'DOSE_KIND_INFUSION_RATE'
  | 5
  /**
   * An infusion-pump bolus in the drug library's unit (see `infusion`).
   */
  | 'DOSE_KIND_INFUSION_BOLUS'
  | 6

/**
 * What a dose command asks the pump to do.
 */
export type DoseKind__Output = typeof DoseKind[keyof typeof DoseKind]
