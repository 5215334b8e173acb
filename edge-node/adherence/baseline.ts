/**
 * The documented adherence baseline, used until an adherence model is deployed: the last 7 days'
 * adherence rate. Doses are matched to the schedule by datasets' matchDosesToSchedule (lid sessions and
 * pills removed by weight; a lid opened without a pill removed is not a dose), the same matching the
 * deployed model's features use. p(miss next) = 1 − rate; p(PDC < 80% next 7 days) = share of the last
 * 7 days covered below 80%.
 */
import { matchDosesToSchedule } from '../../datasets/pillbox/match-doses.js';
import type { PillboxEvent, Regimen } from '../../datasets/records.js';

const DAY_MS = 86_400_000;

/** One scheduled dose and whether the pillbox saw it taken. */
export interface ScheduledDose {
  scheduledAtMs: number;
  taken: boolean;
}

/** @returns the scheduled doses in [fromMs, toMs) with whether each was taken, in time order. */
export function matchedDoses(regimens: readonly Regimen[], events: readonly PillboxEvent[], fromMs: number, toMs: number): ScheduledDose[] {
  return regimens
    .flatMap((regimen) => matchDosesToSchedule(events, regimen, { untilMs: toMs }))
    .filter((o) => o.outcome !== 'EXTRA' && o.scheduledAtMs >= fromMs && o.scheduledAtMs < toMs)
    .map((o) => ({ scheduledAtMs: o.scheduledAtMs, taken: o.outcome !== 'MISSED' }))
    .sort((a, b) => a.scheduledAtMs - b.scheduledAtMs);
}

/** @returns the first scheduled dose time after `asOfMs` over all regimens (0 when none). */
function nextScheduled(regimens: readonly Regimen[], asOfMs: number): number {
  let next = Number.POSITIVE_INFINITY;
  const day = Math.floor(asOfMs / DAY_MS) * DAY_MS;
  for (const regimen of regimens) {
    for (const d of [0, 1]) {
      for (const minute of regimen.doseTimesMinute) {
        const at = day + d * DAY_MS + minute * 60_000;
        if (at >= asOfMs && at >= regimen.startMs && at < next) next = at;
      }
    }
  }
  return Number.isFinite(next) ? next : 0;
}

/** The baseline's prediction. */
export interface BaselinePrediction {
  pMissNextDose: number;
  pPdcBelow80Next7Days: number;
  dosesConsidered: number;
  nextDoseAtMs: number;
  factors: { feature: string; humanName: string; contribution: number; value: number }[];
}

/** @returns the baseline prediction as of `asOfMs`. With no scheduled dose yet, the risk is 0.5 (unknown). */
export function baselineAdherence(regimens: readonly Regimen[], events: readonly PillboxEvent[], asOfMs: number): BaselinePrediction {
  const doses = matchedDoses(regimens, events, asOfMs - 7 * DAY_MS, asOfMs);
  const taken = doses.filter((d) => d.taken).length;
  const rate = doses.length === 0 ? 0.5 : taken / doses.length;
  const days = new Map<number, { taken: number; all: number }>();
  for (const d of doses) {
    const day = Math.floor(d.scheduledAtMs / DAY_MS);
    const entry = days.get(day) ?? { taken: 0, all: 0 };
    entry.all++;
    if (d.taken) entry.taken++;
    days.set(day, entry);
  }
  const lowDays = [...days.values()].filter((d) => d.taken / d.all < 0.8).length;
  const nextDoseAtMs = nextScheduled(regimens, asOfMs);
  const missedLast3 = doses.slice(-3).filter((d) => !d.taken).length;
  return {
    pMissNextDose: 1 - rate,
    pPdcBelow80Next7Days: days.size === 0 ? 0.5 : lowDays / days.size,
    dosesConsidered: doses.length,
    nextDoseAtMs,
    factors: [
      { feature: 'adherence_rate_7d', humanName: 'doses taken in the last 7 days', contribution: 0.5 - rate, value: rate },
      { feature: 'missed_last_3', humanName: 'missed doses among the last 3', contribution: missedLast3 / 3, value: missedLast3 },
    ].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)),
  };
}

/** @returns the risk band of a probability of missing the next dose. */
export function riskBand(pMiss: number): 'RISK_BAND_LOW' | 'RISK_BAND_MEDIUM' | 'RISK_BAND_HIGH' {
  return pMiss < 0.2 ? 'RISK_BAND_LOW' : pMiss < 0.5 ? 'RISK_BAND_MEDIUM' : 'RISK_BAND_HIGH';
}
