/**
 * Public surface of datasets/: virtual patients (UVA/Padova), device streams (CGM, insulin pump, heart
 * rate), the therapy controller, meal scenarios, profiles, risk metrics and the CLI group.
 */
export { createRandom } from './random.js';
export type { Random } from './random.js';
export { loadVirtualPatients, findVirtualPatient, parsePatientParams, parseQuest, MODEL_PARAMETER_NAMES } from './patient/params.js';
export type { VirtualPatient, VirtualPatientParams, VirtualPatientTherapy } from './patient/params.js';
export { UvaPadovaPatient, simulateTrace, basalUPerMin, EAT_RATE_G_PER_MIN, PMOL_PER_UNIT } from './patient/uva-padova-model.js';
export type { TraceInput, TraceRow, UtilisationModifiers, Integrator, SolverOptions } from './patient/uva-padova-model.js';
export { DormandPrince } from './patient/dormand-prince.js';
export type { Derivative, DormandPrinceOptions } from './patient/dormand-prince.js';
export { simulatePatient } from './simulate-patient.js';
export type { SimulatePatientOptions, SimulatedDay, SimulatedMeal, SimulatedExercise, PatientDevices } from './simulate-patient.js';
export { buildPatientProfile, ageGroupOf, ANDROIDAPS_HARD_LIMITS, DAILY_TOTAL_MULTIPLIER } from './therapy/profile.js';
export type { ProfileOptions } from './therapy/profile.js';
export { TherapyController } from './therapy/controller.js';
export type { ControllerIdentity, ControllerInput } from './therapy/controller.js';
export { InsulinOnBoard, insulinActiveFraction } from './therapy/insulin-on-board.js';
export { planMeals, planExercise, exerciseModifiers } from './therapy/meals.js';
export type { PlannedMeal, PlannedExercise, BehaviourOptions, BolusBehaviour } from './therapy/meals.js';
export { CgmSensor, loadSensorParams, applyCgmFault, sampleCompressionLow } from './devices/cgm.js';
export type { SensorParams, CgmFault, CgmFaultKind } from './devices/cgm.js';
export { createCgmNoise, johnsonTransform, theoreticalNoiseMoments } from './devices/cgm-noise.js';
export type { CgmNoise, CgmNoiseParams } from './devices/cgm-noise.js';
export { InsulinPump, loadPumpParams, roundBolus, roundBasal, BOLUS_RATE_U_PER_MIN } from './devices/insulin-pump.js';
export type { PumpParams, PumpFault, PumpMinute } from './devices/insulin-pump.js';
export { HeartRateModel } from './physiology/heart-rate.js';
export type { HeartRateDrivers } from './physiology/heart-rate.js';
export { kovatchevF, kovatchevRisk, bloodGlucoseIndices, timeInRange } from './risk.js';
export type { TimeInRange } from './risk.js';
export { sharedDataPath, uvaPadovaPath } from './shared-data.js';
export * from './infusion/index.js';
export * from './pillbox/index.js';
export * from './attacks/index.js';
export * from './cohort/index.js';
export { readRecords, readStream, readManifest, loadFrame, STREAM_SCHEMAS } from './loaders.js';
export type { StreamName, StreamRecord, LoadFrameOptions } from './loaders.js';
export { generateCommand } from './generate-command.js';
