/** Cohorts and sites: config, per-patient simulation with every device, generation to a directory, summary. */
export { CohortConfigSchema, patientsAt, startMsOf } from './cohort-config.js';
export type { CohortConfig } from './cohort-config.js';
export { SITE_PROFILES } from './sites.js';
export type { SiteProfile } from './sites.js';
export { simulateCohortPatient } from './cohort-patient.js';
export type { PatientDayRecords, CohortPatientSpec } from './cohort-patient.js';
export { generateCohort, patientDaysOf, STREAM_FILES, CSV_STREAMS, GenerationAbortedError } from './generate-cohort.js';
export type { CohortManifest, GenerateOptions, StreamFile, CsvFile } from './generate-cohort.js';
export { CohortSummaryBuilder, formatSummary } from './cohort-summary.js';
export type { CohortSummary, PdcDistribution } from './cohort-summary.js';
export { JsonlFileWriter, CsvFileWriter } from './stream-writers.js';
export type { FileDigest } from './stream-writers.js';
