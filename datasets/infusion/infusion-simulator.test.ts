import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.js';
import { DoseCommand } from '../records.js';
import { checkDrugLibrary } from './check-drug-library.js';
import { DEFAULT_DRUG_LIBRARY, type CareArea } from './drug-library.js';
import { InfusionSimulator } from './infusion-simulator.js';
import { InfusionTelemetry, type InfusionFault } from './telemetry.js';

const START = Date.UTC(2025, 0, 6);
const DAY_MS = 86_400_000;

function simulator(seed: string, careArea: CareArea = 'icu', faults: InfusionFault[] = []) {
  return new InfusionSimulator({ patientId: 'p-0000aaaa', deviceId: 'inf-1', issuerId: 'emr-1', careArea, weightKg: 80, library: DEFAULT_DRUG_LIBRARY, random: createRandom(seed), faults });
}

describe('InfusionSimulator', () => {
  it('issues schema-valid orders that never breach a hard limit, with a monotonic counter', () => {
    let hard = 0;
    let commands = 0;
    for (const careArea of ['icu', 'med-surg', 'paediatrics'] as const) {
      for (let s = 0; s < 6; s++) {
        const sim = simulator(`orders-${careArea}-${s}`, careArea);
        let last = -1;
        for (let d = 0; d < 2; d++) {
          const day = sim.simulateDay(START + d * DAY_MS, () => 180);
          for (const command of day.commands) {
            DoseCommand.parse(command);
            expect(command.counter).toBeGreaterThan(last);
            last = command.counter;
            commands++;
            if (checkDrugLibrary(command, DEFAULT_DRUG_LIBRARY).status === 'hard-breach') hard++;
          }
        }
      }
    }
    expect(commands).toBeGreaterThan(100);
    expect(hard).toBe(0);
  });

  it('reports one telemetry record per channel per minute whose volume matches the measured rate', () => {
    const sim = simulator('telemetry');
    const day = sim.simulateDay(START);
    expect(day.telemetry).toHaveLength(1440 * sim.drugIds.length);
    InfusionTelemetry.parse(day.telemetry[0]);
    const fluid = day.telemetry.filter((t) => t.drugId === 'sodium-chloride-0.9');
    const integrated = fluid.reduce((sum, t) => sum + t.measuredRateMlPerHour / 60, 0);
    expect(fluid[fluid.length - 1]!.volumeInfusedMl).toBeCloseTo(integrated, 0);
  });

  it('shows an occlusion as no flow and climbing pressure, and free flow as high flow at low pressure', () => {
    const faults: InfusionFault[] = [
      { kind: 'occlusion', drugId: 'sodium-chloride-0.9', startMs: START + 600 * 60_000, endMs: START + 640 * 60_000 },
      { kind: 'free-flow', drugId: 'sodium-chloride-0.9', startMs: START + 900 * 60_000, endMs: START + 910 * 60_000 },
    ];
    const fluid = simulator('faults', 'icu', faults).simulateDay(START).telemetry.filter((t) => t.drugId === 'sodium-chloride-0.9');
    const at = (minute: number) => fluid[minute]!;
    expect(at(630).measuredRateMlPerHour).toBe(0);
    expect(at(635).linePressureMmHg).toBeGreaterThan(at(599).linePressureMmHg + 200);
    expect(at(905).measuredRateMlPerHour).toBeGreaterThan(250);
    expect(at(905).linePressureMmHg).toBeLessThan(10);
    expect(at(960).measuredRateMlPerHour).toBeLessThan(260);
  });
});
