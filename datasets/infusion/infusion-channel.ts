/**
 * One channel of a large-volume infusion pump, minute by minute: volumetric accuracy (±~3%),
 * downstream pressure that follows the flow, boluses, and the two classic faults — occlusion (flow
 * stops, pressure climbs to the sensor's ceiling) and free flow (gravity flow far above the programmed
 * rate with pressure near zero).
 */
import type { Random } from '../random.js';
import type { InfusionFault, InfusionTelemetry } from './telemetry.js';

/** Resting downstream pressure (mmHg) and its rise per mL/h of flow (catheter resistance). */
const BASE_PRESSURE_MMHG = 15;
const PRESSURE_PER_ML_PER_HOUR = 0.06;
/** Occlusion: pressure climbs this much per minute while the pump keeps pushing, up to the ceiling. */
const OCCLUSION_RISE_MMHG_PER_MIN = 35;
const PRESSURE_CEILING_MMHG = 900;
/** Free flow runs at roughly gravity-flow rates through an open set. */
const FREE_FLOW_RATE_ML_PER_HOUR: [number, number] = [300, 900];

/** The state of one channel. */
export class InfusionChannel {
  readonly drugId: string;
  readonly channel: string;
  private rateMlPerHour = 0;
  private bolus: { rateMlPerHour: number; untilMs: number } | null = null;
  private volumeMl = 0;
  private pressureMmHg = BASE_PRESSURE_MMHG;
  private freeFlowRate: number | null = null;
  private readonly random: Random;
  private readonly faults: readonly InfusionFault[];

  constructor(drugId: string, channel: string, random: Random, faults: readonly InfusionFault[]) {
    this.drugId = drugId;
    this.channel = channel;
    this.random = random;
    this.faults = faults.filter((fault) => fault.drugId === drugId);
  }

  /** The programmed continuous rate (mL/h). */
  get continuousRateMlPerHour(): number {
    return this.rateMlPerHour;
  }

  /** Sets the continuous rate (an INFUSION_RATE order). */
  setRate(rateMlPerHour: number): void {
    this.rateMlPerHour = rateMlPerHour;
  }

  /** Starts a bolus that runs at `rateMlPerHour` until `untilMs`, then returns to the continuous rate. */
  startBolus(rateMlPerHour: number, untilMs: number): void {
    this.bolus = { rateMlPerHour, untilMs };
  }

  /** Runs the minute starting at `nowMs`. @returns the telemetry record (without patient and device ids). */
  tick(nowMs: number): Omit<InfusionTelemetry, 'patientId' | 'deviceId'> {
    if (this.bolus !== null && nowMs >= this.bolus.untilMs) this.bolus = null;
    const programmed = this.bolus?.rateMlPerHour ?? this.rateMlPerHour;
    const fault = this.faults.find((f) => nowMs >= f.startMs && nowMs < f.endMs);
    let measured: number;
    if (fault?.kind === 'occlusion') {
      measured = 0;
      // Behind a blockage the pump keeps pushing, so pressure builds faster at higher rates.
      const rise = programmed > 0 ? OCCLUSION_RISE_MMHG_PER_MIN * (0.5 + Math.min(1.5, programmed / 100)) : 0;
      this.pressureMmHg = Math.min(PRESSURE_CEILING_MMHG, this.pressureMmHg + rise);
    } else if (fault?.kind === 'free-flow') {
      this.freeFlowRate ??= this.random.uniform(FREE_FLOW_RATE_ML_PER_HOUR[0], FREE_FLOW_RATE_ML_PER_HOUR[1]);
      measured = this.freeFlowRate * (1 + this.random.normal(0, 0.05));
      this.pressureMmHg += (2 - this.pressureMmHg) * 0.6;
    } else {
      this.freeFlowRate = null;
      measured = programmed > 0 ? programmed * (1 + this.random.normal(0, 0.015)) : 0;
      const target = BASE_PRESSURE_MMHG + PRESSURE_PER_ML_PER_HOUR * measured;
      // Pressure relaxes to its flow-dependent level within a few minutes (and releases after an occlusion).
      this.pressureMmHg += (target - this.pressureMmHg) * 0.5;
    }
    measured = Math.max(0, measured);
    this.volumeMl += measured / 60;
    return {
      channel: this.channel,
      drugId: this.drugId,
      timestampMs: nowMs,
      programmedRateMlPerHour: round(programmed, 3),
      measuredRateMlPerHour: round(measured, 3),
      volumeInfusedMl: round(this.volumeMl, 3),
      linePressureMmHg: round(this.pressureMmHg + this.random.normal(0, 1.5), 1),
    };
  }
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
