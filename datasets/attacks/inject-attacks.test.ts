import { beforeAll, describe, expect, it } from 'vitest';
import { loadVirtualPatients } from '../patient/params.js';
import { createRandom } from '../random.js';
import { ATTACK_TYPES, AttackLabel, DoseCommand, type AttackType } from '../records.js';
import { simulatePatient } from '../simulate-patient.js';
import { buildPatientProfile } from '../therapy/profile.js';
import { DEFAULT_DRUG_LIBRARY } from '../infusion/drug-library.js';
import { InfusionSimulator } from '../infusion/infusion-simulator.js';
import { PillboxSimulator } from '../pillbox/pillbox-simulator.js';
import { samplePatientBehaviour } from '../pillbox/archetypes.js';
import { sampleRegimen } from '../pillbox/regimens.js';
import { checkDrugLibrary } from '../infusion/check-drug-library.js';
import type { AttackableDay } from './attack-day.js';
import { injectAttacks } from './inject-attacks.js';
import { FAULT_TYPES, planPatientAttacks } from './plan.js';

const START = Date.UTC(2025, 0, 6);
const devices = { pumpDeviceId: 'pump-aaaa', cgmDeviceId: 'cgm-aaaa', heartRateDeviceId: 'hr-aaaa', issuerId: 'app-aaaa' };
let day: AttackableDay;

beforeAll(() => {
  const random = createRandom('attacks');
  const patient = loadVirtualPatients().find((p) => p.name === 'adult#002')!;
  const profile = buildPatientProfile(patient, { random: random.fork('profile') });
  const simulated = simulatePatient({ patient, profile, startMs: START, days: 1, random, devices }).next().value!;
  const infusion = new InfusionSimulator({ patientId: profile.patientId, deviceId: 'inf-aaaa', issuerId: 'emr-aaaa', careArea: 'icu', weightKg: profile.weightKg, library: DEFAULT_DRUG_LIBRARY, random: random.fork('inf') }).simulateDay(START);
  const regimen = sampleRegimen(random.fork('regimen'), profile.patientId, 'box-aaaa', START, 3);
  const box = new PillboxSimulator(regimen, samplePatientBehaviour('occasional-forgetter', random.fork('b')), random.fork('box')).simulateDay(0);
  day = {
    profile, devices: { ...devices, infusionDeviceId: 'inf-aaaa', pillboxDeviceId: 'box-aaaa' }, dayStartMs: START,
    commands: [...simulated.commands, ...infusion.commands].sort((a, b) => a.issuedAtMs - b.issuedAtMs),
    cgm: simulated.cgm, infusion: infusion.telemetry, pillboxEvents: box.events, regimen, doseOutcomes: box.outcomes,
  };
});

const injectable = ATTACK_TYPES.filter((t) => !FAULT_TYPES.includes(t));

function inject(type: AttackType, seed: string = type) {
  return injectAttacks(day, { attacks: [{ attackId: 'atk-1', type, atMs: START + 10 * 3_600_000 }], counterState: {} }, createRandom(seed));
}

