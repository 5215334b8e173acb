/**
 * The four site kinds and how patients differ across them (non-IID on purpose, as federated sites do):
 * which virtual patients they draw from, how many carry a smart pillbox, and who has an infusion pump.
 */
import type { SiteKind } from '../records.js';
import type { CareArea } from '../infusion/drug-library.js';

/** What a site's population looks like. */
export interface SiteProfile {
  kind: SiteKind;
  /** Virtual-patient name prefixes this site draws from. */
  virtualPatientPrefixes: readonly ('child' | 'adolescent' | 'adult')[];
  /** Share of patients with a smart pillbox regimen. */
  pillboxShare: number;
  /** Share of patients on an infusion pump, and its care-area profile. */
  infusionShare: number;
  careArea: CareArea;
  /** Sensor and pump models in use (sensor_params.csv / pump_params.csv names). */
  sensors: readonly string[];
  pumps: readonly string[];
}

/** Site kinds: children's hospital (children, adolescents), adult clinic, home care (mixed, most pillboxes), ICU (adults on infusions). */
export const SITE_PROFILES: Readonly<Record<SiteKind, SiteProfile>> = {
  'childrens-hospital': { kind: 'childrens-hospital', virtualPatientPrefixes: ['child', 'adolescent'], pillboxShare: 0.25, infusionShare: 0.15, careArea: 'paediatrics', sensors: ['Dexcom', 'GuardianRT'], pumps: ['Insulet'] },
  'adult-clinic': { kind: 'adult-clinic', virtualPatientPrefixes: ['adult'], pillboxShare: 0.4, infusionShare: 0, careArea: 'med-surg', sensors: ['Dexcom', 'Navigator'], pumps: ['Insulet', 'Cozmo'] },
  'home-care': { kind: 'home-care', virtualPatientPrefixes: ['child', 'adolescent', 'adult'], pillboxShare: 0.85, infusionShare: 0, careArea: 'med-surg', sensors: ['Dexcom', 'GuardianRT', 'Navigator'], pumps: ['Insulet', 'Cozmo'] },
  icu: { kind: 'icu', virtualPatientPrefixes: ['adult'], pillboxShare: 0, infusionShare: 1, careArea: 'icu', sensors: ['Dexcom'], pumps: ['Insulet'] },
};
