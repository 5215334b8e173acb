/**
 * Renders what a patient did at the box into raw smart-pillbox events, with the noise of real monitors:
 * the IR beam misses ~3% of hand entries, the load cell has ~8 mg of noise, a lid is sometimes left
 * open for minutes, peeks open the lid without removing anything, and vibration now and then logs a
 * small weight change with the lid closed.
 */
import type { PillboxEvent, Regimen } from '../records.js';
import type { Random } from '../random.js';
import type { BoxAction } from './adherence-process.js';

const SECOND_MS = 1000;
/** Load-cell noise (SD, mg). */
export const WEIGHT_NOISE_MG = 8;
const IR_MISS_PROBABILITY = 0.03;
const LID_LEFT_OPEN_PROBABILITY = 0.02;
const VIBRATION_PER_DAY = 0.05;

/**
 * @param dayStartMs start of the day the actions belong to (for vibration artefacts).
 * @returns the events in time order.
 */
export function renderPillboxEvents(actions: readonly BoxAction[], regimen: Regimen, dayStartMs: number, random: Random): PillboxEvent[] {
  const events: PillboxEvent[] = [];
  const base = { patientId: regimen.patientId, deviceId: regimen.deviceId };
  const emit = (timestampMs: number, kind: PillboxEvent['kind'], value = 0) => events.push({ ...base, timestampMs: Math.round(timestampMs), kind, value: Number(value.toFixed(1)) });
  const weight = (deltaMg: number) => deltaMg + random.normal(0, WEIGHT_NOISE_MG);
  for (const action of actions) {
    const t = action.atMs;
    emit(t, 'LID_OPEN');
    const closeAfterMs = random.bernoulli(LID_LEFT_OPEN_PROBABILITY) ? random.int(3, 25) * 60 * SECOND_MS : random.int(12, 60) * SECOND_MS;
    if (action.kind === 'remove') {
      if (!random.bernoulli(IR_MISS_PROBABILITY)) emit(t + random.int(1, 6) * SECOND_MS, 'IR_DETECT');
      emit(t + random.int(7, 11) * SECOND_MS, 'WEIGHT_CHANGE', weight(-action.pills * regimen.pillMassMg));
    } else if (action.kind === 'peek') {
      if (random.bernoulli(0.3)) emit(t + random.int(1, 6) * SECOND_MS, 'IR_DETECT');
      emit(t + random.int(7, 11) * SECOND_MS, 'WEIGHT_CHANGE', weight(0));
    } else {
      emit(t + random.int(1, 6) * SECOND_MS, 'IR_DETECT');
      emit(t + random.int(20, 40) * SECOND_MS, 'REFILL', action.pills);
      emit(t + random.int(41, 50) * SECOND_MS, 'WEIGHT_CHANGE', weight(action.pills * regimen.pillMassMg));
    }
    emit(t + Math.max(closeAfterMs, 55 * SECOND_MS * (action.kind === 'refill' ? 1 : 0) + 12 * SECOND_MS), 'LID_CLOSE');
  }
  if (random.bernoulli(VIBRATION_PER_DAY)) emit(dayStartMs + random.int(0, 86_399) * SECOND_MS, 'WEIGHT_CHANGE', random.normal(0, 30));
  events.sort((a, b) => a.timestampMs - b.timestampMs);
  return events;
}
