/**
 * The infusions of one hospitalised patient, a day at a time: orders and titrations as INFUSION_RATE
 * commands, loading and PRN boluses as INFUSION_BOLUS commands, and per-minute channel telemetry.
 * Titration is a bounded multiplicative walk inside the soft range; IV insulin follows the CGM with a
 * simple sliding scale. About 0.5% of titrations go past a soft maximum (a clinician override, as
 * happens on wards) but never past a hard limit, so normal traffic is hard-limit clean.
 */
import type { DoseCommand } from '../records.js';
import type { Random } from '../random.js';
import { doseToRateMlPerHour, findDrugEntry, type CareArea, type DrugLibrary, type DrugLibraryEntry } from './drug-library.js';
import { InfusionChannel } from './infusion-channel.js';
import type { InfusionFault, InfusionTelemetry } from './telemetry.js';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;
/** Drugs besides maintenance fluid a patient may have running, and the chance of each. */
const OPTIONAL_DRUGS: readonly { drugId: string; probability: number; titrateEveryMinutes: [number, number] }[] = [
  { drugId: 'insulin-regular-iv', probability: 0.5, titrateEveryMinutes: [60, 120] },
  { drugId: 'heparin', probability: 0.4, titrateEveryMinutes: [300, 480] },
  { drugId: 'norepinephrine', probability: 0.35, titrateEveryMinutes: [30, 120] },
  { drugId: 'morphine', probability: 0.45, titrateEveryMinutes: [240, 480] },
];
const FLUID = { drugId: 'sodium-chloride-0.9', titrateEveryMinutes: [480, 720] as [number, number] };
/** Probability that a titration lands between the soft and the hard maximum (a documented override). */
export const SOFT_OVERRIDE_PROBABILITY = 0.005;

/** Options of {@link InfusionSimulator}. */
export interface InfusionSimulatorOptions {
  patientId: string;
  deviceId: string;
  /** The ward's order system that issues the commands. */
  issuerId: string;
  careArea: CareArea;
  weightKg: number;
  library: DrugLibrary;
  random: Random;
  faults?: readonly InfusionFault[];
}

/** One day of infusions. */
export interface InfusionDay {
  commands: DoseCommand[];
  telemetry: InfusionTelemetry[];
}

interface ChannelPlan {
  entry: DrugLibraryEntry;
  channel: InfusionChannel;
  dose: number;
  nextTitrationMinute: number;
  titrateEveryMinutes: [number, number];
}

/** Simulates one patient's infusion pump; call {@link InfusionSimulator.simulateDay} for consecutive days. */
export class InfusionSimulator {
  /** Drug ids on this pump, channel A first. */
  readonly drugIds: readonly string[];
  private readonly options: InfusionSimulatorOptions;
  private readonly plans: ChannelPlan[] = [];
  private readonly random: Random;
  private counter = 0;
  private absoluteMinute = 0;

  constructor(options: InfusionSimulatorOptions) {
    this.options = options;
    this.random = options.random;
    const pick = options.random.fork('drugs');
    const chosen = [FLUID, ...OPTIONAL_DRUGS.filter((drug) => pick.bernoulli(drug.probability))]
      .filter((drug) => findDrugEntry(options.library, drug.drugId, options.careArea) !== undefined)
      .slice(0, 4);
    chosen.forEach((drug, i) => {
      const entry = findDrugEntry(options.library, drug.drugId, options.careArea)!;
      const channel = new InfusionChannel(entry.drugId, 'ABCD'[i]!, options.random.fork(`channel-${i}`), options.faults ?? []);
      this.plans.push({ entry, channel, dose: typicalDose(entry, pick), nextTitrationMinute: pick.int(0, 60), titrateEveryMinutes: drug.titrateEveryMinutes });
    });
    this.drugIds = this.plans.map((plan) => plan.entry.drugId);
  }

  /**
   * Simulates the day starting at `dayStartMs`.
   * @param glucoseAt latest CGM glucose at a time (mg/dL) or null; drives IV insulin titration.
   * @returns the day's commands (issue order) and telemetry (time order, channels interleaved).
   */
  simulateDay(dayStartMs: number, glucoseAt: (timestampMs: number) => number | null = () => null): InfusionDay {
    const day: InfusionDay = { commands: [], telemetry: [] };
    const { patientId, deviceId } = this.options;
    for (let minute = 0; minute < DAY_MINUTES; minute++, this.absoluteMinute++) {
      const nowMs = dayStartMs + minute * MINUTE_MS;
      for (const plan of this.plans) {
        if (this.absoluteMinute === plan.nextTitrationMinute) {
          const first = plan.channel.continuousRateMlPerHour === 0;
          if (!first) plan.dose = this.titrate(plan, glucoseAt(nowMs));
          day.commands.push(this.rateCommand(plan, nowMs));
          if (first && plan.entry.drugId === 'heparin') day.commands.push(this.bolusCommand(plan, nowMs, this.random.uniform(25, 40), 10));
          plan.nextTitrationMinute += this.random.int(plan.titrateEveryMinutes[0], plan.titrateEveryMinutes[1]);
        }
        // PRN opioid boluses: about two a day.
        if (plan.entry.drugId === 'morphine' && plan.entry.bolus && plan.channel.continuousRateMlPerHour > 0 && this.random.bernoulli(2 / DAY_MINUTES)) {
          day.commands.push(this.bolusCommand(plan, nowMs, this.random.uniform(plan.entry.bolus.dose.softMin ?? 1, (plan.entry.bolus.dose.softMax ?? 4) * 0.8), 5));
        }
        day.telemetry.push({ patientId, deviceId, ...plan.channel.tick(nowMs) });
      }
    }
    return day;
  }

