/**
 * The anomaly suite's evaluation patients: a cohort of its own seed at the four sites (datasets'
 * simulateCohortPatient, seeded as generateCohort seeds it), each patient simulated twice over the same days —
 * once with no attacks or faults (normal traffic: false alarms) and once with the catalogue's command and
 * telemetry attacks and device faults injected (detection). The normal streams of the two runs are the same
 * patient, meals, sensor noise and devices; only the attacks differ. One patient at a time: memory stays
 * bounded.
 */
import { CohortConfigSchema, simulateCohortPatient, startMsOf, type CohortConfig } from '../../datasets/cohort/index.js';
import { RESTORING_ATTACK_TYPES } from '../../datasets/attacks/index.js';
import { loadVirtualPatients } from '../../datasets/patient/params.js';
import { createRandom } from '../../datasets/random.js';
import { SITE_KINDS, type AttackLabel, type AttackType, type CgmReading, type Device, type DoseCommand, type HeartRateSample, type PatientProfile, type PumpTelemetry, type SiteKind } from '../../datasets/records.js';
import type { CarbEntry } from '../../edge-node/gate/dose-context.js';
import { EVALUATED_ATTACK_TYPES, type AnomalyConfig } from './anomaly-config.js';
import type { ArrivingCommand, CommandStream } from './anomaly-commands.js';
import type { TelemetryRecords } from './anomaly-telemetry.js';


/** Everything one run of one patient produced. */
interface PatientRun {
  profile: PatientProfile;
  devices: Device[];
  commands: DoseCommand[];
  cgm: CgmReading[];
  pump: PumpTelemetry[];
  heartRate: HeartRateSample[];
  carbs: CarbEntry[];
  labels: AttackLabel[];
  bgMgDl: Float32Array;
}

/** One run of a patient, ready for the detectors. */
export interface EvaluationRun {
  commands: CommandStream;
  telemetry: TelemetryRecords;
  labels: AttackLabel[];
  /** True plasma glucose per minute from startMs (for the trace plot). */
  bgMgDl: Float32Array;
}

/** One evaluation patient: the same days without and with attacks. */
export interface EvaluationPatient {
  site: SiteKind;
  index: number;
  profile: PatientProfile;
  startMs: number;
  days: number;
  normal: EvaluationRun;
  attacked: EvaluationRun;
}

let virtualPatientCache: ReturnType<typeof loadVirtualPatients> | null = null;

function simulate(config: CohortConfig, site: SiteKind, index: number, usage: Map<AttackType, number>): PatientRun {
  const random = createRandom(config.seed).fork(`${site}/patient-${index}`);
  const startMs = startMsOf(config);
  let run: PatientRun | null = null;
  for (const day of simulateCohortPatient({ config, siteKind: site, virtualPatients: (virtualPatientCache ??= loadVirtualPatients()), random, usage, startMs })) {
    if (day.profile) run = { profile: day.profile, devices: day.devices, commands: [], cgm: [], pump: [], heartRate: [], carbs: [], labels: [], bgMgDl: new Float32Array(config.days * 1440) };
    const r = run!;
    r.commands.push(...day.commands);
    r.cgm.push(...day.cgm);
    r.pump.push(...day.pump);
    r.heartRate.push(...day.heartRate);
    r.carbs.push(...day.carbs.map((c) => ({ timestampMs: c.timestampMs, carbsG: c.carbsG })));
    r.labels.push(...day.labels);
    r.bgMgDl.set(day.bgMgDl, day.dayIndex * 1440);
  }
  return run!;
}

