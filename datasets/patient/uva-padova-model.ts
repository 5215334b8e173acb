/**
 * The UVA/Padova type-1 diabetes patient (Dalla Man et al., IEEE TBME 2007; JDST 2014), in the
 * 13-state form the open-source simglucose simulator uses, driven one minute at a time with the
 * action (meal rate, insulin rate) held constant over each minute.
 *
 * States (per kg of body weight unless noted):
 *  0 Qsto1 solid stomach (mg)      1 Qsto2 liquid stomach (mg)   2 Qgut gut (mg)
 *  3 Gp plasma glucose (mg/kg)     4 Gt tissue glucose (mg/kg)   5 Ip plasma insulin (pmol/kg)
 *  6 X insulin action on utilisation (pmol/L)  7 I' delayed insulin (pmol/L)  8 XL insulin action on production
 *  9 Il liver insulin (pmol/kg)   10 Isc1, 11 Isc2 subcutaneous insulin (pmol/kg)  12 Gs subcutaneous glucose (mg/kg)
 */
import { DormandPrince, type Derivative, type DormandPrinceOptions } from './dormand-prince.js';
import type { VirtualPatientParams } from './params.js';

/** Grams of carbohydrate a patient eats per minute once a meal is announced. */
export const EAT_RATE_G_PER_MIN = 5;
/** Picomoles of insulin in one unit. */
export const PMOL_PER_UNIT = 6000;
/** Number of model states. */
export const STATE_COUNT = 13;

/** Multipliers on glucose utilisation, for exercise (1 = at rest). */
export interface UtilisationModifiers {
  /** Scales Vm0: insulin-independent uptake by muscle. */
  insulinIndependent: number;
  /** Scales Vmx: insulin sensitivity of peripheral uptake. */
  insulinSensitivity: number;
}

/** Anything that advances a state in place from t0 to t1 (the Dormand–Prince solver, or a benchmark baseline). */
export interface Integrator {
  integrate(y: Float64Array, t0: number, t1: number): number;
}

/** Solver choice of {@link UvaPadovaPatient}: Dormand–Prince tolerances, or another integrator altogether. */
export interface SolverOptions extends DormandPrinceOptions {
  /** Builds a different integrator for the model's right-hand side (benchmarks compare against fixed-step RK4). */
  createIntegrator?: (dimension: number, derivative: Derivative) => Integrator;
}

/** @returns the patient's steady-state basal insulin in U/min (u2ss · BW / 6000). */
export function basalUPerMin(params: VirtualPatientParams): number {
  return (params.u2ss * params.BW) / PMOL_PER_UNIT;
}

/** One virtual patient's physiology; not shared between simulations. */
export class UvaPadovaPatient {
  /** The 13 states (see the module comment); read-only for callers. */
  readonly state: Float64Array;
  /** Minutes simulated so far. */
  minute = 0;
  /** Multipliers on utilisation (exercise); reset to 1 by the caller when the session ends. */
  readonly modifiers: UtilisationModifiers = { insulinIndependent: 1, insulinSensitivity: 1 };

  private readonly params: VirtualPatientParams;
  private readonly solver: Integrator;
  private plannedMealG = 0;
  private lastEatenG = 0;
  private isEating = false;
  // Bookkeeping of the current meal for gastric emptying: stomach content when it began, grams eaten since.
  private lastQstoMg = 0;
  private lastFoodTakenG = 0;
  // The action held constant over the current minute.
  private mealMgPerMin = 0;
  private insulinPmolPerKgPerMin = 0;

  /** @param solverOptions tolerances of the integrator (defaults are tight: 1e-8 relative and absolute). */
  constructor(params: VirtualPatientParams, solverOptions: SolverOptions = {}) {
    this.params = params;
    this.state = Float64Array.from(params.x0);
    this.lastQstoMg = this.state[0]! + this.state[1]!;
    const derivative = this.derivative();
    this.solver = solverOptions.createIntegrator?.(STATE_COUNT, derivative) ?? new DormandPrince(STATE_COUNT, derivative, solverOptions);
  }

  /** Plasma glucose (mg/dL) = Gp / Vg. */
  get bloodGlucoseMgDl(): number {
    return this.state[3]! / this.params.Vg;
  }

  /** Subcutaneous glucose (mg/dL) = Gs / Vg: what a noise-free CGM would read. */
  get subcutaneousGlucoseMgDl(): number {
    return this.state[12]! / this.params.Vg;
  }

  /** Grams announced but not yet eaten. */
  get pendingMealG(): number {
    return this.plannedMealG;
  }

  /** Integration statistics of this patient's solver (zeros for a custom integrator). */
  get solverStats(): { acceptedSteps: number; rejectedSteps: number; evaluations: number } {
    if (!(this.solver instanceof DormandPrince)) return { acceptedSteps: 0, rejectedSteps: 0, evaluations: 0 };
    const { acceptedSteps, rejectedSteps, evaluations } = this.solver;
    return { acceptedSteps, rejectedSteps, evaluations };
  }

