/** Infusion pumps in hospital care areas: drug library, its check, channel simulation and telemetry. */
export { CARE_AREAS, DOSE_UNITS, DEFAULT_DRUG_LIBRARY, findDrugEntry, doseToRateMlPerHour } from './drug-library.js';
export type { CareArea, DoseUnit, BolusUnit, LimitRange, LimitProvenance, DrugLibraryEntry, DrugLibrary } from './drug-library.js';
export { checkDrugLibrary } from './check-drug-library.js';
export type { DrugLibraryCheck, LimitBreach, LimitQuantity } from './check-drug-library.js';
export { InfusionTelemetry } from './telemetry.js';
export type { InfusionFault } from './telemetry.js';
export { InfusionChannel } from './infusion-channel.js';
export { InfusionSimulator, SOFT_OVERRIDE_PROBABILITY } from './infusion-simulator.js';
export type { InfusionSimulatorOptions, InfusionDay } from './infusion-simulator.js';