describe('injectAttacks', () => {
  it.each(injectable)('%s: one schema-valid label whose window covers every changed record', (type) => {
    const result = inject(type);
    expect(result.labels).toHaveLength(1);
    const label = AttackLabel.parse(result.labels[0]);
    expect(label.type).toBe(type);
    const inWindow = (t: number) => t >= label.startMs && t <= label.endMs;
    const changedCommands = result.commands.filter((c) => label.commandIds.includes(c.commandId));
    for (const c of changedCommands) expect(inWindow(c.issuedAtMs)).toBe(true);
    const changedCgm = result.cgm.filter((r, i) => r.glucoseMgDl !== day.cgm[i]!.glucoseMgDl);
    for (const r of changedCgm) expect(inWindow(r.timestampMs)).toBe(true);
    const changedInfusion = result.infusion.filter((t, i) => t.programmedRateMlPerHour !== day.infusion![i]!.programmedRateMlPerHour);
    for (const t of changedInfusion) expect(inWindow(t.timestampMs)).toBe(true);
    const addedEvents = result.pillboxEvents.filter((e) => !day.pillboxEvents!.includes(e));
    for (const e of addedEvents) expect(inWindow(e.timestampMs)).toBe(true);
    expect(changedCommands.length + changedCgm.length + changedInfusion.length + addedEvents.length).toBeGreaterThan(0);
    // Every command other than a forgery comes from the patient's own issuers and devices.
    for (const c of result.commands) {
      DoseCommand.parse(c);
      expect(c.patientId).toBe(day.profile.patientId);
      if (type !== 'forged-command') expect(['app-aaaa', 'emr-aaaa']).toContain(c.issuerId);
    }
  });

  it('keeps counters a consecutive sequence per device, except the replayed and forged commands', () => {
    for (const type of injectable) {
      const result = inject(type);
      const attackIds = new Set(result.labels.flatMap((l) => (['replayed-command', 'forged-command'].includes(l.type) ? l.commandIds : [])));
      for (const device of ['pump-aaaa', 'inf-aaaa']) {
        const seen = new Set<string>();
        const counters = result.commands.filter((c) => {
          if (c.deviceId !== device) return false;
          const second = seen.has(c.commandId);
          seen.add(c.commandId);
          return !(attackIds.has(c.commandId) && (second || type === 'forged-command'));
        }).map((c) => c.counter);
        counters.forEach((counter, i) => expect(counter).toBe(counters[0]! + i));
      }
    }
  });

  it('a replay repeats id and counter; a forgery has a wrong issuer or is marked wrong-key', () => {
    const replay = inject('replayed-command');
    const id = replay.labels[0]!.commandIds[0]!;
    const copies = replay.commands.filter((c) => c.commandId === id);
    expect(copies).toHaveLength(2);
    expect(copies[0]).toEqual(copies[1]);
    const details = Array.from({ length: 8 }, (_, i) => inject('forged-command', `forge-${i}`)).map((r) => {
      const c = r.commands.find((x) => x.commandId === r.labels[0]!.commandIds[0])!;
      return { detail: r.labels[0]!.detail, issuer: c.issuerId };
    });
    expect(details.some((d) => d.detail.startsWith('forgery=wrong-key') && d.issuer === 'app-aaaa')).toBe(true);
    expect(details.some((d) => d.detail.startsWith('forgery=wrong-issuer') && d.issuer !== 'app-aaaa')).toBe(true);
  });

  it('tampering outside limits exceeds max bolus; inside limits stays below it', () => {
    const max = day.profile.limits.maxBolusU;
    const units = (type: AttackType) => {
      const r = inject(type);
      return r.commands.find((c) => c.commandId === r.labels[0]!.commandIds[0])!.units;
    };
    expect(units('bolus-tamper-outside-limits')).toBeGreaterThan(max);
    expect(units('bolus-tamper-inside-limits')).toBeLessThanOrEqual(max);
  });

  it('an infusion ×10 order carries ten times the dose and the pump runs faster (often, not always, a library breach)', () => {
    const r = inject('infusion-rate-x10');
    const command = r.commands.find((c) => c.commandId === r.labels[0]!.commandIds[0])!;
    const original = day.commands.find((c) => c.commandId === command.commandId)!;
    expect(command.infusion!.dose).toBeCloseTo(original.infusion!.dose * 10, 6);
    expect(checkDrugLibrary(original, DEFAULT_DRUG_LIBRARY).status).not.toBe('hard-breach');
    const before = day.infusion!.filter((t) => t.drugId === command.infusion!.drugId).at(-1)!.volumeInfusedMl;
    const after = r.infusion.filter((t) => t.drugId === command.infusion!.drugId).at(-1)!.volumeInfusedMl;
    expect(after).toBeGreaterThan(before);
  });

  it('is pure and deterministic', () => {
    const snapshot = JSON.stringify(day.commands) + JSON.stringify(day.cgm);
    const plan = { attacks: injectable.map((type, i) => ({ attackId: `atk-${i}`, type, atMs: START + (1 + i) * 3_000_000 })), counterState: {} };
    const a = injectAttacks(day, plan, createRandom('det'));
    const b = injectAttacks(day, plan, createRandom('det'));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(day.commands) + JSON.stringify(day.cgm)).toBe(snapshot);
    expect(new Set(a.labels.map((l) => l.type)).size).toBe(injectable.length);
  });
});

describe('planPatientAttacks', () => {
  it('balances types across a cohort and plans faults with labels', () => {
    const usage = new Map<AttackType, number>();
    const targets = { patientId: 'p-0000aaaa', pumpDeviceId: 'pump-a', cgmDeviceId: 'cgm-a', infusionDeviceId: 'inf-a', infusionDrugIds: ['heparin'], pillboxDeviceId: 'box-a' };
    const plan = planPatientAttacks({ random: createRandom('plan'), targets, startMs: START, days: 20, ratePerDay: 2, usage });
    const planned = plan.byDay.flat().length + plan.faultLabels.length;
    expect(planned).toBeGreaterThan(20);
    for (const type of ATTACK_TYPES) expect(usage.get(type) ?? 0).toBeGreaterThanOrEqual(Math.floor(planned / ATTACK_TYPES.length));
    expect(plan.faults.cgm.length + plan.faults.pump.length + plan.faults.infusion.length).toBe(plan.faultLabels.length);
    const noDevices = planPatientAttacks({ random: createRandom('plan'), targets: { patientId: 'p-0000aaaa', pumpDeviceId: 'p', cgmDeviceId: 'c' }, startMs: START, days: 10, ratePerDay: 2, usage: new Map() });
    expect(noDevices.byDay.flat().some((a) => a.type === 'infusion-rate-x10' || a.type === 'pillbox-weight-spoof')).toBe(false);
  });
});
