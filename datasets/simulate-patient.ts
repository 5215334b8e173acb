/**
 * One virtual patient's life, a day at a time: UVA/Padova physiology, meals and exercise, the therapy
 * controller's command stream (through an optional gate hook), the insulin pump, the CGM and heart rate.
 * A generator: memory stays bounded however many days are asked for.
 */
import type { CgmReading, DoseCommand, HeartRateSample, PatientProfile, PumpTelemetry } from './records.js';
import type { Random } from './random.js';
import { UvaPadovaPatient } from './patient/uva-padova-model.js';
import type { VirtualPatient } from './patient/params.js';
import { CgmSensor, loadSensorParams, type CgmFault, type SensorParams } from './devices/cgm.js';
import { InsulinPump, loadPumpParams, type PumpFault, type PumpParams } from './devices/insulin-pump.js';
import { TherapyController } from './therapy/controller.js';
import { InsulinOnBoard } from './therapy/insulin-on-board.js';
import { exerciseModifiers, planExercise, planMeals, type BehaviourOptions, type BolusBehaviour } from './therapy/meals.js';
import { HeartRateModel } from './physiology/heart-rate.js';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

/** Device ids of one patient's devices. */
export interface PatientDevices {
  pumpDeviceId: string;
  cgmDeviceId: string;
  heartRateDeviceId: string;
  /** The issuer of the normal command stream (the patient's AID/bolus app). */
  issuerId: string;
}

/** Options of {@link simulatePatient}. */
export interface SimulatePatientOptions {
  patient: VirtualPatient;
  profile: PatientProfile;
  /** Local midnight of day 0 (epoch ms). */
  startMs: number;
  days: number;
  random: Random;
  /** Sensor model name in sensor_params.csv, or the params themselves (default 'Dexcom'). */
  sensor?: string | SensorParams;
  /** Pump model name in pump_params.csv, or the params themselves (default 'Insulet'). */
  pump?: string | PumpParams;
  /** Device ids (default: drawn from `random.fork('devices')`). */
  devices?: PatientDevices;
  faults?: { cgm?: CgmFault[]; pump?: PumpFault[] };
  behaviour?: BehaviourOptions;
  /** The gate: return false to block a command (it is then not delivered). Default: deliver everything. */
  deliver?: (command: DoseCommand) => boolean;
  /** Commands injected at their `issuedAtMs` (attacks); delivered unless `deliver` blocks them. */
  extraCommands?: readonly DoseCommand[];
}

/** Grams a patient eats to treat a low (the "rule of 15"; children 10 g). */
const RESCUE_CARBS_G = { child: 10, adolescent: 15, adult: 15 } as const;
/** Minutes to wait after rescue carbs before treating again. */
const RESCUE_WAIT_MINUTES = 20;

/** A meal as it happened. */
export interface SimulatedMeal {
  /** 'meal' from the day's plan; 'rescue' = carbs eaten to treat a CGM low (never bolused). */
  kind: 'meal' | 'rescue';
  startMs: number;
  carbsG: number;
  announcedCarbsG: number;
  bolus: BolusBehaviour;
  /** When the bolus was commanded (null if missed or the day ended first). */
  bolusAtMs: number | null;
  bolusCommandId: string | null;
}

/** An exercise session as it happened. */
export interface SimulatedExercise {
  startMs: number;
  durationMinutes: number;
  intensity: number;
}

/** One simulated day. */
export interface SimulatedDay {
  profile: PatientProfile;
  devices: PatientDevices;
  dayIndex: number;
  dayStartMs: number;
  /** Every command issued this day (normal and injected), in issue order. */
  commands: DoseCommand[];
  /** Ids of the commands `deliver` blocked. */
  blockedCommandIds: string[];
  cgm: CgmReading[];
  pump: PumpTelemetry[];
  heartRate: HeartRateSample[];
  /** Plasma glucose per minute (truth, before each minute's step). */
  bgMgDl: Float32Array;
  /** Insulin that reached the patient per minute (U). */
  insulinDeliveredU: Float32Array;
  meals: SimulatedMeal[];
  exercise: SimulatedExercise | null;
}

function pick<T extends { name: string }>(value: string | T | undefined, fallback: string, load: () => Map<string, T>): T {
  if (value !== undefined && typeof value !== 'string') return value;
  const found = load().get(value ?? fallback);
  if (!found) throw new RangeError(`unknown device model '${value}'`);
  return found;
}

