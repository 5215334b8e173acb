// Original file: proto/vigil/v1/scoring.proto


/**
 * Infusion-pump part of a dose command, checked against the drug library.
 */
export interface InfusionDose {
  /**
   * Drug-library entry, e.g. "insulin-regular-iv".
   */
  'drugId'?: (string);
  /**
   * Care area whose limits apply, e.g. "icu".
   */
  'careArea'?: (string);
  /**
   * Dose in `dose_unit`.
   */
  'dose'?: (number | string);
  /**
   * Unit of `dose` as the library states it, e.g. "unit/h", "mcg/kg/min".
   */
  'doseUnit'?: (string);
  /**
   * Pump rate in mL/h.
   */
  'rateMlPerHour'?: (number | string);
}

/**
 * Infusion-pump part of a dose command, checked against the drug library.
 */
export interface InfusionDose__Output {
  /**
   * Drug-library entry, e.g. "insulin-regular-iv".
   */
  'drugId': (string);
  /**
   * Care area whose limits apply, e.g. "icu".
   */
  'careArea': (string);
  /**
   * Dose in `dose_unit`.
   */
  'dose': (number);
  /**
   * Unit of `dose` as the library states it, e.g. "unit/h", "mcg/kg/min".
   */
  'doseUnit': (string);
  /**
   * Pump rate in mL/h.
   */
  'rateMlPerHour': (number);
}
