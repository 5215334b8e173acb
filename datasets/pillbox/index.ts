/** Smart pillboxes: regimens, ABC-taxonomy archetypes, raw sensor events, ground truth, matching and PDC. */
export { ARCHETYPES, ARCHETYPE_PARAMS, ARCHETYPE_TARGET_TAKEN_FRACTION, DEFAULT_ARCHETYPE_MIX, samplePatientBehaviour, drawArchetype } from './archetypes.js';
export type { Archetype, ArchetypeParams, PatientBehaviour } from './archetypes.js';
export { AdherenceProcess, BOX_CAPACITY_DAYS } from './adherence-process.js';
export type { BoxAction, AdherenceDay } from './adherence-process.js';
export { renderPillboxEvents, WEIGHT_NOISE_MG } from './sensor-events.js';
export { PillboxSimulator } from './pillbox-simulator.js';
export type { PillboxDay } from './pillbox-simulator.js';
export { matchDosesToSchedule, groupSessions } from './match-doses.js';
export type { BoxSession, MatchOptions } from './match-doses.js';
export { proportionOfDaysCovered, PDC_ADHERENT_THRESHOLD } from './pdc.js';
export { scheduledDoses, doseWindowsMinutes, delayMinutes, takenOutcome, ON_TIME_MINUTES, MAX_EARLY_MINUTES, MAX_LATE_MINUTES, DAY_MS } from './schedule.js';
export type { ScheduledDose } from './schedule.js';
export { sampleRegimen, FORMULARY } from './regimens.js';