/** @returns the commands in arrival order with their ground truth (a replay's copy arrives at its label's end). */
function arriving(run: PatientRun): ArrivingCommand[] {
  const labelOf = new Map<string, AttackLabel>();
  for (const label of run.labels) for (const id of label.commandIds) labelOf.set(id, label);
  const seen = new Set<string>();
  return run.commands.map((command) => {
    const label = labelOf.get(command.commandId);
    const repeat = seen.has(command.commandId);
    seen.add(command.commandId);
    const normal: ArrivingCommand = { command, arrivalMs: command.issuedAtMs, role: 'normal', attackId: null, type: null, wrongKey: false };
    if (!label) return normal;
    if (label.type === 'replayed-command') return repeat ? { ...normal, arrivalMs: label.endMs, role: 'attack', attackId: label.attackId, type: label.type } : normal;
    const restore = RESTORING_ATTACK_TYPES.has(label.type) && label.commandIds[label.commandIds.length - 1] === command.commandId;
    return { ...normal, role: restore ? 'restore' : 'attack', attackId: label.attackId, type: label.type, wrongKey: label.type === 'forged-command' && label.detail.includes('wrong-key') };
  });
}

function issuerKeys(commands: readonly DoseCommand[]): Map<string, Uint8Array> {
  const keys = new Map<string, Uint8Array>();
  for (const { issuerId } of commands) if (!keys.has(issuerId)) keys.set(issuerId, Buffer.from(createRandom(`anomaly/issuer/${issuerId}`).hex(16), 'hex'));
  return keys;
}

function evaluationRun(run: PatientRun, normal: PatientRun, startMs: number, days: number): EvaluationRun {
  const pumpDevice = run.devices.find((d) => d.kind === 'insulin-pump')!;
  return {
    commands: {
      profile: run.profile,
      devices: new Map(run.devices.map((d) => [d.deviceId, { patientId: d.patientId, kind: d.kind }])),
      // The node provisions the issuers of the patient's real traffic; a forger's issuer is not among them.
      issuerKeys: issuerKeys(normal.commands),
      commands: arriving(run),
      cgm: run.cgm,
      carbs: run.carbs,
    },
    telemetry: {
      profile: run.profile, pumpModel: pumpDevice.model ?? '', startMs, minutes: days * 1440, cgm: run.cgm, pump: run.pump, heartRate: run.heartRate,
      // Record-level attacks never reach the simulated pump: it executed the normal commands in both runs.
      pumpCommands: normal.commands.filter((c) => c.deviceId === pumpDevice.deviceId),
    },
    labels: run.labels,
    bgMgDl: run.bgMgDl,
  };
}

/** @returns the cohort configuration of one run (attacks or none). */
export function evaluationCohortConfig(config: AnomalyConfig, seed: number, attacks: boolean): CohortConfig {
  return CohortConfigSchema.parse({
    seed: `${seed}/anomaly-evaluation`, startDate: config.evaluation.startDate, days: config.evaluation.days, patientsPerSite: config.evaluation.patientsPerSite,
    attackRatePerPatientDay: attacks ? config.evaluation.attackRatePerPatientDay : 0, attackTypes: [...EVALUATED_ATTACK_TYPES],
  });
}

/** @returns the number of evaluation patients. */
export function evaluationPatientCount(config: AnomalyConfig): number {
  return SITE_KINDS.length * config.evaluation.patientsPerSite;
}

/**
 * Simulates the evaluation patients one at a time (site by site, as generateCohort orders them; attack types
 * are balanced over the whole cohort).
 * @returns a generator of patients, each with its normal and attacked run.
 */
export function* evaluationPatients(config: AnomalyConfig, seed: number): Generator<EvaluationPatient> {
  const withAttacks = evaluationCohortConfig(config, seed, true);
  const without = evaluationCohortConfig(config, seed, false);
  const startMs = startMsOf(withAttacks);
  const usage = new Map<AttackType, number>();
  for (const site of SITE_KINDS) {
    for (let index = 0; index < config.evaluation.patientsPerSite; index++) {
      const normal = simulate(without, site, index, new Map());
      const attacked = simulate(withAttacks, site, index, usage);
      if (normal.profile.patientId !== attacked.profile.patientId) throw new Error('the two runs of an evaluation patient diverged');
      yield {
        site, index, profile: normal.profile, startMs, days: config.evaluation.days,
        normal: evaluationRun(normal, normal, startMs, config.evaluation.days),
        attacked: evaluationRun(attacked, normal, startMs, config.evaluation.days),
      };
    }
  }
}
