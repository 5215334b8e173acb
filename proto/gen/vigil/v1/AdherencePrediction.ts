// Original file: proto/vigil/v1/scoring.proto

import type { RiskBand as _vigil_v1_RiskBand, RiskBand__Output as _vigil_v1_RiskBand__Output } from '../../vigil/v1/RiskBand.js';
import type { FeatureAttribution as _vigil_v1_FeatureAttribution, FeatureAttribution__Output as _vigil_v1_FeatureAttribution__Output } from '../../vigil/v1/FeatureAttribution.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A patient's predicted adherence risk.
 */
export interface AdherencePrediction {
  /**
   * Pseudonymous patient id.
   */
  'patientId'?: (string);
  /**
   * Probability of missing the next scheduled dose (calibrated).
   */
  'pMissNextDose'?: (number | string);
  /**
   * Probability that PDC over the next 7 days falls below 80% (calibrated).
   */
  'pPdcBelow_80Next_7Days'?: (number | string);
  /**
   * Band of p_miss_next_dose.
   */
  'riskBand'?: (_vigil_v1_RiskBand);
  /**
   * Factors that raise or lower the risk most.
   */
  'topFactors'?: (_vigil_v1_FeatureAttribution)[];
  /**
   * Version of the adherence model (empty when the baseline answered).
   */
  'modelVersion'?: (string);
  /**
   * Next scheduled dose, epoch ms.
   */
  'nextDoseAtMs'?: (number | string | Long);
  /**
   * Scheduled doses the prediction looked at.
   */
  'dosesConsidered'?: (number);
  /**
   * True when the risk crossed the configured alert level and an alert was raised.
   */
  'alertRaised'?: (boolean);
}

/**
 * A patient's predicted adherence risk.
 */
export interface AdherencePrediction__Output {
  /**
   * Pseudonymous patient id.
   */
  'patientId': (string);
  /**
   * Probability of missing the next scheduled dose (calibrated).
   */
  'pMissNextDose': (number);
  /**
   * Probability that PDC over the next 7 days falls below 80% (calibrated).
   */
  'pPdcBelow_80Next_7Days': (number);
  /**
   * Band of p_miss_next_dose.
   */
  'riskBand': (_vigil_v1_RiskBand__Output);
  /**
   * Factors that raise or lower the risk most.
   */
  'topFactors': (_vigil_v1_FeatureAttribution__Output)[];
  /**
   * Version of the adherence model (empty when the baseline answered).
   */
  'modelVersion': (string);
  /**
   * Next scheduled dose, epoch ms.
   */
  'nextDoseAtMs': (number);
  /**
   * Scheduled doses the prediction looked at.
   */
  'dosesConsidered': (number);
  /**
   * True when the risk crossed the configured alert level and an alert was raised.
   */
  'alertRaised': (boolean);
}
