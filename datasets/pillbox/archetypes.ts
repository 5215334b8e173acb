/**
 * Medication-taking archetypes after the ABC taxonomy (Vrijens et al., Br J Clin Pharmacol 2012):
 * initiation, implementation and discontinuation. Each archetype is one parameter set of a single
 * documented stochastic process (see adherence-process.ts): per scheduled dose, the log-odds of a miss is
 *
 *   baseMissLogit + weekend·[Sat/Sun] + eveningMissLogit·[last dose of a multi-dose day]
 *   + previousMissLogit·[previous dose missed] + recentMissLogit·(share of the last 14 doses missed)
 *   + declinePerWeekLogit·weeks since start,
 *
 * overridden to "missed" on a drug holiday, after discontinuation, before initiation, and when the
 * box is empty (a late refill). Taken doses are late (lognormal past the on-time window) with
 * `lateProbability` (+ `weekendLateProbability` on weekends), else within ±`onTimeSdMinutes`. Per-patient
 * variation: the base logit moves by N(0, 0.4), the weekend and previous-miss effects and the late median
 * scale by lognormal factors (SD 0.25), and the refill habit varies by ±1 day.
 */
import type { Random } from '../random.js';

/** The archetypes, from most to least adherent in spirit (ABC: implementation, then persistence, then initiation). */
export const ARCHETYPES = [
  'adherent',
  'occasional-forgetter',
  'late-taker',
  'weekend-drifter',
  'drug-holidays',
  'declining-persistence',
  'non-initiator',
] as const;
/** A medication-taking archetype. */
export type Archetype = (typeof ARCHETYPES)[number];

/** Parameters of the adherence process (see the module comment for the model). */
export interface ArchetypeParams {
  baseMissLogit: number;
  weekendMissLogit: number;
  eveningMissLogit: number;
  previousMissLogit: number;
  recentMissLogit: number;
  declinePerWeekLogit: number;
  /** Daily probability of starting a drug holiday, and its length in days. */
  holidayStartPerDay: number;
  holidayDays: [number, number];
  /** Daily discontinuation hazard at week 0 and its growth per week (declining persistence). */
  discontinuationPerDay: number;
  discontinuationGrowthPerWeek: number;
  initiates: boolean;
  lateProbability: number;
  weekendLateProbability: number;
  lateMedianMinutes: number;
  onTimeSdMinutes: number;
  /** Probability that a taken dose is followed by an accidental second one. */
  extraProbability: number;
  /** Days after the box runs low (3 days of pills left) until the refill; uniform in the range. */
  refillDelayDays: [number, number];
}

const BASE: ArchetypeParams = {
  baseMissLogit: -3.5, weekendMissLogit: 0.3, eveningMissLogit: 0.2, previousMissLogit: 0.6, recentMissLogit: 1.5,
  declinePerWeekLogit: 0, holidayStartPerDay: 0, holidayDays: [2, 5], discontinuationPerDay: 0, discontinuationGrowthPerWeek: 0,
  initiates: true, lateProbability: 0.05, weekendLateProbability: 0.05, lateMedianMinutes: 60, onTimeSdMinutes: 15,
  extraProbability: 0.004, refillDelayDays: [0, 2],
};

/** The archetypes' parameters. */
export const ARCHETYPE_PARAMS: Readonly<Record<Archetype, ArchetypeParams>> = {
  adherent: BASE,
  'occasional-forgetter': { ...BASE, baseMissLogit: -2.5, eveningMissLogit: 0.7, previousMissLogit: 0.8, recentMissLogit: 1.5, lateProbability: 0.12, extraProbability: 0.01, refillDelayDays: [1, 5] },
  'late-taker': { ...BASE, baseMissLogit: -3.0, lateProbability: 0.55, weekendLateProbability: 0.2, lateMedianMinutes: 80, onTimeSdMinutes: 25, refillDelayDays: [1, 3] },
  'weekend-drifter': { ...BASE, baseMissLogit: -3.2, weekendMissLogit: 2.6, weekendLateProbability: 0.4, refillDelayDays: [1, 3] },
  'drug-holidays': { ...BASE, baseMissLogit: -3.0, holidayStartPerDay: 0.035, holidayDays: [2, 6], refillDelayDays: [1, 4] },
  'declining-persistence': { ...BASE, baseMissLogit: -2.8, declinePerWeekLogit: 0.3, previousMissLogit: 0.8, discontinuationPerDay: 0.004, discontinuationGrowthPerWeek: 0.5, refillDelayDays: [2, 6] },
  'non-initiator': { ...BASE, initiates: false },
};

/**
 * Documented targets: mean fraction of scheduled doses taken (on time or late) over the first 56 days,
 * across patients, for a twice-daily regimen. The tests hold the process to these within ±0.04.
 */
export const ARCHETYPE_TARGET_TAKEN_FRACTION: Readonly<Record<Archetype, number>> = {
  adherent: 0.94,
  'occasional-forgetter': 0.77,
  'late-taker': 0.89,
  'weekend-drifter': 0.79,
  'drug-holidays': 0.78,
  'declining-persistence': 0.47,
  'non-initiator': 0,
};

/** Default mix of archetypes in a cohort (weights), loosely after published MEMS cohorts (~half adherent). */
export const DEFAULT_ARCHETYPE_MIX: Readonly<Record<Archetype, number>> = {
  adherent: 0.4,
  'occasional-forgetter': 0.18,
  'late-taker': 0.1,
  'weekend-drifter': 0.1,
  'drug-holidays': 0.08,
  'declining-persistence': 0.1,
  'non-initiator': 0.04,
};

/** One patient's behaviour: an archetype's parameters after per-patient variation. */
export interface PatientBehaviour {
  archetype: Archetype;
  params: ArchetypeParams;
}

/** @returns the archetype's parameters with this patient's random effects (see the module comment). */
export function samplePatientBehaviour(archetype: Archetype, random: Random): PatientBehaviour {
  const base = ARCHETYPE_PARAMS[archetype];
  const factor = () => Math.exp(random.normal(0, 0.25));
  const shift = random.int(-1, 1);
  return {
    archetype,
    params: {
      ...base,
      baseMissLogit: base.baseMissLogit + random.normal(0, 0.4),
      weekendMissLogit: base.weekendMissLogit * factor(),
      previousMissLogit: base.previousMissLogit * factor(),
      lateMedianMinutes: base.lateMedianMinutes * factor(),
      refillDelayDays: [Math.max(0, base.refillDelayDays[0] + shift), Math.max(0, base.refillDelayDays[1] + shift)],
    },
  };
}

/** @returns an archetype drawn from weights (default {@link DEFAULT_ARCHETYPE_MIX}). */
export function drawArchetype(random: Random, mix: Readonly<Partial<Record<Archetype, number | undefined>>> = DEFAULT_ARCHETYPE_MIX): Archetype {
  const entries = ARCHETYPES.map((a) => [a, mix[a] ?? 0] as const);
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let u = random.next() * total;
  for (const [archetype, weight] of entries) {
    u -= weight;
    if (u < 0) return archetype;
  }
  return 'adherent';
}
