/**
 * One virtual patient's day with attack commands, with or without a gate, simulated exactly.
 *
 * `simulatePatient`'s `deliver` hook sees only the command, but the gate needs the CGM and history up to
 * that moment. Everything before minute t is fixed by the delivery decisions before t, so we simulate with
 * all undecided commands delivered, ask the gate about each command in time order using that run's past,
 * and stop at the first command the gate blocks: its decision is recorded and the day re-simulated.
 * Runs = 1 + number of blocked commands; the result is what an online gate would have produced.
 */
import type { DoseCommand, PatientProfile } from '../../datasets/records.js';
import type { VirtualPatient } from '../../datasets/patient/params.js';
import { createRandom } from '../../datasets/random.js';
import { simulatePatient, type SimulatedDay } from '../../datasets/simulate-patient.js';
import type { CarbEntry } from '../../edge-node/gate/dose-context.js';
import type { GateAnswer, GateFunction } from './gate-adapter.js';

const HOUR_MS = 3_600_000;

/** Options of {@link simulateGatedDay}. */
export interface GatedDayOptions {
  patient: VirtualPatient;
  profile: PatientProfile;
  /** Seed path of the simulation (identical across arms, so only the gate differs). */
  seed: string;
  startMs: number;
  attacks: readonly DoseCommand[];
  /** null: no gate, everything is delivered. */
  gate: GateFunction | null;
}

/** The simulated day and the gate's answer for every command (empty without a gate). */
export interface GatedDay {
  day: SimulatedDay;
  answers: Map<string, GateAnswer>;
  simulations: number;
}

function simulate(options: GatedDayOptions, blocked: ReadonlySet<string>): SimulatedDay {
  const days = simulatePatient({
    patient: options.patient, profile: options.profile, startMs: options.startMs, days: 1, random: createRandom(options.seed),
    extraCommands: options.attacks, deliver: (c) => !blocked.has(c.commandId),
  });
  return days.next().value as SimulatedDay;
}

/**
 * Simulates the day.
 * @returns the final day and the gate's answers. Deterministic for given options.
 */
export function simulateGatedDay(options: GatedDayOptions): GatedDay {
  const answers = new Map<string, GateAnswer>();
  const blocked = new Set<string>();
  let simulations = 0;
  for (;;) {
    const day = simulate(options, blocked);
    simulations++;
    if (options.gate === null) return { day, answers, simulations };
    const carbs: CarbEntry[] = day.meals.filter((m) => m.announcedCarbsG > 0).map((m) => ({ timestampMs: m.startMs, carbsG: m.announcedCarbsG })).sort((a, b) => a.timestampMs - b.timestampMs);
    const delivered: DoseCommand[] = [];
    let newlyBlocked = false;
    for (const command of day.commands) {
      let answer = answers.get(command.commandId);
      if (answer === undefined) {
        const t = command.issuedAtMs;
        answer = options.gate(command, {
          profile: options.profile,
          delivered: delivered.filter((c) => t - c.issuedAtMs <= 24 * HOUR_MS),
          cgm: day.cgm.filter((r) => r.timestampMs <= t && t - r.timestampMs <= 3 * HOUR_MS),
          carbs: carbs.filter((c) => c.timestampMs <= t && t - c.timestampMs <= 6 * HOUR_MS),
        });
        answers.set(command.commandId, answer);
        if (answer.verdict !== 'ALLOW') {
          blocked.add(command.commandId);
          newlyBlocked = true;
          break; // everything after this command changes: re-simulate
        }
      }
      if (answer.verdict === 'ALLOW') delivered.push(command);
    }
    if (!newlyBlocked) return { day, answers, simulations };
  }
}
