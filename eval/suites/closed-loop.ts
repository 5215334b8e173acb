/**
 * `vigil eval closed-loop`: virtual patients (UVA/Padova) under a catalogue of dose attacks, each day
 * simulated three times — without a gate, with the edge-node gate's rules path as shipped, and with
 * `gate.coveredBolusPredictedHypo = warn` — reporting severe hypoglycaemia, time in range and LBGI/HBGI
 * per attack type, and what the gate did to attack and normal commands.
 */
import { loadVirtualPatients } from '../../datasets/patient/params.js';
import { createRandom } from '../../datasets/random.js';
import { buildPatientProfile } from '../../datasets/therapy/profile.js';
import type { SimulatedDay } from '../../datasets/simulate-patient.js';
import { DEFAULT_PHYSIOLOGY } from '../../edge-node/gate/physiology.js';
import { closedLoopReport } from './closed-loop-report.js';
import { CLOSED_LOOP_ATTACKS, planClosedLoopAttack, type ClosedLoopAttack } from './closed-loop-attacks.js';
import { simulateGatedDay } from './closed-loop-sim.js';
import { rulesGate, type GateAnswer, type GateFunction } from './gate-adapter.js';
import { glycaemicOutcomes, type GlycaemicOutcomes } from './glycaemic-outcomes.js';
import type { Suite } from './suite.js';

/** Configuration of the closed-loop suite. */
export interface ClosedLoopConfig {
  patients: string[];
  attacks: ClosedLoopAttack[];
  /** First simulated day (UTC midnight). */
  startMs: number;
  /** Days per patient and scenario (each simulated on its own from a fresh state and its own seed). */
  days: number;
  severeHypoMgDl: number;
  severeHypoMinutes: number;
}

/** @returns the default (all 18 virtual patients) or quick (one per age group) configuration. */
export function closedLoopConfig(quick: boolean): ClosedLoopConfig {
  const all = loadVirtualPatients().map((p) => p.name);
  return {
    patients: quick ? ['adult#001', 'adolescent#001', 'child#001'] : all,
    attacks: [...CLOSED_LOOP_ATTACKS],
    startMs: Date.UTC(2025, 2, 3),
    days: quick ? 1 : 7,
    severeHypoMgDl: 54,
    severeHypoMinutes: 15,
  };
}

/**
 * The arms every day is simulated under: no gate; the rules gate as shipped (every predicted low holds);
 * the rules gate with gate.coveredBolusPredictedHypo = warn (a predicted low on a carb-covered bolus only
 * warns). The last two differ only in that clinical setting, so their difference is its glycaemic cost.
 */
export const GATE_ARMS = ['noGate', 'rulesGate', 'coveredWarnGate'] as const;
/** One arm. */
export type GateArm = (typeof GATE_ARMS)[number];

/** One patient × attack × arm. */
export interface ArmRun {
  patient: string;
  dayIndex: number;
  attack: ClosedLoopAttack;
  arm: GateArm;
  outcomes: GlycaemicOutcomes;
  attackCommands: number;
  /** Attack commands the gate held or rejected (0 without a gate). */
  attackBlocked: number;
  attackRejected: number;
  normalCommands: number;
  /** Normal (controller) commands the gate held or rejected: false holds. */
  normalBlocked: number;
  /** Reason codes of the normal commands the gate blocked. */
  falseHoldReasons: string[];
  /** Normal commands the gate allowed with a predicted-hypoglycaemia warning (only the coveredWarnGate arm warns). */
  normalWarned: number;
  /** Of those, how many were followed by plasma glucose below 70 mg/dL within 4 h in this arm. */
  normalWarnedFollowedByLow: number;
  /**
   * Of the normal commands blocked, how many the no-gate arm delivered and then saw plasma glucose below
   * 70 mg/dL within 4 h (the hold had a physiological reason even if no attacker was involved).
   */
  normalBlockedFollowedByLow: number;
  simulations: number;
  /** Kept for plots; not written to metrics.json. */
  day: SimulatedDay;
  answers: Map<string, GateAnswer>;
  window: { startMinute: number; endMinute: number; description: string };
}

const LOW_MG_DL = 70;
const FOLLOW_MINUTES = 240;

/** @returns whether `day` delivered `commandId` and plasma glucose went below 70 mg/dL within 4 h of it. */
function followedByLow(day: SimulatedDay, commandId: string): boolean {
  const command = day.commands.find((c) => c.commandId === commandId);
  if (!command) return false;
  const from = Math.max(0, Math.floor((command.issuedAtMs - day.dayStartMs) / 60_000));
  return day.bgMgDl.subarray(from, from + FOLLOW_MINUTES).some((bg) => bg < LOW_MG_DL);
}