  /**
   * Advances one minute. `announcedChoG` grams are added to the plate (eaten at 5 g/min);
   * `insulinUPerMin` is the subcutaneous insulin rate delivered during this minute.
   * @returns the grams eaten during this minute.
   * @throws RangeError on a negative or non-finite input; Error if the integrator fails.
   */
  step(announcedChoG: number, insulinUPerMin: number): number {
    if (!(announcedChoG >= 0) || !(insulinUPerMin >= 0) || !Number.isFinite(announcedChoG + insulinUPerMin)) {
      throw new RangeError(`meal and insulin must be finite and non-negative (got ${announcedChoG} g, ${insulinUPerMin} U/min)`);
    }
    this.plannedMealG += announcedChoG;
    const eatenG = this.plannedMealG > 0 ? Math.min(EAT_RATE_G_PER_MIN, this.plannedMealG) : 0;
    this.plannedMealG = Math.max(0, this.plannedMealG - eatenG);
    if (eatenG > 0 && this.lastEatenG <= 0) {
      // A new meal starts: gastric emptying is scaled to what is in the stomach now plus what is eaten.
      this.lastQstoMg = this.state[0]! + this.state[1]!;
      this.lastFoodTakenG = 0;
      this.isEating = true;
    }
    if (this.isEating) this.lastFoodTakenG += eatenG;
    if (eatenG <= 0 && this.lastEatenG > 0) this.isEating = false;
    this.lastEatenG = eatenG;

    this.mealMgPerMin = eatenG * 1000;
    this.insulinPmolPerKgPerMin = (insulinUPerMin * PMOL_PER_UNIT) / this.params.BW;
    this.solver.integrate(this.state, this.minute, this.minute + 1);
    this.minute++;
    return eatenG;
  }

  /** Builds the right-hand side as a closure over constants, so V8 keeps it monomorphic and fast. */
  private derivative(): (t: number, x: Float64Array, dx: Float64Array) => void {
    const p = this.params;
    const { kmax, kmin, kabs, b, d, f, BW, kp1, kp2, kp3, Fsnc, ke1, ke2, k1, k2, Vm0, Vmx, Km0 } = p;
    const { m1, m2, m4, m30, ka1, ka2, kd, Vi, Ib, p2u, ki, ksc } = p;
    const modifiers = this.modifiers;
    return (_t, x, dx) => {
      const qsto = x[0]! + x[1]!;
      const dbar = this.lastQstoMg + this.lastFoodTakenG * 1000;
      let kgut = kmax;
      if (dbar > 0) {
        // Gastric emptying slows in the middle of a meal's digestion (Dalla Man 2006 kempt(Qsto)).
        const aa = 5 / (2 * dbar * (1 - b));
        const cc = 5 / (2 * dbar * d);
        kgut = kmin + ((kmax - kmin) / 2) * (Math.tanh(aa * (qsto - b * dbar)) - Math.tanh(cc * (qsto - d * dbar)) + 2);
      }
      dx[0] = -kmax * x[0]! + this.mealMgPerMin;
      dx[1] = kmax * x[0]! - kgut * x[1]!;
      dx[2] = kgut * x[1]! - kabs * x[2]!;

      const rateOfAppearance = (f * kabs * x[2]!) / BW;
      const production = kp1 - kp2 * x[3]! - kp3 * x[8]!;
      const renalExcretion = x[3]! > ke2 ? ke1 * (x[3]! - ke2) : 0;
      // A compartment that reached zero stays there (the model has no meaning for negative mass).
      dx[3] = x[3]! >= 0 ? Math.max(production, 0) + rateOfAppearance - Fsnc - renalExcretion - k1 * x[3]! + k2 * x[4]! : 0;

      const vmt = Vm0 * modifiers.insulinIndependent + Vmx * modifiers.insulinSensitivity * x[6]!;
      const utilisation = (vmt * x[4]!) / (Km0 + x[4]!);
      dx[4] = x[4]! >= 0 ? -utilisation + k1 * x[3]! - k2 * x[4]! : 0;

      dx[5] = x[5]! >= 0 ? -(m2 + m4) * x[5]! + m1 * x[9]! + ka1 * x[10]! + ka2 * x[11]! : 0;
      const plasmaInsulin = x[5]! / Vi;
      dx[6] = -p2u * x[6]! + p2u * (plasmaInsulin - Ib);
      dx[7] = -ki * (x[7]! - plasmaInsulin);
      dx[8] = -ki * (x[8]! - x[7]!);
      dx[9] = x[9]! >= 0 ? -(m1 + m30) * x[9]! + m2 * x[5]! : 0;
      dx[10] = x[10]! >= 0 ? this.insulinPmolPerKgPerMin - (ka1 + kd) * x[10]! : 0;
      dx[11] = x[11]! >= 0 ? kd * x[10]! - ka2 * x[11]! : 0;
      dx[12] = x[12]! >= 0 ? -ksc * x[12]! + ksc * x[3]! : 0;
    };
  }
}

/** One minute of a deterministic run: the state before that minute's step. */
export interface TraceRow {
  minute: number;
  bgMgDl: number;
  scGlucoseMgDl: number;
}

/** One minute of input: grams announced at that minute and the insulin rate over it. */
export interface TraceInput {
  minute: number;
  choG: number;
  insulinUPerMin: number;
}

/**
 * Runs the noise-free model over `inputs` (one per minute, in order).
 * @returns one row per input row: glucose before that minute's step.
 * @throws RangeError on a negative input.
 */
export function simulateTrace(params: VirtualPatientParams, inputs: readonly TraceInput[], solverOptions: SolverOptions = {}): TraceRow[] {
  const patient = new UvaPadovaPatient(params, solverOptions);
  return inputs.map((input) => {
    const row = { minute: input.minute, bgMgDl: patient.bloodGlucoseMgDl, scGlucoseMgDl: patient.subcutaneousGlucoseMgDl };
    patient.step(input.choG, input.insulinUPerMin);
    return row;
  });
}
