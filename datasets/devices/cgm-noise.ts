/**
 * CGM sensor noise of the UVA/Padova simulator (Breton & Kovatchev 2008; as published with simglucose):
 * every 15 min e_k = PACF·(e_{k−1} + N(0,1)), transformed by Johnson SU
 * ε = ξ + λ·sinh((e − γ)/δ), then interpolated with a cubic (Catmull–Rom) curve to any minute.
 * Streaming: only four 15-minute knots are kept.
 */
import type { Random } from '../random.js';

/** The noise model's interval between knots (minutes). */
export const NOISE_KNOT_MINUTES = 15;

/** Johnson-SU AR(1) noise parameters (sensor_params.csv columns PACF, gamma, lambda, delta, xi). */
export interface CgmNoiseParams {
  pacf: number;
  gamma: number;
  lambda: number;
  delta: number;
  xi: number;
}

/** @returns ε for one Gaussian AR(1) value e (mg/dL). */
export function johnsonTransform(params: CgmNoiseParams, e: number): number {
  return params.xi + params.lambda * Math.sinh((e - params.gamma) / params.delta);
}

/**
 * The stationary mean, SD and lag-one (15-minute) autocorrelation of ε, in closed form: e is Gaussian
 * with variance φ²/(1−φ²) and lag-one correlation φ, and E[sinh(m + sZ)] = sinh(m)·e^{s²/2}.
 * @returns the theoretical moments the generated noise must match.
 */
export function theoreticalNoiseMoments(params: CgmNoiseParams): { mean: number; sd: number; lag1Correlation: number } {
  const phi = params.pacf;
  const varianceE = (phi * phi) / (1 - phi * phi);
  const m = -params.gamma / params.delta;
  const v = varianceE / (params.delta * params.delta); // variance of X = (e − γ)/δ
  const meanSinh = Math.sinh(m) * Math.exp(v / 2);
  const meanSinhSquared = (Math.cosh(2 * m) * Math.exp(2 * v) - 1) / 2;
  const varianceSinh = meanSinhSquared - meanSinh * meanSinh;
  // E[sinh X1 sinh X2] = (E cosh(X1+X2) − E cosh(X1−X2)) / 2 with corr(X1, X2) = φ.
  const crossMoment = (Math.cosh(2 * m) * Math.exp(v * (1 + phi)) - Math.exp(v * (1 - phi))) / 2;
  return {
    mean: params.xi + params.lambda * meanSinh,
    sd: Math.abs(params.lambda) * Math.sqrt(varianceSinh),
    lag1Correlation: (crossMoment - meanSinh * meanSinh) / varianceSinh,
  };
}

/** A stream of sensor noise over increasing minutes. */
export interface CgmNoise {
  /** @returns the noise (mg/dL) at `minute` (≥ every earlier query). @throws RangeError when minute goes back. */
  at(minute: number): number;
}

/**
 * Creates a noise stream whose knot 0 lies at minute 0.
 * @returns a {@link CgmNoise}; deterministic for a given `random`.
 */
export function createCgmNoise(params: CgmNoiseParams, random: Random): CgmNoise {
  // e starts from N(0,1) as in the peer simulator; knots[i] holds ε at knot (base − 1 + i).
  let e = random.normal();
  const knots = new Float64Array(4);
  const nextKnot = (): number => {
    e = params.pacf * (e + random.normal());
    return johnsonTransform(params, e);
  };
  // Knot −1 mirrors knot 1 so the first interval has a slope without looking before minute 0.
  knots[1] = johnsonTransform(params, e);
  knots[2] = nextKnot();
  knots[3] = nextKnot();
  knots[0] = knots[2];
  let base = 0; // knots[1] is knot number `base`
  let lastMinute = -Infinity;
  return {
    at(minute) {
      if (minute < lastMinute) throw new RangeError(`noise queried at minute ${minute} after ${lastMinute}`);
      lastMinute = minute;
      while (minute >= (base + 1) * NOISE_KNOT_MINUTES) {
        knots[0] = knots[1]!;
        knots[1] = knots[2]!;
        knots[2] = knots[3]!;
        knots[3] = nextKnot();
        base++;
      }
      const u = (minute - base * NOISE_KNOT_MINUTES) / NOISE_KNOT_MINUTES;
      const p0 = knots[0]!, p1 = knots[1]!, p2 = knots[2]!, p3 = knots[3]!;
      // Catmull–Rom: a cubic through p1 (u=0) and p2 (u=1) with tangents from the neighbours.
      return 0.5 * (2 * p1 + (-p0 + p2) * u + (2 * p0 - 5 * p1 + 4 * p2 - p3) * u * u + (-p0 + 3 * p1 - 3 * p2 + p3) * u * u * u);
    },
  };
}
