/**
 * The drug-library check the edge node's gate runs on every infusion command (stage 2, the
 * deterministic floor): pure, no I/O, no clock. It reports every limit the command breaches and the
 * worst severity, so the gate can HOLD on a soft breach and REJECT on a hard one.
 */
import type { DoseCommand } from '../records.js';
import { findDrugEntry, type DrugLibrary, type DrugLibraryEntry, type LimitRange } from './drug-library.js';

/** Which quantity a limit bounds. */
export type LimitQuantity = 'dose' | 'bolus-dose' | 'bolus-rate' | 'pump-rate';

/** One breached limit. */
export interface LimitBreach {
  quantity: LimitQuantity;
  severity: 'soft' | 'hard';
  bound: 'min' | 'max';
  /** The limit value and the commanded value, both in `unit`. */
  limit: number;
  value: number;
  unit: string;
}

/** Outcome of {@link checkDrugLibrary}. */
export type DrugLibraryCheck =
  /** Inside every limit. */
  | { status: 'within'; drugId: string; careArea: string; entry: DrugLibraryEntry }
  /** Breaches at least one soft limit and no hard limit: a clinician may override. */
  | { status: 'soft-breach'; drugId: string; careArea: string; entry: DrugLibraryEntry; breaches: LimitBreach[] }
  /** Breaches at least one hard limit (soft breaches are listed too): must be reprogrammed. */
  | { status: 'hard-breach'; drugId: string; careArea: string; entry: DrugLibraryEntry; breaches: LimitBreach[] }
  /** The drug is not in the library for that care area (a "basic infusion" outside DERS protection). */
  | { status: 'not-in-library'; drugId: string; careArea: string }
  /** Not an infusion command (BOLUS, BASAL_RATE, ...) or one without its `infusion` block. */
  | { status: 'not-applicable'; reason: string };

/** Severity order, so the worst breach decides the status. */
function breachesOf(range: LimitRange | undefined, value: number, quantity: LimitQuantity, unit: string): LimitBreach[] {
  if (range === undefined) return [];
  const out: LimitBreach[] = [];
  const add = (severity: 'soft' | 'hard', bound: 'min' | 'max', limit: number | undefined) => {
    if (limit === undefined) return;
    if (bound === 'max' ? value > limit : value < limit) out.push({ quantity, severity, bound, limit, value, unit });
  };
  add('hard', 'max', range.hardMax);
  add('hard', 'min', range.hardMin);
  add('soft', 'max', range.softMax);
  add('soft', 'min', range.softMin);
  return out;
}

/**
 * Checks an INFUSION_RATE or INFUSION_BOLUS command against the library entry for its drug and care area.
 * INFUSION_RATE: `infusion.dose` (in the entry's dose unit) against the dose limits, and
 * `infusion.rateMlPerHour` against the care area's pump ceiling. INFUSION_BOLUS: `infusion.dose` (in the
 * entry's bolus unit) against the bolus limits, and dose ÷ `durationMinutes` against the bolus-rate limits;
 * an entry without bolus limits makes any bolus a hard breach. A rate or bolus of exactly 0 (stop) is
 * always within.
 * @returns the verdict; never throws.
 */
export function checkDrugLibrary(command: DoseCommand, library: DrugLibrary): DrugLibraryCheck {
  if (command.kind !== 'INFUSION_RATE' && command.kind !== 'INFUSION_BOLUS') return { status: 'not-applicable', reason: `${command.kind} is not an infusion command` };
  const infusion = command.infusion;
  if (infusion === undefined) return { status: 'not-applicable', reason: `${command.kind} without an infusion block` };
  const { drugId, careArea } = infusion;
  const entry = findDrugEntry(library, drugId, careArea);
  if (entry === undefined) return { status: 'not-in-library', drugId, careArea };
  const breaches: LimitBreach[] = [];
  const ceiling = (library.maxRateMlPerHour as Record<string, number | undefined>)[careArea];
  breaches.push(...breachesOf(ceiling === undefined ? undefined : { hardMax: ceiling }, infusion.rateMlPerHour, 'pump-rate', 'mL/h'));

  if (command.kind === 'INFUSION_RATE') {
    // Stopping an infusion is never a dose error; soft/hard minimums apply to running infusions only.
    if (infusion.dose > 0) breaches.push(...breachesOf(entry.dose, infusion.dose, 'dose', entry.doseUnit));
  } else if (entry.bolus === undefined) {
    breaches.push({ quantity: 'bolus-dose', severity: 'hard', bound: 'max', limit: 0, value: infusion.dose, unit: 'bolus not allowed' });
  } else {
    breaches.push(...breachesOf(entry.bolus.dose, infusion.dose, 'bolus-dose', entry.bolus.unit));
    if (command.durationMinutes > 0) {
      breaches.push(...breachesOf(entry.bolus.ratePerMinute, infusion.dose / command.durationMinutes, 'bolus-rate', `${entry.bolus.unit}/min`));
    }
  }
  if (breaches.length === 0) return { status: 'within', drugId, careArea, entry };
  const status = breaches.some((b) => b.severity === 'hard') ? 'hard-breach' : 'soft-breach';
  return { status, drugId, careArea, entry, breaches };
}
