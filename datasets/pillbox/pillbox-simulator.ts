/**
 * A patient's smart pillbox, day by day: the adherence process decides what the patient does, the
 * sensor renderer turns it into raw events; the ground-truth outcomes ride along as labels.
 */
import type { DoseOutcome, PillboxEvent, Regimen } from '../records.js';
import type { Random } from '../random.js';
import { AdherenceProcess } from './adherence-process.js';
import type { PatientBehaviour } from './archetypes.js';
import { DAY_MS } from './schedule.js';
import { renderPillboxEvents } from './sensor-events.js';

/** One simulated pillbox day. */
export interface PillboxDay {
  dayIndex: number;
  events: PillboxEvent[];
  /** Ground truth per scheduled dose (plus EXTRA doses). */
  outcomes: DoseOutcome[];
}

/** Simulates one regimen's box; call {@link PillboxSimulator.simulateDay} for day 0, 1, 2, ... */
export class PillboxSimulator {
  readonly regimen: Regimen;
  readonly behaviour: PatientBehaviour;
  private readonly process: AdherenceProcess;
  private readonly random: Random;

  constructor(regimen: Regimen, behaviour: PatientBehaviour, random: Random) {
    this.regimen = regimen;
    this.behaviour = behaviour;
    this.process = new AdherenceProcess(regimen, behaviour, random.fork('behaviour'));
    this.random = random.fork('sensor');
  }

  /** The patient's hidden state before the next simulated day (ground truth; see AdherenceProcess.state). */
  get hiddenState(): AdherenceProcess['state'] {
    return this.process.state;
  }

  /** @returns the events and outcomes of regimen day `dayIndex`. */
  simulateDay(dayIndex: number): PillboxDay {
    const { actions, outcomes } = this.process.simulateDay(dayIndex);
    const events = renderPillboxEvents(actions, this.regimen, this.regimen.startMs + dayIndex * DAY_MS, this.random);
    return { dayIndex, events, outcomes };
  }
}
