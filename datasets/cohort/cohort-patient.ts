/**
 * One cohort patient, a day at a time, with every device: the UVA/Padova simulation (insulin pump, CGM,
 * heart rate) with its planned faults, an infusion pump for hospitalised patients, a smart pillbox for
 * patients on an oral regimen, and the day's attacks injected and labelled. No I/O: the writer decides
 * where records go.
 */
import { randomBytes } from 'node:crypto';
import type { AttackLabel, AttackType, CarbEntryRecord, CgmReading, Device, DoseCommand, DoseOutcome, HeartRateSample, PatientProfile, PillboxEvent, PumpTelemetry, Regimen, SiteKind } from '../records.js';
import type { Random } from '../random.js';
import type { VirtualPatient } from '../patient/params.js';
import { simulatePatient } from '../simulate-patient.js';
import { buildPatientProfile } from '../therapy/profile.js';
import { DEFAULT_DRUG_LIBRARY } from '../infusion/drug-library.js';
import { InfusionSimulator } from '../infusion/infusion-simulator.js';
import type { InfusionTelemetry } from '../infusion/telemetry.js';
import { drawArchetype, samplePatientBehaviour, type Archetype } from '../pillbox/archetypes.js';
import { PillboxSimulator } from '../pillbox/pillbox-simulator.js';
import { sampleRegimen } from '../pillbox/regimens.js';
import { injectAttacks, type CounterState } from '../attacks/inject-attacks.js';
import { planPatientAttacks, type AttackTypeUsage } from '../attacks/plan.js';
import type { CohortConfig } from './cohort-config.js';
import { SITE_PROFILES } from './sites.js';

const DAY_MS = 86_400_000;

/** Everything one patient produced on one day. */
export interface PatientDayRecords {
  siteKind: SiteKind;
  dayIndex: number;
  /** Present on day 0 only. */
  profile: PatientProfile | null;
  devices: Device[];
  regimen: Regimen | null;
  archetype: Archetype | null;
  commands: DoseCommand[];
  cgm: CgmReading[];
  pump: PumpTelemetry[];
  heartRate: HeartRateSample[];
  infusion: InfusionTelemetry[];
  pillboxEvents: PillboxEvent[];
  doseOutcomes: DoseOutcome[];
  labels: AttackLabel[];
  /** Carbs announced with meal boluses (what an AID app sends with the bolus). */
  carbs: CarbEntryRecord[];
  /** True plasma glucose per minute (for the summary; not written). */
  bgMgDl: Float32Array;
}

/** Inputs of {@link simulateCohortPatient}. */
export interface CohortPatientSpec {
  config: CohortConfig;
  siteKind: SiteKind;
  virtualPatients: readonly VirtualPatient[];
  /** This patient's stream (e.g. root.fork('icu/patient-3')). */
  random: Random;
  /** Shared across the cohort so attack types stay balanced. */
  usage: AttackTypeUsage;
  startMs: number;
}

/** @returns a random 16-byte Ascon key (hex), never derived from a serial. */
function deviceKey(config: CohortConfig, random: Random): string {
  return config.deviceKeys === 'crypto' ? randomBytes(16).toString('hex') : random.hex(16);
}

