/**
 * Dose-context and telemetry data from the datasets simulator: every normal command of simulated
 * patient-days replayed through the same PatientStateTracker and feature code the gate runs, plus
 * contextual attack commands inside the hard limits, each scored against the normal state at its time.
 * (The datasets attack catalog was not committed when this was written; these attacks follow its types.)
 */
import { buildPatientProfile, createRandom, loadVirtualPatients, simulatePatient, type SimulatedDay } from '../../datasets/index.js';
import type { DoseCommand, PatientProfile } from '../../datasets/records.js';
import type { Random } from '../../datasets/random.js';
import { buildDoseContext, doseContextVector, type DoseContext } from '../features/dose-context.js';
import { scheduledBasalUPerHour } from '../features/insulin-on-board.js';
import { PatientStateTracker } from '../features/patient-state.js';
import { telemetryWindowFeatures } from '../features/telemetry-window.js';

const MINUTE_MS = 60_000;

/** Contextual attack types generated here (all inside the patient's hard limits). */
export const CONTEXT_ATTACKS = ['bolus-tamper-inside-limits', 'extra-bolus-no-meal', 'bolus-during-low', 'basal-manipulation-sudden', 'zero-basal-during-high'] as const;

/** One scored row. */
export interface DoseRow {
  features: Float32Array;
  context: DoseContext;
  attack: (typeof CONTEXT_ATTACKS)[number] | null;
}

/** Rows of one simulated patient. */
export interface PatientRows {
  virtualPatient: string;
  ageGroup: string;
  profile: PatientProfile;
  dose: DoseRow[];
  /** Normal telemetry windows (every 30 min), and the same windows with a CGM spoof applied. */
  telemetry: Float32Array[];
  telemetrySpoofed: Float32Array[];
}

function attackCommand(kind: DoseCommand['kind'], base: DoseCommand, atMs: number, units: number, durationMinutes: number, random: Random): DoseCommand {
  return { ...base, commandId: `atk-${random.hex(6)}`, issuedAtMs: atMs, kind, units: Number(units.toFixed(2)), durationMinutes };
}

function planAttacks(day: SimulatedDay, profile: PatientProfile, random: Random): DoseCommand[] {
  const base = day.commands[0];
  if (!base) return [];
  const out: DoseCommand[] = [];
  const atRandom = () => day.dayStartMs + random.int(60, 1380) * MINUTE_MS + 30_000;
  const max = profile.limits.maxBolusU;
  for (const command of day.commands) {
    if (command.kind === 'BOLUS' && command.units < 0.5 * max && random.bernoulli(0.5)) {
      const units = Math.min(max, Math.max(command.units * random.uniform(2, 4), command.units + random.uniform(0.3, 0.6) * max));
      out.push(attackCommand('BOLUS', command, command.issuedAtMs, units, 0, random));
    }
  }
  out.push(attackCommand('BOLUS', base, atRandom(), random.uniform(0.25, 1) * max, 0, random));
  const low = day.cgm.find((r) => r.glucoseMgDl !== null && r.glucoseMgDl < 75 && r.timestampMs > day.dayStartMs + 60 * MINUTE_MS);
  if (low) out.push(attackCommand('BOLUS', base, low.timestampMs + 30_000, random.uniform(0.15, 0.5) * max, 0, random));
  const t = atRandom();
  const scheduled = scheduledBasalUPerHour(profile, Math.floor((t - day.dayStartMs) / MINUTE_MS));
  out.push(attackCommand('TEMP_BASAL', base, t, Math.min(profile.limits.maxBasalUPerHour, scheduled * random.uniform(2.5, 4)), random.int(120, 240), random));
  const high = day.cgm.find((r) => r.glucoseMgDl !== null && r.glucoseMgDl > 200);
  if (high) out.push(attackCommand('TEMP_BASAL', base, high.timestampMs + 30_000, 0, random.int(120, 240), random));
  return out;
}

function attackType(command: DoseCommand, day: SimulatedDay): DoseRow['attack'] {
  if (command.kind === 'TEMP_BASAL') return command.units === 0 ? 'zero-basal-during-high' : 'basal-manipulation-sudden';
  if (day.commands.some((c) => c.kind === 'BOLUS' && c.issuedAtMs === command.issuedAtMs)) return 'bolus-tamper-inside-limits';
  const g = [...day.cgm].reverse().find((r) => r.timestampMs <= command.issuedAtMs && r.glucoseMgDl !== null)?.glucoseMgDl ?? 200;
  return g < 75 ? 'bolus-during-low' : 'extra-bolus-no-meal';
}

