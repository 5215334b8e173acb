/**
 * Glycaemic outcomes of one simulated day: severe hypoglycaemia events (plasma glucose < 54 mg/dL for
 * ≥ 15 consecutive minutes, the consensus level-2 event definition), minutes below 54, time in range
 * 70–180 mg/dL, LBGI/HBGI (Kovatchev), and the extremes.
 */
import { bloodGlucoseIndices, timeInRange } from '../../datasets/risk.js';

/** Outcomes of one trace. */
export interface GlycaemicOutcomes {
  severeHypoEvents: number;
  minutesBelow54: number;
  timeInRange: number;
  timeBelow70: number;
  timeAbove180: number;
  lbgi: number;
  hbgi: number;
  minGlucoseMgDl: number;
  maxGlucoseMgDl: number;
}

/**
 * @param minEventMinutes consecutive minutes below 54 mg/dL that make one event (default 15).
 * @returns the outcomes of a per-minute plasma glucose trace (non-finite samples end a run and are skipped).
 */
export function glycaemicOutcomes(glucoseMgDl: ArrayLike<number>, minEventMinutes = 15): GlycaemicOutcomes {
  let events = 0;
  let run = 0;
  let below = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < glucoseMgDl.length; i++) {
    const g = glucoseMgDl[i]!;
    if (!Number.isFinite(g)) {
      run = 0;
      continue;
    }
    min = Math.min(min, g);
    max = Math.max(max, g);
    if (g < 54) {
      below++;
      if (++run === minEventMinutes) events++;
    } else run = 0;
  }
  const tir = timeInRange(glucoseMgDl);
  const { lbgi, hbgi } = bloodGlucoseIndices(glucoseMgDl);
  return {
    severeHypoEvents: events, minutesBelow54: below, timeInRange: tir.inRange, timeBelow70: tir.veryLow + tir.low, timeAbove180: tir.high + tir.veryHigh,
    lbgi, hbgi, minGlucoseMgDl: Number.isFinite(min) ? min : Number.NaN, maxGlucoseMgDl: Number.isFinite(max) ? max : Number.NaN,
  };
}
