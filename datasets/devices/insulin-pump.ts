/**
 * An insulin pump: executes dose commands (bolus, basal rate, temp basal, suspend) with the pump's
 * increments and limits, delivers a bolus at a finite rate, and reports telemetry every minute
 * (delivered units, reservoir, occlusion pressure, dose counter). Faults: occlusion, leak.
 */
import { InvalidArgumentError } from '../../common/errors/index.js';
import type { DoseCommand } from '../records.js';
import { numericCell, parseCsv, requireColumns } from '../csv.js';
import { readTextFile } from '../patient/params.js';
import type { Random } from '../random.js';
import { uvaPadovaPath } from '../shared-data.js';

/** One row of pump_params.csv. */
export interface PumpParams {
  name: string;
  minBolusU: number;
  maxBolusU: number;
  bolusIncrementU: number;
  minBasalUPerHour: number;
  maxBasalUPerHour: number;
  basalIncrementUPerHour: number;
}

/** A bolus is pushed at this rate (Omnipod-class pumps: 0.05 U every 2 s). */
export const BOLUS_RATE_U_PER_MIN = 1.5;
/** A full reservoir (units); it is changed when it runs below {@link RESERVOIR_CHANGE_BELOW_U}. */
export const RESERVOIR_FULL_U = 200;
/** Reservoir level that triggers a change (the patient swaps the cartridge or pod). */
export const RESERVOIR_CHANGE_BELOW_U = 10;
/** Line pressure without flow (kPa) and its rise per U/min of flow. */
const BASELINE_PRESSURE_KPA = 8;
const PRESSURE_PER_U_PER_MIN_KPA = 25;
/** Pressure rise per minute behind an occlusion, and where the pump's sensor saturates. */
const OCCLUSION_RISE_KPA_PER_MIN = 2.5;
const PRESSURE_MAX_KPA = 200;

/**
 * Loads pump models (default: the shared pump_params.csv).
 * @returns the pumps by name. @throws InvalidArgumentError on a missing column or bad value.
 */
export function loadPumpParams(csvPath: string = uvaPadovaPath('pump_params.csv')): Map<string, PumpParams> {
  const table = parseCsv(readTextFile(csvPath), csvPath);
  const columns = requireColumns(table, ['Name', 'min_bolus', 'max_bolus', 'inc_bolus', 'min_basal', 'max_basal', 'inc_basal']);
  const pumps = new Map<string, PumpParams>();
  for (const row of table.rows) {
    const cell = (column: string) => numericCell(table, row, column, columns.get(column) ?? -1);
    const pump: PumpParams = {
      name: row.cells[columns.get('Name') ?? 0] ?? '',
      minBolusU: cell('min_bolus'),
      maxBolusU: cell('max_bolus'),
      bolusIncrementU: cell('inc_bolus'),
      minBasalUPerHour: cell('min_basal'),
      maxBasalUPerHour: cell('max_basal'),
      basalIncrementUPerHour: cell('inc_basal'),
    };
    if (!(pump.bolusIncrementU > 0) || !(pump.basalIncrementUPerHour > 0)) {
      throw new InvalidArgumentError([{ field: `${csvPath} row ${row.line}`, description: 'increments must be positive' }]);
    }
    pumps.set(pump.name, pump);
  }
  return pumps;
}

/** Rounds to the nearest multiple of `increment` without binary-fraction residue (0.1 + 0.2 style). */
function roundTo(value: number, increment: number): number {
  const steps = Math.round(value / increment);
  return Number((steps * increment).toFixed(6));
}

/**
 * Rounds a bolus in units to the pump's increment and clips it to its limits. (The peer simulator rounds
 * in pmol, which leaves a 0.05 increment almost without effect; a real pump rounds in units.)
 * @returns the bolus the pump would deliver (U).
 */
export function roundBolus(pump: PumpParams, units: number): number {
  return Math.min(pump.maxBolusU, Math.max(pump.minBolusU, roundTo(units, pump.bolusIncrementU)));
}

/** @returns the basal rate (U/h) rounded to the pump's increment and clipped to its limits. */
export function roundBasal(pump: PumpParams, rateUPerHour: number): number {
  return Math.min(pump.maxBasalUPerHour, Math.max(pump.minBasalUPerHour, roundTo(rateUPerHour, pump.basalIncrementUPerHour)));
}

/** A pump fault over [startMs, endMs). */
export type PumpFault =
  /** The line is blocked: nothing reaches the patient, pressure climbs until the fault clears. */
  | { kind: 'occlusion'; startMs: number; endMs: number }
  /** A leak at the site: only (1 − fraction) of what the pump pushes reaches the patient; pressure stays low. */
  | { kind: 'leak'; startMs: number; endMs: number; fraction: number };

/** What one minute of pump operation produced. */
export interface PumpMinute {
  /** Insulin that reached the patient this minute (U), the model's input as U/min. */
  toPatientU: number;
  /** What the pump pushed (U), which is what a pump counts when it does not know of a leak. */
  pushedU: number;
  deliveredU: number;
  reservoirU: number;
  occlusionPressureKpa: number;
  doseCounter: number;
}