/**
 * Simulates a patient day by day.
 * @returns a generator of {@link SimulatedDay}; deterministic for a given `random` and inputs.
 * @throws RangeError for an unknown sensor or pump model or a non-positive number of days.
 */
export function* simulatePatient(options: SimulatePatientOptions): Generator<SimulatedDay, void, undefined> {
  if (!(options.days > 0)) throw new RangeError(`days must be positive, got ${options.days}`);
  const { profile, random } = options;
  const sensorParams = pick(options.sensor, 'Dexcom', () => loadSensorParams());
  const pumpParams = pick(options.pump, 'Insulet', () => loadPumpParams());
  const idRandom = random.fork('devices');
  const devices = options.devices ?? {
    pumpDeviceId: `pump-${idRandom.hex(6)}`,
    cgmDeviceId: `cgm-${idRandom.hex(6)}`,
    heartRateDeviceId: `hr-${idRandom.hex(6)}`,
    issuerId: `app-${idRandom.hex(6)}`,
  };
  const patientId = profile.patientId;
  const body = new UvaPadovaPatient(options.patient.params);
  const sensor = new CgmSensor(sensorParams, random.fork('cgm'), options.startMs, options.faults?.cgm ?? []);
  const pump = new InsulinPump(pumpParams, random.fork('pump'), options.faults?.pump ?? []);
  const controller = new TherapyController(profile, pumpParams, { patientId, pumpDeviceId: devices.pumpDeviceId, issuerId: devices.issuerId }, random.fork('controller'));
  const iob = new InsulinOnBoard(profile.insulinActionMinutes, profile.insulinPeakMinutes);
  const heart = new HeartRateModel(profile.ageGroup, profile.ageYears, random.fork('heart-rate'));
  const extra = [...(options.extraCommands ?? [])].sort((a, b) => a.issuedAtMs - b.issuedAtMs);
  let extraIndex = 0;
  const deliver = options.deliver ?? (() => true);
  const recentCgm: { glucoseMgDl: number; timestampMs: number }[] = [];
  let lastMealStartMinute = Number.NEGATIVE_INFINITY;
  let lastRescueMinute = Number.NEGATIVE_INFINITY;
  let absoluteMinute = 0;
  const insulinOnBoardU = () => iob.units; // made once: the controller calls it only when it needs it

  for (let dayIndex = 0; dayIndex < options.days; dayIndex++) {
    const dayRandom = random.fork(`day-${dayIndex}`);
    const dayStartMs = options.startMs + dayIndex * DAY_MINUTES * MINUTE_MS;
    const plan = planMeals(dayRandom.fork('meals'), profile.ageGroup, options.behaviour);
    const exercise = planExercise(dayRandom.fork('exercise'), options.behaviour);
    // Half of the patients who exercise lower their basal from 30 min before the session until 1 h after.
    const exerciseTemp = exercise && dayRandom.fork('exercise-temp').bernoulli(0.5) ? Math.max(0, exercise.minuteOfDay - 30) : null;
    const meals: SimulatedMeal[] = plan.map((meal) => ({
      kind: 'meal' as const,
      startMs: dayStartMs + meal.minuteOfDay * MINUTE_MS,
      carbsG: meal.carbsG,
      announcedCarbsG: meal.announcedCarbsG,
      bolus: meal.bolus,
      bolusAtMs: null,
      bolusCommandId: null,
    }));
    const day: SimulatedDay = {
      profile, devices, dayIndex, dayStartMs, commands: [], blockedCommandIds: [], cgm: [], pump: [], heartRate: [],
      bgMgDl: new Float32Array(DAY_MINUTES), insulinDeliveredU: new Float32Array(DAY_MINUTES), meals,
      exercise: exercise ? { startMs: dayStartMs + exercise.minuteOfDay * MINUTE_MS, durationMinutes: exercise.durationMinutes, intensity: exercise.intensity } : null,
    };

    for (let minute = 0; minute < DAY_MINUTES; minute++, absoluteMinute++) {
      const nowMs = dayStartMs + minute * MINUTE_MS;
      const sinceExercise = exercise ? minute - exercise.minuteOfDay : -1;
      const exercising = exercise !== null && sinceExercise >= 0 && sinceExercise < exercise.durationMinutes;
      if (exercise) Object.assign(body.modifiers, exerciseModifiers(exercise, sinceExercise));
      const bg = body.bloodGlucoseMgDl;
      day.bgMgDl[minute] = bg;

      const reading = sensor.sample(nowMs, body.subcutaneousGlucoseMgDl);
      if (reading !== undefined) {
        day.cgm.push({ patientId, deviceId: devices.cgmDeviceId, timestampMs: nowMs, glucoseMgDl: reading });
        if (reading !== null) {
          recentCgm.push({ glucoseMgDl: reading, timestampMs: nowMs });
          while (recentCgm.length > 0 && nowMs - recentCgm[0]!.timestampMs > 15 * MINUTE_MS) recentCgm.shift();
        }
      }

      let announcedG = 0;
      // The patient treats a CGM low with fast carbs; asleep, only the sensor's urgent-low alarm (< 55) wakes them.
      const asleep = minute < 6 * 60 + 30 || minute >= 23 * 60;
      if (reading != null && reading < (asleep ? 55 : 70) && absoluteMinute - lastRescueMinute >= RESCUE_WAIT_MINUTES) {
        const grams = RESCUE_CARBS_G[profile.ageGroup];
        announcedG += grams;
        lastRescueMinute = absoluteMinute;
        meals.push({ kind: 'rescue', startMs: nowMs, carbsG: grams, announcedCarbsG: 0, bolus: 'missed', bolusAtMs: null, bolusCommandId: null });
      }
      let mealBolusCarbsG: number | null = null;
      let bolusMeal: SimulatedMeal | null = null;
      for (let i = 0; i < plan.length; i++) {
        const meal = plan[i]!;
        if (meal.minuteOfDay === minute) {
          announcedG += meal.carbsG;
          lastMealStartMinute = absoluteMinute;
        }
        if (meal.bolus !== 'missed' && meal.minuteOfDay + meal.bolusDelayMinutes === minute) {
          mealBolusCarbsG = (mealBolusCarbsG ?? 0) + meal.announcedCarbsG;
          bolusMeal = meals[i]!;
        }
      }

      const latest = recentCgm[recentCgm.length - 1] ?? null;
      const oldest = recentCgm[0];
      const normal = controller.decide({
        nowMs,
        minuteOfDay: minute,
        cgm: latest,
        cgmDeltaMgDl: latest && oldest && latest !== oldest ? latest.glucoseMgDl - oldest.glucoseMgDl : null,
        insulinOnBoardU,
        mealBolusCarbsG,
        exerciseTempBasalMinutes: exercise && exerciseTemp === minute ? exercise.minuteOfDay - minute + exercise.durationMinutes + 60 : null,
      });
      for (const command of normal) {
        if (bolusMeal !== null && command.kind === 'BOLUS') {
          (bolusMeal as SimulatedMeal).bolusAtMs = nowMs;
          (bolusMeal as SimulatedMeal).bolusCommandId = command.commandId;
        }
      }
      const due = normal;
      if (extraIndex < extra.length && extra[extraIndex]!.issuedAtMs < nowMs + MINUTE_MS) {
        while (extraIndex < extra.length && extra[extraIndex]!.issuedAtMs < nowMs + MINUTE_MS) due.push(extra[extraIndex++]!);
        due.sort((a, b) => a.issuedAtMs - b.issuedAtMs);
      }
      for (const command of due) {
        day.commands.push(command);
        if (deliver(command)) pump.execute(command.issuedAtMs < nowMs ? { ...command, issuedAtMs: nowMs } : command);
        else day.blockedCommandIds.push(command.commandId);
      }

      const delivery = pump.tick(nowMs);
      day.insulinDeliveredU[minute] = delivery.toPatientU;
      day.pump.push({
        patientId, deviceId: devices.pumpDeviceId, timestampMs: nowMs, deliveredU: delivery.deliveredU,
        reservoirU: delivery.reservoirU, occlusionPressureKpa: delivery.occlusionPressureKpa, doseCounter: delivery.doseCounter,
      });
      iob.record(delivery.toPatientU, controller.scheduledBasalUPerHour(minute) / 60);
      day.heartRate.push({
        patientId, deviceId: devices.heartRateDeviceId, timestampMs: nowMs,
        beatsPerMinute: heart.next({ minuteOfDay: minute, exerciseIntensity: exercising ? exercise.intensity : 0, glucoseMgDl: bg, minutesSinceMeal: absoluteMinute - lastMealStartMinute }),
      });
      body.step(announcedG, delivery.toPatientU);
    }
    yield day;
  }
}
