/**
 * A site's local training data, built from its own recorded streams (a `datasets generate` site directory)
 * with the one feature code path of models/: dose-context rows by replaying commands and CGM through
 * PatientStateTracker exactly as the gate sees them live, and adherence rows from pillbox events matched
 * to the schedule (the same matching PredictAdherence serves from). Attack commands (labels) never enter
 * the normal training rows; they are kept apart to check detection in shadow validation.
 */
import { matchDosesToSchedule } from '../../datasets/pillbox/match-doses.js';
import { readSiteStream } from '../../datasets/loaders.js';
import type { DoseCommand, DoseOutcome, PatientProfile, PillboxEvent, Regimen, CgmReading } from '../../datasets/records.js';
import { ADHERENCE_HISTORY_SPEC, adherenceHistoryFeatures, adherenceLabels, buildDoseContext, doseContextVector, DOSE_CONTEXT_SPEC, PatientStateTracker } from '../../models/index.js';

const DAY_MS = 86_400_000;

/** Rows of one feature spec, flattened row-major. */
export interface RowSet {
  rows: Float32Array;
  count: number;
}

/** What a node trains and validates on. */
export interface SiteTrainingData {
  dose: { train: RowSet; holdout: RowSet; attacks: RowSet };
  adherence: { train: { rows: Float32Array; labels: Float32Array }; holdout: { rows: Float32Array; labels: Float32Array }; count: number };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item)) ?? [];
    list.push(item);
    out.set(key(item), list);
  }
  return out;
}

function toRowSet(rows: readonly Float32Array[], width: number): RowSet {
  const flat = new Float32Array(rows.length * width);
  rows.forEach((row, i) => flat.set(row, i * width));
  return { rows: flat, count: rows.length };
}

/**
 * Builds the site's training data from streams recorded before `untilMs`; the last `holdoutDays` days are
 * held out (shadow validation and calibration).
 * @throws InvalidArgumentError (from the readers) naming the file and line of a malformed record.
 */
export async function loadSiteTrainingData(siteDir: string, options: { untilMs: number; holdoutDays: number }): Promise<SiteTrainingData> {
  const [profiles, commands, cgm, labels, regimens, events, carbs] = await Promise.all([
    readSiteStream(siteDir, 'profiles'), readSiteStream(siteDir, 'commands'), readSiteStream(siteDir, 'cgm'), readSiteStream(siteDir, 'labels'), readSiteStream(siteDir, 'regimens'), readSiteStream(siteDir, 'pillbox-events'), readSiteStream(siteDir, 'carbs'),
  ]);
  const splitMs = options.untilMs - options.holdoutDays * DAY_MS;
  const attackIds = new Set(labels.flatMap((l) => l.commandIds));
  const width = DOSE_CONTEXT_SPEC.features.length;
  const dose = { train: [] as Float32Array[], holdout: [] as Float32Array[], attacks: [] as Float32Array[] };
  const commandsBy = groupBy(commands.filter((c) => c.issuedAtMs < options.untilMs), (c) => c.patientId);
  const cgmBy = groupBy(cgm.filter((r) => r.timestampMs < options.untilMs), (r) => r.patientId);
  const carbsBy = groupBy(carbs.filter((c) => c.timestampMs < options.untilMs), (c) => c.patientId);
  for (const profile of profiles as PatientProfile[]) {
    const tracker = new PatientStateTracker(profile);
    type Event = { t: number; order: number; command?: DoseCommand; reading?: CgmReading; carbsG?: number };
    const timeline: Event[] = [
      ...(cgmBy.get(profile.patientId) ?? []).map((reading) => ({ t: reading.timestampMs, order: 0, reading })),
      // Announced carbs arrive with their meal bolus (as the pump's carbs frame does), just before it.
      ...(carbsBy.get(profile.patientId) ?? []).map((c) => ({ t: c.timestampMs, order: 0.5, carbsG: c.carbsG })),
      ...(commandsBy.get(profile.patientId) ?? []).filter((c) => c.kind !== 'INFUSION_RATE' && c.kind !== 'INFUSION_BOLUS').map((command) => ({ t: command.issuedAtMs, order: 1, command })),
    ].sort((a, b) => a.t - b.t || a.order - b.order);
    for (const event of timeline) {
      if (event.reading) {
        tracker.addCgm(event.reading);
        continue;
      }
      if (event.carbsG !== undefined) {
        tracker.addCarbs({ timestampMs: event.t, carbsG: event.carbsG });
        continue;
      }
      const command = event.command!;
      const row = doseContextVector(buildDoseContext(tracker.snapshot(), command), profile);
      if (!row.every(Number.isFinite)) continue;
      if (attackIds.has(command.commandId)) {
        dose.attacks.push(row);
        continue; // an attack is never delivered into the state the next command sees
      }
      (command.issuedAtMs < splitMs ? dose.train : dose.holdout).push(row);
      tracker.addCommand(command);
    }
  }
  // Adherence labels look 7 days ahead, so its hold-out ends 7 days before the data does.
  const adherence = adherenceRows(regimens as Regimen[], events as PillboxEvent[], options.untilMs, splitMs - 7 * DAY_MS);
  return { dose: { train: toRowSet(dose.train, width), holdout: toRowSet(dose.holdout, width), attacks: toRowSet(dose.attacks, width) }, adherence };
}

function adherenceRows(regimens: readonly Regimen[], events: readonly PillboxEvent[], untilMs: number, splitMs: number): SiteTrainingData['adherence'] {
  const width = ADHERENCE_HISTORY_SPEC.features.length;
  const sets = { train: { rows: [] as number[], labels: [] as number[] }, holdout: { rows: [] as number[], labels: [] as number[] } };
  const eventsBy = groupBy(events.filter((e) => e.timestampMs < untilMs), (e) => e.deviceId);
  for (const regimen of regimens) {
    const boxEvents = eventsBy.get(regimen.deviceId) ?? [];
    const outcomes: DoseOutcome[] = matchDosesToSchedule(boxEvents, regimen, { untilMs });
    const refills = boxEvents.filter((e) => e.kind === 'REFILL').map((e) => e.timestampMs);
    const scheduled = outcomes.filter((o) => o.outcome !== 'EXTRA');
    for (let i = 0; i < scheduled.length; i++) {
      const next = scheduled[i]!.scheduledAtMs;
      if (next < regimen.startMs + 7 * DAY_MS) continue;
      const label = adherenceLabels(scheduled.slice(i).filter((o) => o.scheduledAtMs < next + 7 * DAY_MS), next);
      if (!label || next + 7 * DAY_MS > untilMs) continue;
      const history = outcomes.filter((o) => o.scheduledAtMs < next && o.scheduledAtMs >= next - 28 * DAY_MS);
      const row = adherenceHistoryFeatures({ regimen, outcomes: history, refillTimesMs: refills.filter((t) => t < next), nextScheduledMs: next });
      const target = next < splitMs ? sets.train : sets.holdout;
      target.rows.push(...row);
      target.labels.push(label.missNext ? 1 : 0, label.pdcBelow80Next7Days ? 1 : 0);
    }
  }
  return {
    train: { rows: Float32Array.from(sets.train.rows), labels: Float32Array.from(sets.train.labels) },
    holdout: { rows: Float32Array.from(sets.holdout.rows), labels: Float32Array.from(sets.holdout.labels) },
    count: (sets.train.rows.length + sets.holdout.rows.length) / width,
  };
}
