/**
 * Adaptive Dormand–Prince 5(4) integrator (Hairer, Nørsett & Wanner, "Solving ODEs I", II.4/II.5):
 * 7 stages with FSAL, error control on the embedded 4th-order solution, step size carried over between
 * calls. All buffers are allocated once, so integrating a minute allocates nothing.
 */

/** Right-hand side: writes dy/dt at (t, y) into `dydt`; must not keep references to the arrays. */
export type Derivative = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** Tolerances and limits of {@link DormandPrince}. */
export interface DormandPrinceOptions {
  /** Relative tolerance (default 1e-8). */
  relativeTolerance?: number;
  /** Absolute tolerance (default 1e-8). */
  absoluteTolerance?: number;
  /** Most steps one `integrate` call may take before it throws (default 100,000). */
  maxSteps?: number;
}

// Butcher tableau of DOPRI5.
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
// Error coefficients: 5th-order weights minus the embedded 4th-order weights.
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;

/** An adaptive RK45 stepper for one fixed-size system. Not re-entrant (shares its work buffers). */
export class DormandPrince {
  /** Accepted steps since construction (for benchmarks and diagnostics). */
  acceptedSteps = 0;
  /** Rejected steps since construction. */
  rejectedSteps = 0;
  /** Right-hand-side evaluations since construction. */
  evaluations = 0;

  private readonly n: number;
  private readonly f: Derivative;
  private readonly rtol: number;
  private readonly atol: number;
  private readonly maxSteps: number;
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private readonly k7: Float64Array;
  private readonly stage: Float64Array;
  private readonly next: Float64Array;
  private lastStep = 0;

  /** @throws RangeError when the dimension or a tolerance is not positive. */
  constructor(dimension: number, derivative: Derivative, options: DormandPrinceOptions = {}) {
    this.rtol = options.relativeTolerance ?? 1e-8;
    this.atol = options.absoluteTolerance ?? 1e-8;
    if (!(dimension > 0) || !(this.rtol > 0) || !(this.atol > 0)) throw new RangeError('dimension and tolerances must be positive');
    this.n = dimension;
    this.f = derivative;
    this.maxSteps = options.maxSteps ?? 100_000;
    const make = () => new Float64Array(dimension);
    this.k1 = make(); this.k2 = make(); this.k3 = make(); this.k4 = make();
    this.k5 = make(); this.k6 = make(); this.k7 = make();
    this.stage = make(); this.next = make();
  }

  /** Forgets the carried-over step size (the next call estimates a fresh one). */
  reset(): void {
    this.lastStep = 0;
  }

  /**
   * Advances `y` in place from t0 to t1 (t1 > t0). The right-hand side is re-evaluated at t0, so a
   * piecewise-constant input may change between calls.
   * @returns the number of accepted steps. @throws Error when the step budget is exhausted or the step underflows.
   */
  integrate(y: Float64Array, t0: number, t1: number): number {
    const { n, f, rtol, atol, k1, k2, k3, k4, k5, k6, k7, stage, next } = this;
    const span = t1 - t0;
    if (!(span > 0)) return 0;
    f(t0, y, k1);
    this.evaluations++;
    let h = this.lastStep > 0 ? Math.min(this.lastStep, span) : this.initialStep(y, t0, span);
    let t = t0;
    let accepted = 0;
    let rejectedBefore = false;
    for (let iteration = 0; iteration < this.maxSteps; iteration++) {
      const remaining = t1 - t;
      // Land exactly on t1 instead of leaving a sliver of a step.
      const last = h >= remaining * (1 - 1e-12);
      const intended = h;
      if (last) h = remaining;
      for (let i = 0; i < n; i++) stage[i] = y[i]! + h * A21 * k1[i]!;
      f(t + C2 * h, stage, k2);
      for (let i = 0; i < n; i++) stage[i] = y[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
      f(t + C3 * h, stage, k3);
      for (let i = 0; i < n; i++) stage[i] = y[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
      f(t + C4 * h, stage, k4);
      for (let i = 0; i < n; i++) stage[i] = y[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
      f(t + C5 * h, stage, k5);
      for (let i = 0; i < n; i++) stage[i] = y[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
      f(t + h, stage, k6);
      for (let i = 0; i < n; i++) next[i] = y[i]! + h * (A71 * k1[i]! + A73 * k3[i]! + A74 * k4[i]! + A75 * k5[i]! + A76 * k6[i]!);
      f(t + h, next, k7);
      this.evaluations += 6;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const e = h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!);
        const scale = atol + rtol * Math.max(Math.abs(y[i]!), Math.abs(next[i]!));
        sum += (e / scale) * (e / scale);
      }
      const error = Math.sqrt(sum / n);
      if (!Number.isFinite(error)) throw new Error(`Dormand-Prince: non-finite state at t=${t}`);
      if (error <= 1) {
        t = last ? t1 : t + h;
        y.set(next);
        k1.set(k7); // FSAL: the last stage is the next step's first
        accepted++;
        this.acceptedSteps++;
        let factor = error === 0 ? MAX_FACTOR : SAFETY * Math.pow(error, -0.2);
        factor = Math.min(rejectedBefore ? 1 : MAX_FACTOR, Math.max(MIN_FACTOR, factor));
        rejectedBefore = false;
        if (last) {
          // A landing step shortened to hit t1 says little about the right size: keep the intended one.
          this.lastStep = Math.max(h * factor, Math.min(intended, h * MAX_FACTOR));
          return accepted;
        }
        h *= factor;
        this.lastStep = h;
      } else {
        this.rejectedSteps++;
        rejectedBefore = true;
        h *= Math.max(MIN_FACTOR, SAFETY * Math.pow(error, -0.2));
        if (h < 1e-12 * Math.max(1, Math.abs(t))) throw new Error(`Dormand-Prince: step size underflow at t=${t}`);
      }
    }
    throw new Error(`Dormand-Prince: more than ${this.maxSteps} steps between t=${t0} and t=${t1}`);
  }

  /** Hairer's starting-step heuristic (II.4, algorithm "hinit"), from k1 = f(t0, y) already computed. */
  private initialStep(y: Float64Array, t0: number, span: number): number {
    const { n, rtol, atol, k1, k2, stage, f } = this;
    let d0 = 0, d1 = 0;
    for (let i = 0; i < n; i++) {
      const scale = atol + rtol * Math.abs(y[i]!);
      d0 += (y[i]! / scale) ** 2;
      d1 += (k1[i]! / scale) ** 2;
    }
    d0 = Math.sqrt(d0 / n);
    d1 = Math.sqrt(d1 / n);
    let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
    h0 = Math.min(h0, span);
    for (let i = 0; i < n; i++) stage[i] = y[i]! + h0 * k1[i]!;
    f(t0 + h0, stage, k2);
    this.evaluations++;
    let d2 = 0;
    for (let i = 0; i < n; i++) {
      const scale = atol + rtol * Math.abs(y[i]!);
      d2 += ((k2[i]! - k1[i]!) / scale) ** 2;
    }
    d2 = Math.sqrt(d2 / n) / h0;
    const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / 5);
    return Math.min(100 * h0, h1, span);
  }
}
