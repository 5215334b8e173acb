/**
 * The documented adherence baseline, used until an adherence model is deployed: the last 7 days'
 * adherence rate. A scheduled dose counts as taken when the pillbox saw a lid opening or a pill removed
 * (negative weight change) within ±2 h of it — an interim matcher until datasets' matchDosesToSchedule
 * lands. p(miss next) = 1 − rate; p(PDC < 80% next 7 days) = share of the last 7 days covered below 80%.
 */
import type { PillboxEvent, Regimen } from '../../datasets/records.js';

const DAY_MS = 86_400_000;
const MATCH_MS = 2 * 3_600_000;

/** One scheduled dose and whether the pillbox saw it taken. */
export interface ScheduledDose {
  scheduledAtMs: number;
  taken: boolean;
}

/** Matches schedule to events (interim). @returns the scheduled doses in [fromMs, toMs), in time order. */
export function interimMatchDoses(regimens: readonly Regimen[], events: readonly PillboxEvent[], fromMs: number, toMs: number): ScheduledDose[] {
  const evidence = events.filter((e) => e.kind === 'LID_OPEN' || (e.kind === 'WEIGHT_CHANGE' && e.value < 0)).map((e) => e.timestampMs).sort((a, b) => a - b);
  const used = new Set<number>();
  const out: ScheduledDose[] = [];
  for (const regimen of regimens) {
    for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS; day < toMs; day += DAY_MS) {
      for (const minute of regimen.doseTimesMinute) {
        const at = day + minute * 60_000;
        if (at < fromMs || at >= toMs || at < regimen.startMs) continue;
        const match = evidence.findIndex((t, i) => !used.has(i) && Math.abs(t - at) <= MATCH_MS);
        if (match >= 0) used.add(match);
        out.push({ scheduledAtMs: at, taken: match >= 0 });
      }
    }
  }
  return out.sort((a, b) => a.scheduledAtMs - b.scheduledAtMs);
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
  const doses = interimMatchDoses(regimens, events, asOfMs - 7 * DAY_MS, asOfMs);
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
  const next = interimMatchDoses(regimens, [], asOfMs, asOfMs + 2 * DAY_MS)[0];
  const missedLast3 = doses.slice(-3).filter((d) => !d.taken).length;
  return {
    pMissNextDose: 1 - rate,
    pPdcBelow80Next7Days: days.size === 0 ? 0.5 : lowDays / days.size,
    dosesConsidered: doses.length,
    nextDoseAtMs: next?.scheduledAtMs ?? 0,
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
