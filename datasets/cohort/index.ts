/** Cohorts and sites: config, per-patient simulation with every device, generation to a directory, summary. */
export { CohortConfigSchema, patientsAt, startMsOf } from './cohort-config.js';
export type { CohortConfig } from './cohort-config.js';
export { SITE_PROFILES } from './sites.js';
export type { SiteProfile } from './sites.js';
export { simulateCohortPatient } from './cohort-patient.js';
export type { PatientDayRecords, CohortPatientSpec } from './cohort-patient.js';
export { generateCohort, patientDaysOf, STREAM_FILES } from './generate-cohort.js';
export type { CohortManifest, GenerateOptions, StreamFile } from './generate-cohort.js';
export { CohortSummaryBuilder, formatSummary } from './cohort-summary.js';
export type { CohortSummary, PdcDistribution } from './cohort-summary.js';
export { JsonlFileWriter } from './jsonl-writer.js';
export type { FileDigest } from './jsonl-writer.js';
