import { describe, expect, it } from 'vitest';
import { loadVirtualPatients } from './patient/params.js';
import { createRandom } from './random.js';
import { CgmReading, DoseCommand, HeartRateSample, PumpTelemetry } from './records.js';
import { simulatePatient, type SimulatePatientOptions } from './simulate-patient.js';
import { buildPatientProfile } from './therapy/profile.js';

const patients = loadVirtualPatients();
const adult = patients.find((p) => p.name === 'adult#003')!;
const START = Date.UTC(2025, 2, 1);

function options(seed: string, extra: Partial<SimulatePatientOptions> = {}): SimulatePatientOptions {
  const random = createRandom(seed);
  return { patient: adult, profile: buildPatientProfile(adult, { random: random.fork('profile') }), startMs: START, days: 3, random, ...extra };
}

describe('simulatePatient', () => {
  it('is deterministic: the same seed gives identical days; another seed differs', () => {
    const run = (seed: string) => [...simulatePatient(options(seed))].map((d) => ({ ...d, bgMgDl: [...d.bgMgDl], insulinDeliveredU: [...d.insulinDeliveredU] }));
    const first = run('same');
    expect(run('same')).toEqual(first);
    expect(run('other')[0]!.cgm).not.toEqual(first[0]!.cgm);
  });

  it('produces schema-valid, time-ordered streams with monotonic counters', () => {
    let lastCounter = -1;
    for (const day of simulatePatient(options('schema'))) {
      expect(day.bgMgDl).toHaveLength(1440);
      expect(day.pump).toHaveLength(1440);
      expect(day.heartRate).toHaveLength(1440);
      expect(day.cgm).toHaveLength(1440 / 3);
      for (const command of day.commands) {
        DoseCommand.parse(command);
        expect(command.counter).toBeGreaterThan(lastCounter);
        lastCounter = command.counter;
      }
      CgmReading.parse(day.cgm[0]);
      PumpTelemetry.parse(day.pump[0]);
      HeartRateSample.parse(day.heartRate[0]);
      for (const meal of day.meals.filter((m) => m.bolus !== 'missed' && m.kind === 'meal')) {
        expect(day.commands.find((c) => c.commandId === meal.bolusCommandId)?.kind).toBe('BOLUS');
      }
      expect(Math.min(...day.bgMgDl)).toBeGreaterThan(40);
      expect(Math.max(...day.bgMgDl)).toBeLessThan(400);
    }
  });

  it('delivers an injected command unless the gate blocks it', () => {
    const attackAt = START + 14 * 3_600_000 + 30_000;
    const attack: DoseCommand = {
      commandId: 'attack-1', patientId: 'p-0000000000000000', deviceId: 'pump-x', issuerId: 'mallory', counter: 999,
      issuedAtMs: attackAt, kind: 'BOLUS', units: 8, durationMinutes: 0,
    };
    const run = (deliver?: (c: DoseCommand) => boolean) => simulatePatient(options('attack', { days: 1, extraCommands: [attack], ...(deliver ? { deliver } : {}) })).next().value!;
    const delivered = run();
    const blocked = run((c) => c.commandId !== 'attack-1');
    expect(delivered.commands.some((c) => c.commandId === 'attack-1')).toBe(true);
    expect(blocked.blockedCommandIds).toEqual(['attack-1']);
    // The bolus leaves the pump within minutes of the attack (later the controller reacts to the low).
    const sum = (a: Float32Array) => a.slice(14 * 60, 14 * 60 + 10).reduce((x, y) => x + y, 0);
    expect(sum(delivered.insulinDeliveredU) - sum(blocked.insulinDeliveredU)).toBeCloseTo(8, 2);
    const nadir = (d: typeof delivered) => Math.min(...d.bgMgDl.slice(14 * 60));
    expect(nadir(delivered)).toBeLessThan(nadir(blocked) - 30);
  });

  it('exercise lowers glucose and raises heart rate; hypoglycaemia raises heart rate', () => {
    const exerciseDay = simulatePatient(options('exercise', { days: 1, behaviour: { exerciseDayProbability: 1 } })).next().value!;
    const restDay = simulatePatient(options('exercise', { days: 1, behaviour: { exerciseDayProbability: 0 } })).next().value!;
    const session = exerciseDay.exercise!;
    const from = (session.startMs - START) / 60_000;
    const to = from + session.durationMinutes;
    const meanHr = (day: typeof restDay, a: number, b: number) => day.heartRate.slice(a, b).reduce((s, h) => s + h.beatsPerMinute, 0) / (b - a);
    expect(meanHr(exerciseDay, from + 5, to)).toBeGreaterThan(meanHr(restDay, from + 5, to) + 20);
    expect(exerciseDay.bgMgDl[to]!).toBeLessThan(restDay.bgMgDl[to]! - 15);
  });

  it('passes fault injections to the devices: CGM dropout gives null readings, an occlusion raises glucose', () => {
    const window = { startMs: START + 2 * 3_600_000, endMs: START + 8 * 3_600_000 };
    const faulty = simulatePatient(options('faults', { days: 1, faults: { cgm: [{ kind: 'dropout', ...window }], pump: [{ kind: 'occlusion', ...window }] } })).next().value!;
    const clean = simulatePatient(options('faults', { days: 1 })).next().value!;
    const inWindow = faulty.cgm.filter((r) => r.timestampMs >= window.startMs && r.timestampMs < window.endMs);
    expect(inWindow.length).toBeGreaterThan(100);
    expect(inWindow.every((r) => r.glucoseMgDl === null)).toBe(true);
    const occluded = faulty.pump.filter((t) => t.timestampMs >= window.startMs && t.timestampMs < window.endMs);
    expect(occluded.every((t) => t.deliveredU === 0)).toBe(true);
    expect(Math.max(...occluded.map((t) => t.occlusionPressureKpa))).toBeGreaterThan(100);
    expect(faulty.bgMgDl[8 * 60]!).toBeGreaterThan(clean.bgMgDl[8 * 60]! + 20);
  });
});
