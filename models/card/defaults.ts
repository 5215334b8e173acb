/**
 * The parts of a model card that follow from the kind of model: intended use, out-of-scope uses,
 * relevant factors, ethical considerations and standing caveats.
 */
import type { ModelCard, ModelKind } from './schema.js';

type KindText = Pick<ModelCard, 'intendedUse' | 'factors' | 'ethicalConsiderations' | 'caveats'>;

const FACTORS = ['age group (child, adolescent, adult)', 'site (children\'s hospital, adult clinic, home care, ICU)', 'device (pump and CGM model)'];

/** @returns the kind-specific text of a card. */
export function cardTextFor(kind: ModelKind): KindText {
  const common = {
    factors: { relevant: FACTORS, evaluated: ['age group'] },
    ethicalConsiderations: [
      'Trained on simulated patients (UVA/Padova); real-world performance must be confirmed before clinical reliance.',
      'Patient identity never enters the model: ids are pseudonymous and features are normalised by the patient\'s own profile.',
      'Children are a minority of typical cohorts; per-age-group metrics are reported so a gap is visible.',
    ],
  };
  switch (kind) {
    case 'dose-autoencoder':
      return {
        ...common,
        intendedUse: {
          primaryUses: ['Stage 4 of the dose gate: flag insulin dose commands whose context is unlike normal therapy, for a clinician to confirm (HOLD).'],
          primaryUsers: ['Vigil edge nodes (dose gate)', 'clinicians reviewing held commands'],
          outOfScope: ['Replacing hard limits or the drug library (stages 1–3 always run)', 'Infusion-pump drugs other than insulin', 'Choosing a dose', 'Diagnosis'],
        },
        caveats: ['Scores commands only in context: a missing CGM widens what looks normal.', 'An attack that mimics a normal meal bolus within limits is not separable by design; physiological checks cover hypoglycaemia risk.'],
      };
    case 'telemetry-autoencoder':
      return {
        ...common,
        intendedUse: {
          primaryUses: ['Flag 60-minute windows of CGM, pump and heart-rate telemetry unlike normal operation (sensor spoofing, occlusion, leaks).'],
          primaryUsers: ['Vigil edge nodes (telemetry scoring)', 'device support staff'],
          outOfScope: ['Alarm replacement for the devices\' own safety alarms', 'Glucose prediction', 'Diagnosis'],
        },
        caveats: ['Windows with long sensor gaps carry little information.', 'Exercise and illness change telemetry; false alarms cluster there.'],
      };
    case 'adherence-risk':
      return {
        ...common,
        factors: { relevant: ['age group', 'site', 'regimen (doses per day)', 'weekday'], evaluated: ['archetype-mixed simulated cohort (no subgroup split yet)'] },
        intendedUse: {
          primaryUses: ['Estimate the probability of missing the next scheduled dose and of PDC < 80% over the next 7 days, to prioritise supportive outreach.'],
          primaryUsers: ['care teams', 'pharmacists', 'Vigil edge nodes (PredictAdherence)'],
          outOfScope: ['Any punitive use (insurance, eligibility, blame)', 'Changing a prescription', 'Patients without a smart pillbox history'],
        },
        caveats: ['A pillbox records openings, not ingestion.', 'New patients have little history; their risk is close to the population rate.'],
      };
  }
}