  private titrate(plan: ChannelPlan, glucoseMgDl: number | null): number {
    const { dose: limits } = plan.entry;
    const low = limits.softMin ?? limits.hardMin ?? 0;
    const high = limits.softMax ?? limits.hardMax ?? plan.dose * 2;
    let next: number;
    if (plan.entry.drugId === 'insulin-regular-iv' && glucoseMgDl !== null) {
      // Sliding scale: about 1 unit/h per 40 mg/dL above 100 (unit/kg/h variants scale by weight).
      const perHour = Math.max(0, (glucoseMgDl - 100) / 40);
      next = plan.entry.doseUnit === 'unit/kg/h' ? perHour / this.options.weightKg : perHour;
    } else {
      next = plan.dose * Math.exp(this.random.normal(0, 0.2));
    }
    next = Math.min(high, Math.max(low, next));
    if (this.random.bernoulli(SOFT_OVERRIDE_PROBABILITY) && limits.softMax !== undefined) {
      const hard = limits.hardMax ?? limits.softMax * 1.5;
      const override = this.random.uniform(limits.softMax, limits.softMax + 0.8 * (hard - limits.softMax));
      // An override must still fit the pump's rate ceiling, or it would be a hard breach.
      const ceiling = this.options.library.maxRateMlPerHour[this.options.careArea];
      if (doseToRateMlPerHour(plan.entry, override, this.options.weightKg) <= 0.9 * ceiling) next = override;
    }
    return significant(next);
  }

  private rateCommand(plan: ChannelPlan, nowMs: number): DoseCommand {
    const rate = round(doseToRateMlPerHour(plan.entry, plan.dose, this.options.weightKg), 2);
    plan.channel.setRate(rate);
    return this.command(nowMs, 'INFUSION_RATE', plan, plan.dose, plan.entry.doseUnit, rate, 0);
  }

  private bolusCommand(plan: ChannelPlan, nowMs: number, rawDose: number, minimumMinutes: number): DoseCommand {
    const bolus = plan.entry.bolus!;
    const dose = significant(rawDose);
    const amount = bolus.unit.endsWith('/kg') ? dose * this.options.weightKg : dose;
    const volumeMl = plan.entry.concentrationUnit === 'mL' ? amount : amount / plan.entry.concentrationPerMl;
    // A large bolus is pushed more slowly so it stays under the care area's rate ceiling.
    const ceiling = this.options.library.maxRateMlPerHour[this.options.careArea];
    const durationMinutes = Math.max(minimumMinutes, Math.ceil((volumeMl * 60) / (0.8 * ceiling)));
    const rate = round((volumeMl * 60) / durationMinutes, 2);
    plan.channel.startBolus(rate, nowMs + durationMinutes * MINUTE_MS);
    return this.command(nowMs, 'INFUSION_BOLUS', plan, dose, bolus.unit, rate, durationMinutes);
  }

  private command(nowMs: number, kind: 'INFUSION_RATE' | 'INFUSION_BOLUS', plan: ChannelPlan, dose: number, doseUnit: string, rateMlPerHour: number, durationMinutes: number): DoseCommand {
    return {
      commandId: `cmd-${this.random.hex(8)}`,
      patientId: this.options.patientId,
      deviceId: this.options.deviceId,
      issuerId: this.options.issuerId,
      counter: this.counter++,
      issuedAtMs: nowMs,
      kind,
      units: dose,
      durationMinutes,
      infusion: { drugId: plan.entry.drugId, careArea: plan.entry.careArea, dose, doseUnit, rateMlPerHour },
    };
  }
}

/** A starting dose in the lower half of the soft range (log-uniform, so wide ranges are covered evenly). */
function typicalDose(entry: DrugLibraryEntry, random: Random): number {
  const low = entry.dose.softMin ?? entry.dose.hardMin ?? 1;
  const high = entry.dose.softMax ?? entry.dose.hardMax ?? low * 10;
  const mid = Math.sqrt(low * high);
  return significant(Math.exp(random.uniform(Math.log(low), Math.log(mid))));
}

/** Three significant digits, as a pump keypad would accept. */
function significant(value: number): number {
  return Number(value.toPrecision(3));
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
