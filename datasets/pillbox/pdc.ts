/**
 * Proportion of days covered (PDC, the PQA measure): days covered ÷ days in the period; ≥ 80% counts as
 * adherent. With a smart pillbox we know each dose, so a day is covered when every scheduled dose of
 * that day was taken (on time or late); extra doses never cover a missed one.
 */
import type { DoseOutcome, Regimen } from '../records.js';
import { DAY_MS } from './schedule.js';

/** PQA's adherence threshold. */
export const PDC_ADHERENT_THRESHOLD = 0.8;

/**
 * Computes PDC over regimen days `[fromDay, toDay]` (inclusive, 0 = the day of `regimen.startMs`).
 * @param outcomes per-dose outcomes of this regimen (any order; other days are ignored).
 * @returns PDC in [0, 1]. @throws RangeError when toDay < fromDay.
 */
export function proportionOfDaysCovered(outcomes: Iterable<Pick<DoseOutcome, 'scheduledAtMs' | 'outcome'>>, regimen: Pick<Regimen, 'doseTimesMinute' | 'startMs'>, fromDay: number, toDay: number): number {
  if (toDay < fromDay) throw new RangeError(`toDay ${toDay} < fromDay ${fromDay}`);
  const taken = new Map<number, number>();
  for (const outcome of outcomes) {
    if (outcome.outcome !== 'ON_TIME' && outcome.outcome !== 'LATE') continue;
    const day = Math.floor((outcome.scheduledAtMs - regimen.startMs) / DAY_MS);
    if (day >= fromDay && day <= toDay) taken.set(day, (taken.get(day) ?? 0) + 1);
  }
  const perDay = regimen.doseTimesMinute.length;
  let covered = 0;
  for (let day = fromDay; day <= toDay; day++) if ((taken.get(day) ?? 0) >= perDay) covered++;
  return covered / (toDay - fromDay + 1);
}
