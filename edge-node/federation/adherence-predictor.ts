import { matchDosesToSchedule } from '../../datasets/pillbox/match-doses.js';
import type { DoseOutcome, PillboxEvent, Regimen } from '../../datasets/records.js';
import { adherenceHistoryFeatures, type AdherenceRiskScorer } from '../../models/index.js';
import type { AdherencePredictor } from '../service/scoring-service.js';

const DAY_MS = 86_400_000;

/** @returns the next scheduled dose of a regimen after `asOfMs`. */
function nextDose(regimen: Regimen, asOfMs: number): number {
  const day = Math.floor(asOfMs / DAY_MS) * DAY_MS;
  for (let d = 0; d <= 1; d++) {
    for (const minute of [...regimen.doseTimesMinute].sort((a, b) => a - b)) {
      const at = day + d * DAY_MS + minute * 60_000;
      if (at > asOfMs) return at;
    }
  }
  return day + DAY_MS;
}

/**
 * A deployed adherence model behind the edge node's PredictAdherence: pillbox events matched to the
 * schedule (datasets' matchDosesToSchedule), the models/ adherence-history features of the next dose, and
 * the calibrated risk with its top factors. The same path built the training rows.
 */
export function adherencePredictorOf(version: string, scorer: AdherenceRiskScorer): AdherencePredictor {
  return {
    version,
    predict({ regimens, events, asOfMs }) {
      const regimen = regimens[0];
      if (!regimen) return { pMissNextDose: 0.5, pPdcBelow80Next7Days: 0.5, factors: [] };
      const outcomes: DoseOutcome[] = matchDosesToSchedule(events as PillboxEvent[], regimen, { untilMs: asOfMs }).filter((o) => o.scheduledAtMs >= asOfMs - 28 * DAY_MS);
      const next = nextDose(regimen, asOfMs);
      const refills = events.filter((e) => e.kind === 'REFILL').map((e) => e.timestampMs);
      const row = adherenceHistoryFeatures({ regimen, outcomes, refillTimesMs: refills, nextScheduledMs: next });
      const risk = scorer.explain(row, 5);
      return {
        pMissNextDose: risk.missNextProbability,
        pPdcBelow80Next7Days: risk.pdcBelow80Next7DaysProbability,
        factors: risk.missNextFactors.map((f) => ({ feature: f.feature, humanName: f.humanName, contribution: f.contribution, value: f.value })),
      };
    },
  };
}
