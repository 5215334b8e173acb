/**
 * Adherence training data from the datasets pillbox simulator (archetypes after the ABC taxonomy): one
 * row per scheduled dose after a 7-day warm-up, with the two labels. Used by tests and benchmarks.
 */
import { createRandom } from '../../datasets/random.js';
import type { DoseOutcome } from '../../datasets/records.js';
import { drawArchetype, PillboxSimulator, samplePatientBehaviour, sampleRegimen } from '../../datasets/pillbox/index.js';
import { adherenceHistoryFeatures, adherenceLabels, ADHERENCE_HISTORY_SPEC } from '../features/adherence-history.js';

const DAY_MS = 86_400_000;

/** Adherence rows of a set of simulated patients. */
export interface AdherenceCohort {
  rows: Float32Array;
  /** Two per row: missNext, pdcBelow80Next7Days. */
  labels: Float32Array;
  /** Patient index of each row (for splits by patient). */
  patient: Int32Array;
  archetypes: string[];
  /** Per row, the last {@link SEQUENCE_LENGTH} scheduled doses before it (oldest first), {@link SEQUENCE_WIDTH} values each. */
  sequences: Float32Array;
  /** Per row, {@link HIDDEN_STATE_NAMES} values of the simulator's ground truth (oracle evaluations only). */
  hiddenState: Float32Array;
}

/**
 * What the simulator knows and a pillbox cannot: supply left (days), on a drug holiday, discontinued, the
 * patient's miss propensity, decline per week, holiday hazard, refill habit, weeks on therapy. An oracle
 * model trained with these appended measures how much of the label is predictable at all.
 */
export const HIDDEN_STATE_NAMES = ['supply_left_days', 'on_holiday', 'discontinued', 'base_miss_logit', 'decline_per_week_logit', 'holiday_start_per_day', 'refill_delay_days', 'weeks_on_therapy'] as const;

/** Steps and values per step of the dose sequences (for a recurrent comparator). */
export const SEQUENCE_LENGTH = 28;
export const SEQUENCE_WIDTH = 6;

/**
 * Simulates `patients` pillbox users for `days` days and builds features and labels.
 * @returns the rows in patient order.
 */
export function simulateAdherenceCohort(patients: number, days: number, seed: string, firstPatient = 0): AdherenceCohort {
  const width = ADHERENCE_HISTORY_SPEC.features.length;
  const rows: number[] = [];
  const labels: number[] = [];
  const patientOf: number[] = [];
  const archetypes: string[] = [];
  const sequences: number[] = [];
  const hiddenState: number[] = [];
  const startMs = Date.UTC(2025, 0, 6);
  for (let p = firstPatient; p < firstPatient + patients; p++) {
    const random = createRandom(`${seed}/adherence/${p}`);
    const id = `p-${(0x10000000 + p).toString(16)}`;
    const regimen = sampleRegimen(random.fork('regimen'), id, `box-${p}`, startMs);
    const archetype = drawArchetype(random.fork('archetype'));
    archetypes.push(archetype);
    const behaviour = samplePatientBehaviour(archetype, random.fork('behaviour'));
    const simulator = new PillboxSimulator(regimen, behaviour, random.fork('box'));
    const outcomes: DoseOutcome[] = [];
    const refills: number[] = [];
    const stateByDay: number[][] = [];
    const perDay = regimen.doseTimesMinute.length;
    for (let d = 0; d < days; d++) {
      const state = simulator.hiddenState;
      const b = behaviour.params;
      stateByDay.push([state.pillsLeft / perDay, state.holidayDaysLeft > 0 ? 1 : 0, state.discontinued ? 1 : 0, b.baseMissLogit, b.declinePerWeekLogit, b.holidayStartPerDay, (b.refillDelayDays[0] + b.refillDelayDays[1]) / 2, d / 7]);
      const day = simulator.simulateDay(d);
      outcomes.push(...day.outcomes);
      for (const e of day.events) if (e.kind === 'REFILL') refills.push(e.timestampMs);
    }
    outcomes.sort((a, b) => a.scheduledAtMs - b.scheduledAtMs);
    const scheduled = outcomes.filter((o) => o.outcome !== 'EXTRA');
    let first = 0;
    for (let i = 0; i < scheduled.length; i++) {
      const next = scheduled[i]!.scheduledAtMs;
      if (next < startMs + 7 * DAY_MS) continue;
      const label = adherenceLabels(scheduled.slice(i, i + 40), next);
      if (!label) continue;
      while (first < outcomes.length && outcomes[first]!.scheduledAtMs < next - 28 * DAY_MS) first++;
      let end = first;
      while (end < outcomes.length && outcomes[end]!.scheduledAtMs < next) end++;
      const row = adherenceHistoryFeatures({ regimen, outcomes: outcomes.slice(first, end), refillTimesMs: refills, nextScheduledMs: next });
      if (row.length !== width) throw new Error('feature width');
      rows.push(...row);
      labels.push(label.missNext ? 1 : 0, label.pdcBelow80Next7Days ? 1 : 0);
      patientOf.push(p);
      hiddenState.push(...stateByDay[Math.floor((next - startMs) / DAY_MS)]!);
      for (let k = i - SEQUENCE_LENGTH; k < i; k++) {
        const o = k >= 0 ? scheduled[k] : undefined;
        const day = o ? Math.floor(o.scheduledAtMs / DAY_MS) : 0;
        if (!o) sequences.push(0, 0, 0, 0, 0, 0);
        else sequences.push(o.outcome === 'MISSED' ? 1 : 0, o.outcome === 'LATE' ? 1 : 0, (o.delayMinutes ?? 0) / 60, Math.sin((2 * Math.PI * ((day + 4) % 7)) / 7), Math.cos((2 * Math.PI * ((day + 4) % 7)) / 7), 1);
      }
    }
  }
  return { rows: Float32Array.from(rows), labels: Float32Array.from(labels), patient: Int32Array.from(patientOf), archetypes, sequences: Float32Array.from(sequences), hiddenState: Float32Array.from(hiddenState) };
}
