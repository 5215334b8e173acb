/**
 * `npm run bench -- datasets`: simulation work of one patient-day at 1-minute resolution (the peer
 * traces' 24-hour scenario), against the peer Python simulator's published ~450 ms per patient-day and
 * against a baseline measured in the same run: the same model with fixed-step RK4 at 0.1 min, so
 * machine noise cancels in that ratio. Also times a full simulatePatient day (devices, controller).
 * Knob: DATASETS_BENCH_REPEATS (default 30).
 */
import { readFileSync } from 'node:fs';
import { createRandom } from '../../datasets/random.js';
import { loadVirtualPatients } from '../../datasets/patient/params.js';
import type { Derivative } from '../../datasets/patient/dormand-prince.js';
import { simulateTrace, type Integrator, type TraceInput } from '../../datasets/patient/uva-padova-model.js';
import { uvaPadovaPath } from '../../datasets/shared-data.js';
import { simulatePatient } from '../../datasets/simulate-patient.js';
import { buildPatientProfile } from '../../datasets/therapy/profile.js';

const PEER_MS_PER_PATIENT_DAY = 450;
const TARGET_MS = 20;
const REFERENCES = ['adolescent-001', 'adult-001', 'adult-004', 'child-001'];

/** Classic RK4 with a fixed step: the "obvious" implementation, as the same-run baseline. */
class FixedStepRk4 implements Integrator {
  private readonly k: Float64Array[];
  private readonly stage: Float64Array;
  private readonly n: number;
  private readonly f: Derivative;
  private readonly h: number;
  constructor(n: number, f: Derivative, h: number) {
    this.n = n;
    this.f = f;
    this.h = h;
    this.k = Array.from({ length: 4 }, () => new Float64Array(n));
    this.stage = new Float64Array(n);
  }
  integrate(y: Float64Array, t0: number, t1: number): number {
    const [k1, k2, k3, k4] = this.k as [Float64Array, Float64Array, Float64Array, Float64Array];
    const steps = Math.round((t1 - t0) / this.h);
    const h = (t1 - t0) / steps;
    for (let s = 0; s < steps; s++) {
      const t = t0 + s * h;
      this.f(t, y, k1);
      for (let i = 0; i < this.n; i++) this.stage[i] = y[i]! + (h / 2) * k1[i]!;
      this.f(t + h / 2, this.stage, k2);
      for (let i = 0; i < this.n; i++) this.stage[i] = y[i]! + (h / 2) * k2[i]!;
      this.f(t + h / 2, this.stage, k3);
      for (let i = 0; i < this.n; i++) this.stage[i] = y[i]! + h * k3[i]!;
      this.f(t + h, this.stage, k4);
      for (let i = 0; i < this.n; i++) y[i] = y[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    }
    return steps;
  }
}

function readRows(file: string): number[][] {
  return readFileSync(uvaPadovaPath(`reference/${file}`), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs the benchmark and prints one line per measurement. */
export async function run(): Promise<void> {
  const repeats = Number(process.env.DATASETS_BENCH_REPEATS ?? 30);
  const patients = loadVirtualPatients();
  const cases = REFERENCES.map((name) => ({
    name,
    params: patients.find((p) => p.name === name.replace('-', '#'))!.params,
    inputs: readRows(`${name}.input.csv`).map(([minute, choG, insulinUPerMin]): TraceInput => ({ minute: minute!, choG: choG!, insulinUPerMin: insulinUPerMin! })),
    expected: readRows(`${name}.expected.csv`).map((row) => row[1]!),
  }));
  const rk4 = { createIntegrator: (n: number, f: Derivative) => new FixedStepRk4(n, f, 0.1) };
  const time = (fn: () => unknown) => {
    const started = performance.now();
    fn();
    return performance.now() - started;
  };
  const mard = (bg: number[], expected: number[]) => {
    let sum = 0, count = 0;
    expected.forEach((e, i) => { if (e > 40) { sum += Math.abs(bg[i]! - e) / e; count++; } });
    return (100 * sum) / count;
  };
  for (let i = 0; i < 5; i++) for (const c of cases) { simulateTrace(c.params, c.inputs); simulateTrace(c.params, c.inputs, rk4); } // warm up the JIT

  const ours: number[] = [];
  const baseline: number[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const c of cases) {
      ours.push(time(() => simulateTrace(c.params, c.inputs)));
      baseline.push(time(() => simulateTrace(c.params, c.inputs, rk4)));
    }
  }
  const oursMs = median(ours);
  const baselineMs = median(baseline);
  const out = (line: string) => process.stdout.write(line + '\n');
  out(`datasets: UVA/Padova patient-day (1,440 one-minute steps, Dormand-Prince rtol=atol=1e-8), median of ${ours.length} runs over ${cases.length} reference scenarios`);
  out(`  ours                      ${oursMs.toFixed(2)} ms/patient-day  (target <= ${TARGET_MS} ms: ${oursMs <= TARGET_MS ? 'met' : 'MISSED'})`);
  out(`  vs peer Python simulator  ${(PEER_MS_PER_PATIENT_DAY / oursMs).toFixed(0)}x  (450 ms / ours; target >= 20x)`);
  out(`  vs fixed-step RK4 h=0.1   ${(baselineMs / oursMs).toFixed(1)}x  (baseline ${baselineMs.toFixed(2)} ms, same model, same run)`);
  for (const c of cases) {
    const ourMard = mard(simulateTrace(c.params, c.inputs).map((row) => row.bgMgDl), c.expected);
    const rk4Mard = mard(simulateTrace(c.params, c.inputs, rk4).map((row) => row.bgMgDl), c.expected);
    out(`  ${c.name.padEnd(16)} MARD ours ${ourMard.toExponential(2)} %, RK4 baseline ${rk4Mard.toExponential(2)} %`);
  }

  const adult = patients.find((p) => p.name === 'adult#001')!;
  const random = createRandom('bench');
  const profile = buildPatientProfile(adult, { random: random.fork('profile') });
  const days = 60;
  const perDay: number[] = [];
  let last = performance.now();
  for (const _day of simulatePatient({ patient: adult, profile, startMs: Date.UTC(2025, 0, 1), days, random })) {
    const now = performance.now();
    perDay.push(now - last);
    last = now;
  }
  const mean = perDay.reduce((a, b) => a + b, 0) / days;
  out(`  full simulatePatient day (physiology + CGM + pump + controller + heart rate + records): median ${median(perDay).toFixed(2)} ms, mean ${mean.toFixed(2)} ms per patient-day over ${days} days`);
}
