/**
 * Insulin on board with the exponential insulin-action curve of OpenAPS oref0 (lib/iob/calculate.js,
 * after Dragan Maksimovic), parameterised by duration of action and peak time. Tracks the insulin
 * delivered above (or below) the scheduled basal, one bucket per minute, in a ring buffer.
 */

/**
 * Fraction of a dose still active `minutesAgo` after it was given.
 * @returns a value falling from 1 (just given) to 0 at `actionMinutes`.
 */
export function insulinActiveFraction(minutesAgo: number, actionMinutes: number, peakMinutes: number): number {
  if (minutesAgo <= 0) return 1;
  if (minutesAgo >= actionMinutes) return 0;
  const td = actionMinutes;
  const tp = peakMinutes;
  const tau = (tp * (1 - tp / td)) / (1 - (2 * tp) / td);
  const a = (2 * tau) / td;
  const s = 1 / (1 - a + (1 + a) * Math.exp(-td / tau));
  const t = minutesAgo;
  return 1 - s * (1 - a) * ((t * t / (tau * td * (1 - a)) - t / tau - 1) * Math.exp(-t / tau) + 1);
}

/** Running insulin-on-board over the last `actionMinutes` of delivery. */
export class InsulinOnBoard {
  private readonly fractions: Float64Array;
  private readonly netU: Float64Array;
  private cursor = 0;

  constructor(actionMinutes = 360, peakMinutes = 75) {
    this.fractions = new Float64Array(actionMinutes);
    for (let i = 0; i < actionMinutes; i++) this.fractions[i] = insulinActiveFraction(i, actionMinutes, peakMinutes);
    this.netU = new Float64Array(actionMinutes);
  }

  /** Records one minute of delivery: `deliveredU` given, `scheduledBasalU` what the schedule would have given. */
  record(deliveredU: number, scheduledBasalU: number): void {
    this.cursor = (this.cursor + 1) % this.netU.length;
    this.netU[this.cursor] = deliveredU - scheduledBasalU;
  }

  /** @returns insulin on board (U) net of the scheduled basal; negative after a suspend. */
  get units(): number {
    const n = this.netU.length;
    let total = 0;
    for (let age = 0; age < n; age++) total += this.netU[(this.cursor - age + n) % n]! * this.fractions[age]!;
    return total;
  }
}