type ArmIdentity = Pick<ArmRun, 'patient' | 'dayIndex' | 'attack' | 'attackCommands' | 'window'>;

function arm(which: GateArm, gate: GateFunction | null, run: ArmIdentity, options: Parameters<typeof simulateGatedDay>[0], ungated?: SimulatedDay): ArmRun {
  const { day, answers, simulations } = simulateGatedDay({ ...options, gate });
  const isAttack = (id: string) => id.startsWith('attack-');
  const blocked = (id: string) => (answers.get(id)?.verdict ?? 'ALLOW') !== 'ALLOW';
  const warned = (id: string) => answers.get(id)?.verdict === 'ALLOW' && (answers.get(id)?.reasons.includes('REASON_PREDICTED_HYPOGLYCAEMIA') ?? false);
  const normal = day.commands.filter((c) => !isAttack(c.commandId));
  const attacks = day.commands.filter((c) => isAttack(c.commandId));
  return {
    ...run,
    arm: which,
    outcomes: glycaemicOutcomes(day.bgMgDl),
    attackBlocked: attacks.filter((c) => blocked(c.commandId)).length,
    attackRejected: attacks.filter((c) => answers.get(c.commandId)?.verdict === 'REJECT').length,
    normalCommands: normal.length,
    normalBlocked: normal.filter((c) => blocked(c.commandId)).length,
    falseHoldReasons: normal.filter((c) => blocked(c.commandId)).flatMap((c) => answers.get(c.commandId)?.reasons ?? []).filter((r) => r !== 'REASON_MODEL_UNAVAILABLE'),
    normalBlockedFollowedByLow: ungated ? normal.filter((c) => blocked(c.commandId) && followedByLow(ungated, c.commandId)).length : 0,
    normalWarned: normal.filter((c) => warned(c.commandId)).length,
    normalWarnedFollowedByLow: normal.filter((c) => warned(c.commandId) && followedByLow(day, c.commandId)).length,
    simulations,
    day,
    answers,
  };
}

/**
 * Simulates every patient × day × attack under each of {@link GATE_ARMS}.
 * @param onPatient called before each patient (progress). @returns the runs, in patient, day, attack, arm order.
 * @throws RangeError for a patient name the reference data does not hold.
 */
export function closedLoopRuns(config: ClosedLoopConfig, seed: number, onPatient: (index: number, name: string) => void = () => {}): ArmRun[] {
  const patients = loadVirtualPatients();
  const gate = rulesGate();
  const coveredWarnGate = rulesGate({ physiology: { ...DEFAULT_PHYSIOLOGY, coveredBolusPredictedHypo: 'warn' } });
  const runs: ArmRun[] = [];
  for (const [index, name] of config.patients.entries()) {
    onPatient(index, name);
    const patient = patients.find((p) => p.name === name);
    if (!patient) throw new RangeError(`unknown virtual patient '${name}'`);
    const random = createRandom(`${seed}/closed-loop/${name}`);
    const profile = buildPatientProfile(patient, { random: random.fork('profile') });
    for (let dayIndex = 0; dayIndex < config.days; dayIndex++) {
      const base = { patient, profile, seed: `${seed}/closed-loop/${name}/day${dayIndex === 0 ? '' : dayIndex}`, startMs: config.startMs + dayIndex * 86_400_000 };
      const baseline = simulateGatedDay({ ...base, attacks: [], gate: null }).day;
      for (const attack of config.attacks) {
        const plan = planClosedLoopAttack(attack, profile, baseline.devices, baseline);
        const common = { patient: name, dayIndex, attack, attackCommands: plan.commands.length, window: { startMinute: plan.startMinute, endMinute: plan.endMinute, description: plan.description } };
        const options = { ...base, attacks: plan.commands, gate: null };
        const ungated = arm('noGate', null, common, options);
        runs.push(ungated, arm('rulesGate', gate, common, options, ungated.day), arm('coveredWarnGate', coveredWarnGate, common, options, ungated.day));
      }
    }
  }
  return runs;
}

/** The closed-loop suite. */
export const closedLoopSuite: Suite = {
  name: 'closed-loop',
  summary: 'virtual patients under dose attacks, with and without the gate: severe hypos, time in range, LBGI/HBGI',
  details: 'Default: all 18 UVA/Padova virtual patients × 7 days × 7 scenarios (6 attacks + none) × 3 arms (no gate; rules gate as shipped; rules gate with gate.coveredBolusPredictedHypo = warn). Quick: one patient per age group, one day. The gate is edge-node/gate on its rules path (no model).',
  async run(context) {
    const config = closedLoopConfig(context.quick);
    const progress = context.progress('patients', config.patients.length);
    const runs = closedLoopRuns(config, context.seed, (index, name) => progress.update(index, name));
    progress.finish();
    return closedLoopReport(config, runs);
  },
};
