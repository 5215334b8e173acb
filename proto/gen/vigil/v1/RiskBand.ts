// Original file: proto/vigil/v1/scoring.proto

/**
 * Coarse risk band for display.
 */
export const RiskBand = {
  RISK_BAND_UNSPECIFIED: 'RISK_BAND_UNSPECIFIED',
  RISK_BAND_LOW: 'RISK_BAND_LOW',
  RISK_BAND_MEDIUM: 'RISK_BAND_MEDIUM',
  RISK_BAND_HIGH: 'RISK_BAND_HIGH',
} as const;

/**
 * Coarse risk band for display.
 */
export type RiskBand =
  | 'RISK_BAND_UNSPECIFIED'
  | 0
  | 'RISK_BAND_LOW'
  | 1
  | 'RISK_BAND_MEDIUM'
  | 2
  | 'RISK_BAND_HIGH'
  | 3

/**
 * Coarse risk band for display.
 */
export type RiskBand__Output = typeof RiskBand[keyof typeof RiskBand]