function spoofCgm(day: SimulatedDay, endMs: number, random: Random): SimulatedDay['cgm'] {
  const mode = random.int(0, 2);
  const frozen = [...day.cgm].reverse().find((r) => r.timestampMs < endMs - 45 * MINUTE_MS && r.glucoseMgDl !== null)?.glucoseMgDl ?? 120;
  return day.cgm.map((r, i) => {
    if (r.timestampMs < endMs - 45 * MINUTE_MS || r.timestampMs >= endMs || r.glucoseMgDl === null) return r;
    const minutes = (r.timestampMs - (endMs - 45 * MINUTE_MS)) / MINUTE_MS;
    const g = mode === 0 ? frozen : mode === 1 ? r.glucoseMgDl + (i % 2 === 0 ? 60 : -40) : r.glucoseMgDl + 2.5 * minutes;
    return { ...r, glucoseMgDl: Math.max(40, Math.min(400, g)) };
  });
}

/**
 * Simulates virtual patients and builds dose-context rows (normal and attack) and telemetry windows.
 * @returns one entry per (virtual patient, instance).
 */
export function simulateDoseCohort(options: { virtualPatients?: string[]; instances: number; days: number; seed: string }): PatientRows[] {
  const all = loadVirtualPatients();
  const chosen = options.virtualPatients ? all.filter((p) => options.virtualPatients!.includes(p.name)) : all;
  const out: PatientRows[] = [];
  for (const patient of chosen) {
    for (let instance = 0; instance < options.instances; instance++) {
      const random = createRandom(`${options.seed}/${patient.name}/${instance}`);
      const profile = buildPatientProfile(patient, { random: random.fork('profile') });
      const tracker = new PatientStateTracker(profile);
      const attackRandom = random.fork('attacks');
      const rows: PatientRows = { virtualPatient: patient.name, ageGroup: profile.ageGroup, profile, dose: [], telemetry: [], telemetrySpoofed: [] };
      for (const day of simulatePatient({ patient, profile, startMs: Date.UTC(2025, 2, 3), days: options.days, random })) {
        const carbs = day.meals.filter((m) => m.kind === 'meal' && m.bolusAtMs !== null).map((m) => ({ timestampMs: m.bolusAtMs!, carbsG: m.announcedCarbsG }));
        const attacks = day.dayIndex > 0 ? planAttacks(day, profile, attackRandom) : [];
        const events = [
          ...day.commands.map((c) => ({ t: c.issuedAtMs, order: 2, run: () => {
            if (day.dayIndex > 0) {
              const context = buildDoseContext(tracker.snapshot(), c);
              rows.dose.push({ features: doseContextVector(context, profile), context, attack: null });
            }
            tracker.addCommand(c);
          } })),
          ...attacks.map((c) => ({ t: c.issuedAtMs, order: 3, run: () => {
            const context = buildDoseContext(tracker.snapshot(), c);
            rows.dose.push({ features: doseContextVector(context, profile), context, attack: attackType(c, day) });
          } })),
          ...day.cgm.map((r) => ({ t: r.timestampMs, order: 0, run: () => tracker.addCgm(r) })),
          ...carbs.map((e) => ({ t: e.timestampMs, order: 1, run: () => tracker.addCarbs(e) })),
        ].sort((a, b) => a.t - b.t || a.order - b.order);
        for (const e of events) e.run();
        if (day.dayIndex > 0) {
          for (let minute = 60; minute <= 1440; minute += 30) {
            const endMs = day.dayStartMs + minute * MINUTE_MS;
            const window = { profile, endMs, cgm: day.cgm, pump: day.pump, heartRate: day.heartRate };
            rows.telemetry.push(telemetryWindowFeatures(window));
            if (minute % 120 === 0) rows.telemetrySpoofed.push(telemetryWindowFeatures({ ...window, cgm: spoofCgm(day, endMs, attackRandom) }));
          }
        }
      }
      out.push(rows);
    }
  }
  return out;
}
