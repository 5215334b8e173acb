/**
 * Running summary of a generated cohort, in constant memory per patient: glycaemia (time in range,
 * Kovatchev LBGI/HBGI from the true plasma glucose), adherence (PDC per pillbox patient over the whole
 * period, by archetype), and attack and fault counts per type.
 */
import { bloodGlucoseIndices, timeInRange, type TimeInRange } from '../risk.js';
import type { AttackType, SiteKind } from '../records.js';
import { PDC_ADHERENT_THRESHOLD } from '../pillbox/pdc.js';
import type { PatientDayRecords } from './cohort-patient.js';

/** Distribution of PDC over pillbox patients. */
export interface PdcDistribution {
  patients: number;
  mean: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  /** Share of patients with PDC ≥ 0.8. */
  adherentShare: number;
}

/** The cohort summary written to summary.json. */
export interface CohortSummary {
  patients: number;
  patientDays: number;
  bySite: Record<string, { patients: number; patientDays: number; timeInRange: TimeInRange; lbgi: number; hbgi: number }>;
  timeInRange: TimeInRange;
  lbgi: number;
  hbgi: number;
  pdc: PdcDistribution;
  pdcByArchetype: Record<string, { patients: number; meanPdc: number; takenFraction: number }>;
  attacksByType: Partial<Record<AttackType, number>>;
}

interface Glycaemia { patients: number; days: number; tir: TimeInRange; lbgi: number; hbgi: number }
const zeroTir = (): TimeInRange => ({ veryLow: 0, low: 0, inRange: 0, high: 0, veryHigh: 0 });

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

const round4 = (value: number) => Number(value.toFixed(4));

/** Accumulates patient-days; call {@link CohortSummaryBuilder.endPatient} after each patient. */
export class CohortSummaryBuilder {
  private readonly sites = new Map<SiteKind, Glycaemia>();
  private readonly pdcs: number[] = [];
  private readonly archetypes = new Map<string, { patients: number; pdcSum: number; taken: number; scheduled: number }>();
  private readonly attacks = new Map<AttackType, number>();
  private patient = { covered: 0, days: 0, taken: 0, scheduled: 0, archetype: null as string | null };

  /** Adds one patient-day. */
  addDay(day: PatientDayRecords): void {
    const site = this.sites.get(day.siteKind) ?? { patients: 0, days: 0, tir: zeroTir(), lbgi: 0, hbgi: 0 };
    this.sites.set(day.siteKind, site);
    if (day.dayIndex === 0) site.patients++;
    site.days++;
    const tir = timeInRange(day.bgMgDl);
    for (const key of Object.keys(tir) as (keyof TimeInRange)[]) site.tir[key] += tir[key];
    const { lbgi, hbgi } = bloodGlucoseIndices(day.bgMgDl);
    site.lbgi += lbgi;
    site.hbgi += hbgi;
    for (const label of day.labels) this.attacks.set(label.type, (this.attacks.get(label.type) ?? 0) + 1);
    if (day.archetype !== null) {
      const primary = day.doseOutcomes.filter((o) => o.outcome !== 'EXTRA');
      const taken = primary.filter((o) => o.outcome !== 'MISSED').length;
      this.patient.archetype = day.archetype;
      this.patient.days++;
      this.patient.taken += taken;
      this.patient.scheduled += primary.length;
      if (primary.length > 0 && taken === primary.length) this.patient.covered++;
    }
  }

  /** Closes the current patient (its PDC joins the distribution). */
  endPatient(): void {
    const { archetype, days, covered, taken, scheduled } = this.patient;
    if (archetype !== null && days > 0) {
      const pdc = covered / days;
      this.pdcs.push(pdc);
      const entry = this.archetypes.get(archetype) ?? { patients: 0, pdcSum: 0, taken: 0, scheduled: 0 };
      entry.patients++;
      entry.pdcSum += pdc;
      entry.taken += taken;
      entry.scheduled += scheduled;
      this.archetypes.set(archetype, entry);
    }
    this.patient = { covered: 0, days: 0, taken: 0, scheduled: 0, archetype: null };
  }

  /** @returns the summary (rounded to 4 decimals so it is stable to print and diff). */
  build(): CohortSummary {
    const total: Glycaemia = { patients: 0, days: 0, tir: zeroTir(), lbgi: 0, hbgi: 0 };
    const bySite: CohortSummary['bySite'] = {};
    const mean = (g: Glycaemia) => {
      const n = Math.max(1, g.days);
      return { timeInRange: Object.fromEntries(Object.entries(g.tir).map(([k, v]) => [k, round4(v / n)])) as unknown as TimeInRange, lbgi: round4(g.lbgi / n), hbgi: round4(g.hbgi / n) };
    };
    for (const [kind, site] of this.sites) {
      bySite[kind] = { patients: site.patients, patientDays: site.days, ...mean(site) };
      total.patients += site.patients;
      total.days += site.days;
      for (const key of Object.keys(total.tir) as (keyof TimeInRange)[]) total.tir[key] += site.tir[key];
      total.lbgi += site.lbgi;
      total.hbgi += site.hbgi;
    }
    const sorted = [...this.pdcs].sort((a, b) => a - b);
    const pdc: PdcDistribution = {
      patients: sorted.length,
      mean: round4(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
      p10: round4(quantile(sorted, 0.1)), p25: round4(quantile(sorted, 0.25)), p50: round4(quantile(sorted, 0.5)), p75: round4(quantile(sorted, 0.75)), p90: round4(quantile(sorted, 0.9)),
      adherentShare: round4(sorted.filter((v) => v >= PDC_ADHERENT_THRESHOLD).length / Math.max(1, sorted.length)),
    };
    const pdcByArchetype: CohortSummary['pdcByArchetype'] = {};
    for (const [archetype, e] of [...this.archetypes].sort(([a], [b]) => a.localeCompare(b))) {
      pdcByArchetype[archetype] = { patients: e.patients, meanPdc: round4(e.pdcSum / e.patients), takenFraction: round4(e.taken / Math.max(1, e.scheduled)) };
    }
    const attacksByType = Object.fromEntries([...this.attacks].sort(([a], [b]) => a.localeCompare(b))) as CohortSummary['attacksByType'];
    return { patients: total.patients, patientDays: total.days, bySite, ...mean(total), pdc, pdcByArchetype, attacksByType };
  }
}

/** @returns a short human-readable summary (a few lines). */
export function formatSummary(summary: CohortSummary): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const lines = [
    `${summary.patients} patients, ${summary.patientDays} patient-days`,
    `glucose: TIR ${pct(summary.timeInRange.inRange)}, <70 ${pct(summary.timeInRange.low + summary.timeInRange.veryLow)}, >180 ${pct(summary.timeInRange.high + summary.timeInRange.veryHigh)}, LBGI ${summary.lbgi.toFixed(2)}, HBGI ${summary.hbgi.toFixed(2)}`,
    `PDC (${summary.pdc.patients} pillbox patients): median ${summary.pdc.p50.toFixed(2)}, p10 ${summary.pdc.p10.toFixed(2)}, p90 ${summary.pdc.p90.toFixed(2)}, adherent (>=0.8) ${pct(summary.pdc.adherentShare)}`,
    `attacks/faults: ${Object.entries(summary.attacksByType).map(([type, n]) => `${type} ${n}`).join(', ') || 'none'}`,
  ];
  return lines.join('\n') + '\n';
}
