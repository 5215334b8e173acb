/**
 * The normal command stream a gateway forwards for one patient on sensor-augmented pump therapy:
 * the basal schedule (re-sent at each segment start), meal boluses from the carb ratio with a CGM
 * correction, corrections above target that respect insulin on board, and occasional temp basals
 * (zero below 80 mg/dL, raised during long highs, reduced around exercise). Policy only: no I/O.
 */
import type { DoseCommand, PatientProfile } from '../records.js';
import type { Random } from '../random.js';
import { roundBasal, roundBolus, type PumpParams } from '../devices/insulin-pump.js';

/** Meal-bolus correction applies above this CGM value (mg/dL). */
export const MEAL_CORRECTION_ABOVE_MG_DL = 150;
/** Glucose the meal-bolus correction aims for (mg/dL). */
export const MEAL_CORRECTION_TARGET_MG_DL = 140;
/** A stand-alone correction needs the CGM above target-high + 40 and no bolus in the last two hours. */
const CORRECTION_MARGIN_MG_DL = 40;
const CORRECTION_LOCKOUT_MINUTES = 120;
/** Corrections smaller than this are not worth a command. */
const MIN_CORRECTION_U = 0.5;
/** CGM older than this is not used for dosing (oref0). */
const STALE_CGM_MS = 12 * 60_000;

/** Who the commands come from and go to. */
export interface ControllerIdentity {
  patientId: string;
  pumpDeviceId: string;
  issuerId: string;
}

/** What the controller sees at one minute. */
export interface ControllerInput {
  nowMs: number;
  minuteOfDay: number;
  /** Latest CGM reading and its time, or null when there is none. */
  cgm: { glucoseMgDl: number; timestampMs: number } | null;
  /** CGM change over the last 15 minutes (mg/dL), null when unknown. */
  cgmDeltaMgDl: number | null;
  /** Insulin on board (U), read lazily because it costs a pass over six hours of delivery. */
  insulinOnBoardU: () => number;
  /** Grams of a meal bolus due now (announced carbs), or null. */
  mealBolusCarbsG: number | null;
  /** A planned temp-basal reduction for exercise starting now: its duration, or null. */
  exerciseTempBasalMinutes: number | null;
}

/** Issues dose commands; keeps the per-device counter monotonic across days. */
export class TherapyController {
  private counter = 0;
  private lastBolusMs = Number.NEGATIVE_INFINITY;
  private tempUntilMs = Number.NEGATIVE_INFINITY;
  private readonly profile: PatientProfile;
  private readonly pump: PumpParams;
  private readonly identity: ControllerIdentity;
  private readonly random: Random;

  constructor(profile: PatientProfile, pump: PumpParams, identity: ControllerIdentity, random: Random) {
    this.profile = profile;
    this.pump = pump;
    this.identity = identity;
    this.random = random;
  }

  /** The scheduled basal rate (U/h) at a minute of the day. */
  scheduledBasalUPerHour(minuteOfDay: number): number {
    let rate = this.profile.basalSchedule[0]!.rateUPerHour;
    for (const segment of this.profile.basalSchedule) if (segment.startMinute <= minuteOfDay) rate = segment.rateUPerHour;
    return rate;
  }

  /**
   * Decides this minute's commands.
   * @returns zero or more commands, in the order they are issued.
   */
  decide(input: ControllerInput): DoseCommand[] {
    const commands: DoseCommand[] = [];
    const { profile } = this;
    for (const segment of profile.basalSchedule) {
      if (segment.startMinute === input.minuteOfDay) commands.push(this.command(input.nowMs, 'BASAL_RATE', roundBasal(this.pump, segment.rateUPerHour), 0));
    }
    const fresh = input.cgm !== null && input.nowMs - input.cgm.timestampMs <= STALE_CGM_MS ? input.cgm.glucoseMgDl : null;

    if (input.mealBolusCarbsG !== null) {
      let units = input.mealBolusCarbsG / profile.carbRatioGPerU;
      if (fresh !== null && fresh > MEAL_CORRECTION_ABOVE_MG_DL) {
        // Bolus-wizard style: insulin on board reduces only the correction part.
        units += Math.max(0, (fresh - MEAL_CORRECTION_TARGET_MG_DL) / profile.correctionFactorMgDlPerU - Math.max(0, input.insulinOnBoardU()));
      }
      const bolus = this.capBolus(units);
      if (bolus > 0) commands.push(this.command(input.nowMs, 'BOLUS', bolus, 0));
      this.lastBolusMs = input.nowMs;
    } else if (fresh !== null && input.cgm!.timestampMs === input.nowMs && fresh > profile.targetHighMgDl + CORRECTION_MARGIN_MG_DL
      && input.nowMs - this.lastBolusMs >= CORRECTION_LOCKOUT_MINUTES * 60_000 && (input.cgmDeltaMgDl ?? 0) > -15) {
      const units = (fresh - profile.targetHighMgDl) / profile.correctionFactorMgDlPerU - Math.max(0, input.insulinOnBoardU());
      if (units >= MIN_CORRECTION_U) {
        commands.push(this.command(input.nowMs, 'BOLUS', this.capBolus(units), 0));
        this.lastBolusMs = input.nowMs;
      }
    }

    const scheduled = this.scheduledBasalUPerHour(input.minuteOfDay);
    if (input.exerciseTempBasalMinutes !== null) {
      commands.push(this.command(input.nowMs, 'TEMP_BASAL', roundBasal(this.pump, scheduled * 0.5), input.exerciseTempBasalMinutes));
      this.tempUntilMs = input.nowMs + input.exerciseTempBasalMinutes * 60_000;
    } else if (fresh !== null && input.nowMs >= this.tempUntilMs && input.cgm!.timestampMs === input.nowMs) {
      if (fresh < 80 && (input.cgmDeltaMgDl ?? 0) <= 0) {
        commands.push(this.command(input.nowMs, 'TEMP_BASAL', 0, 30)); // low: zero temp, as oref0 below its threshold
        this.tempUntilMs = input.nowMs + 30 * 60_000;
      } else if (fresh > 250 && (input.cgmDeltaMgDl ?? 0) >= 0 && this.random.bernoulli(0.3)) {
        commands.push(this.command(input.nowMs, 'TEMP_BASAL', Math.min(profile.limits.maxBasalUPerHour, roundBasal(this.pump, scheduled * 1.5)), 60));
        this.tempUntilMs = input.nowMs + 60 * 60_000;
      }
    }
    return commands;
  }

  private capBolus(units: number): number {
    return Math.min(roundBolus(this.pump, Math.max(0, units)), this.profile.limits.maxBolusU);
  }

  private command(nowMs: number, kind: DoseCommand['kind'], units: number, durationMinutes: number): DoseCommand {
    return {
      commandId: `cmd-${this.random.hex(8)}`,
      patientId: this.identity.patientId,
      deviceId: this.identity.pumpDeviceId,
      issuerId: this.identity.issuerId,
      counter: this.counter++,
      issuedAtMs: nowMs,
      kind,
      units,
      durationMinutes,
    };
  }
}