/** Simulates one cohort patient. @returns a generator of days; memory is one day's records. */
export function* simulateCohortPatient(spec: CohortPatientSpec): Generator<PatientDayRecords, void, undefined> {
  const { config, siteKind, random } = spec;
  const site = SITE_PROFILES[siteKind];
  const pool = spec.virtualPatients.filter((p) => site.virtualPatientPrefixes.some((prefix) => p.name.startsWith(prefix)));
  if (pool.length === 0) throw new RangeError(`no virtual patients for site ${siteKind}`);
  const choice = random.fork('choice');
  const patient = pool[choice.int(0, pool.length - 1)]!;
  const sensor = site.sensors[choice.int(0, site.sensors.length - 1)]!;
  const pumpModel = site.pumps[choice.int(0, site.pumps.length - 1)]!;
  const profile = buildPatientProfile(patient, { random: random.fork('profile'), siteId: siteKind });
  const { patientId } = profile;
  const ids = random.fork('ids');
  const keys = random.fork('keys');
  const simDevices = { pumpDeviceId: `pump-${ids.hex(6)}`, cgmDeviceId: `cgm-${ids.hex(6)}`, heartRateDeviceId: `hr-${ids.hex(6)}`, issuerId: `app-${ids.hex(6)}` };
  const device = (deviceId: string, kind: Device['kind'], model: string): Device => ({ deviceId, kind, patientId, siteId: siteKind, asconKeyHex: deviceKey(config, keys), model });
  const devices: Device[] = [
    device(simDevices.pumpDeviceId, 'insulin-pump', pumpModel),
    device(simDevices.cgmDeviceId, 'cgm', sensor),
    device(simDevices.heartRateDeviceId, 'heart-rate', 'chest-strap'),
  ];
  const hasInfusion = choice.bernoulli(site.infusionShare);
  const hasPillbox = choice.bernoulli(site.pillboxShare);
  const infusionDeviceId = hasInfusion ? `inf-${ids.hex(6)}` : undefined;
  const pillboxDeviceId = hasPillbox ? `box-${ids.hex(6)}` : undefined;
  const infusionIssuer = `emr-${ids.hex(6)}`;
  if (infusionDeviceId) devices.push(device(infusionDeviceId, 'infusion-pump', 'lvp-4-channel'));
  if (pillboxDeviceId) devices.push(device(pillboxDeviceId, 'pillbox', 'smart-box-ir-load-cell'));

  // The infusion pump's drugs are needed before planning (faults name a channel), so build it first.
  const infusionRandom = random.fork('infusion');
  const drugProbe = infusionDeviceId
    ? new InfusionSimulator({ patientId, deviceId: infusionDeviceId, issuerId: infusionIssuer, careArea: site.careArea, weightKg: profile.weightKg, library: DEFAULT_DRUG_LIBRARY, random: infusionRandom }).drugIds
    : [];
  const plan = planPatientAttacks({
    random: random.fork('attacks'), startMs: spec.startMs, days: config.days, ratePerDay: config.attackRatePerPatientDay, usage: spec.usage,
    ...(config.attackTypes ? { types: config.attackTypes as readonly AttackType[] } : {}),
    targets: { patientId, pumpDeviceId: simDevices.pumpDeviceId, cgmDeviceId: simDevices.cgmDeviceId, infusionDrugIds: drugProbe, ...(infusionDeviceId ? { infusionDeviceId } : {}), ...(pillboxDeviceId ? { pillboxDeviceId } : {}) },
  });
  const infusion = infusionDeviceId
    ? new InfusionSimulator({ patientId, deviceId: infusionDeviceId, issuerId: infusionIssuer, careArea: site.careArea, weightKg: profile.weightKg, library: DEFAULT_DRUG_LIBRARY, random: infusionRandom, faults: plan.faults.infusion })
    : null;
  const archetype = hasPillbox ? drawArchetype(random.fork('archetype'), config.archetypeMix) : null;
  const regimen = pillboxDeviceId ? sampleRegimen(random.fork('regimen'), patientId, pillboxDeviceId, spec.startMs) : null;
  const pillbox = regimen && archetype ? new PillboxSimulator(regimen, samplePatientBehaviour(archetype, random.fork('behaviour')), random.fork('pillbox')) : null;

  let counterState: CounterState = {};
  const injectRandom = random.fork('inject');
  for (const day of simulatePatient({ patient, profile, startMs: spec.startMs, days: config.days, random: random.fork('body'), sensor, pump: pumpModel, devices: simDevices, faults: { cgm: plan.faults.cgm, pump: plan.faults.pump } })) {
    const infusionDay = infusion?.simulateDay(day.dayStartMs, latestReading(day.cgm)) ?? { commands: [], telemetry: [] };
    const boxDay = pillbox?.simulateDay(day.dayIndex) ?? { events: [], outcomes: [] };
    const commands = [...day.commands, ...infusionDay.commands].sort((a, b) => a.issuedAtMs - b.issuedAtMs);
    const injected = injectAttacks({
      profile, dayStartMs: day.dayStartMs, commands, cgm: day.cgm, infusion: infusionDay.telemetry, pillboxEvents: boxDay.events, doseOutcomes: boxDay.outcomes,
      devices: { ...simDevices, ...(infusionDeviceId ? { infusionDeviceId } : {}), ...(pillboxDeviceId ? { pillboxDeviceId } : {}) },
      ...(regimen ? { regimen } : {}),
    }, { attacks: plan.byDay[day.dayIndex] ?? [], counterState }, injectRandom.fork(`day-${day.dayIndex}`));
    counterState = injected.counterState;
    const dayEndMs = day.dayStartMs + DAY_MS;
    const faultLabels = plan.faultLabels.filter((l) => l.startMs >= day.dayStartMs && l.startMs < dayEndMs);
    yield {
      siteKind, dayIndex: day.dayIndex, profile: day.dayIndex === 0 ? profile : null, devices: day.dayIndex === 0 ? devices : [],
      regimen: day.dayIndex === 0 ? regimen : null, archetype, commands: injected.commands, cgm: injected.cgm, pump: day.pump, heartRate: day.heartRate,
      infusion: injected.infusion, pillboxEvents: injected.pillboxEvents, doseOutcomes: boxDay.outcomes, labels: [...faultLabels, ...injected.labels], bgMgDl: day.bgMgDl,
      carbs: day.meals.filter((m) => m.kind === 'meal' && m.bolusAtMs !== null).map((m) => ({ patientId, deviceId: simDevices.pumpDeviceId, timestampMs: m.bolusAtMs!, carbsG: m.announcedCarbsG })),
    };
  }
}

/** @returns a lookup of the latest non-null CGM value at a time; calls must come in time order. */
function latestReading(cgm: readonly CgmReading[]): (timestampMs: number) => number | null {
  let index = 0;
  let latest: number | null = null;
  return (timestampMs) => {
    while (index < cgm.length && cgm[index]!.timestampMs <= timestampMs) {
      latest = cgm[index]!.glucoseMgDl ?? latest;
      index++;
    }
    return latest;
  };
}
