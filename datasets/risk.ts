/**
 * Glycaemic risk and time-in-range: Kovatchev's symmetrised BG risk (f(BG) = 1.509·(ln(BG)^1.084 − 5.381),
 * risk = 10·f²), LBGI and HBGI, and the consensus time-in-range bands (Battelino et al. 2019).
 */

/**
 * @returns f(BG): negative below ~112.5 mg/dL, positive above. Values below 1 mg/dL count as 1 (the
 * formula's logarithm would turn negative). @throws RangeError when BG is not positive.
 */
export function kovatchevF(glucoseMgDl: number): number {
  if (!(glucoseMgDl > 0)) throw new RangeError(`glucose must be positive, got ${glucoseMgDl}`);
  return 1.509 * (Math.pow(Math.log(Math.max(1, glucoseMgDl)), 1.084) - 5.381);
}

/** @returns the risk 10·f(BG)² of one reading. */
export function kovatchevRisk(glucoseMgDl: number): number {
  const f = kovatchevF(glucoseMgDl);
  return 10 * f * f;
}

/** Low and high blood glucose indices of a series (averaged over all positive readings; NaN for none). */
export function bloodGlucoseIndices(glucoseMgDl: ArrayLike<number>): { lbgi: number; hbgi: number } {
  let low = 0;
  let high = 0;
  let count = 0;
  for (let i = 0; i < glucoseMgDl.length; i++) {
    const value = glucoseMgDl[i]!;
    if (!(value > 0)) continue;
    const f = kovatchevF(value);
    if (f < 0) low += 10 * f * f;
    else high += 10 * f * f;
    count++;
  }
  return { lbgi: count ? low / count : Number.NaN, hbgi: count ? high / count : Number.NaN };
}

/** Fractions of readings in the consensus bands. */
export interface TimeInRange {
  /** < 54 mg/dL */
  veryLow: number;
  /** 54–69 mg/dL */
  low: number;
  /** 70–180 mg/dL */
  inRange: number;
  /** 181–250 mg/dL */
  high: number;
  /** > 250 mg/dL */
  veryHigh: number;
}

/** @returns the fraction of finite readings in each band (all zero for an empty series). */
export function timeInRange(glucoseMgDl: ArrayLike<number>): TimeInRange {
  const counts = { veryLow: 0, low: 0, inRange: 0, high: 0, veryHigh: 0 };
  let total = 0;
  for (let i = 0; i < glucoseMgDl.length; i++) {
    const value = glucoseMgDl[i]!;
    if (!Number.isFinite(value)) continue;
    total++;
    if (value < 54) counts.veryLow++;
    else if (value < 70) counts.low++;
    else if (value <= 180) counts.inRange++;
    else if (value <= 250) counts.high++;
    else counts.veryHigh++;
  }
  const fraction = (n: number) => (total ? n / total : 0);
  return { veryLow: fraction(counts.veryLow), low: fraction(counts.low), inRange: fraction(counts.inRange), high: fraction(counts.high), veryHigh: fraction(counts.veryHigh) };
}