/** The pump's state machine. Call {@link InsulinPump.execute} for commands and {@link InsulinPump.tick} once per minute. */
export class InsulinPump {
  readonly params: PumpParams;
  private scheduledRateUPerHour = 0;
  private temp: { rateUPerHour: number; untilMs: number } | null = null;
  private suspendedUntilMs: number | null = null;
  private bolusQueueU = 0;
  private reservoirU = RESERVOIR_FULL_U;
  private pressureKpa = BASELINE_PRESSURE_KPA;
  private doseCounter = 0;
  private readonly faults: readonly PumpFault[];
  private readonly random: Random;

  constructor(params: PumpParams, random: Random, faults: readonly PumpFault[] = []) {
    this.params = params;
    this.random = random;
    this.faults = faults;
  }

  /** The basal rate the pump is running at `nowMs` (U/h), after temp basals and suspends. */
  currentBasalUPerHour(nowMs: number): number {
    if (this.suspendedUntilMs !== null && nowMs < this.suspendedUntilMs) return 0;
    if (this.temp !== null && nowMs < this.temp.untilMs) return this.temp.rateUPerHour;
    return this.scheduledRateUPerHour;
  }

  /** The programmed (scheduled) basal rate in U/h. */
  get scheduledBasalUPerHour(): number {
    return this.scheduledRateUPerHour;
  }

  /**
   * Executes a command at its issue time: BOLUS (U) is queued; BASAL_RATE sets the running schedule rate;
   * TEMP_BASAL runs `units` U/h for `durationMinutes`; SUSPEND stops basal for `durationMinutes`
   * (0 = until the next basal command). Infusion commands are not for this pump and are ignored.
   * @returns the amount the pump accepted after rounding and clipping (U or U/h).
   */
  execute(command: DoseCommand): number {
    const now = command.issuedAtMs;
    const minutes = (duration: number) => duration * 60_000;
    switch (command.kind) {
      case 'BOLUS': {
        const units = roundBolus(this.params, command.units);
        this.bolusQueueU += units;
        this.doseCounter++;
        return units;
      }
      case 'BASAL_RATE':
        this.scheduledRateUPerHour = roundBasal(this.params, command.units);
        this.suspendedUntilMs = null;
        this.doseCounter++;
        return this.scheduledRateUPerHour;
      case 'TEMP_BASAL': {
        const rate = roundBasal(this.params, command.units);
        this.temp = command.durationMinutes > 0 ? { rateUPerHour: rate, untilMs: now + minutes(command.durationMinutes) } : null;
        this.suspendedUntilMs = null;
        this.doseCounter++;
        return rate;
      }
      case 'SUSPEND':
        this.suspendedUntilMs = command.durationMinutes > 0 ? now + minutes(command.durationMinutes) : Number.POSITIVE_INFINITY;
        this.bolusQueueU = 0; // a suspend also cancels a running bolus
        this.doseCounter++;
        return 0;
      default:
        return 0;
    }
  }

  /** Runs the minute starting at `nowMs`. @returns what it delivered and the telemetry values. */
  tick(nowMs: number): PumpMinute {
    let occlusion = false;
    let leakFraction = 0;
    for (const fault of this.faults) {
      if (nowMs < fault.startMs || nowMs >= fault.endMs) continue;
      if (fault.kind === 'occlusion') occlusion = true;
      else leakFraction = fault.fraction;
    }
    if (this.reservoirU < RESERVOIR_CHANGE_BELOW_U) this.reservoirU = RESERVOIR_FULL_U;
    const bolusU = Math.min(this.bolusQueueU, BOLUS_RATE_U_PER_MIN);
    const wantedU = this.currentBasalUPerHour(nowMs) / 60 + bolusU;
    let pushedU = 0;
    if (occlusion) {
      // The motor stalls against the blockage: nothing moves, pressure builds.
      this.pressureKpa = Math.min(PRESSURE_MAX_KPA, this.pressureKpa + OCCLUSION_RISE_KPA_PER_MIN * (1 + 10 * wantedU));
    } else {
      pushedU = Math.min(wantedU, this.reservoirU);
      this.bolusQueueU -= bolusU;
      const target = BASELINE_PRESSURE_KPA + PRESSURE_PER_U_PER_MIN_KPA * pushedU;
      // Line pressure relaxes towards its flow-dependent level (time constant ~2 min); a leak vents it.
      this.pressureKpa += (target * (leakFraction > 0 ? 0.35 : 1) - this.pressureKpa) * 0.4;
    }
    this.reservoirU -= pushedU;
    const toPatientU = pushedU * (1 - leakFraction);
    const noise = this.random.normal(0, 0.4);
    return {
      toPatientU,
      pushedU,
      // The flow sensor sees what leaves the site; with a leak it reads less than commanded.
      deliveredU: Math.round(toPatientU * 1e5) / 1e5,
      reservoirU: Math.round(this.reservoirU * 1e4) / 1e4,
      occlusionPressureKpa: Math.round(Math.max(0, this.pressureKpa + noise) * 100) / 100,
      doseCounter: this.doseCounter,
    };
  }
}
