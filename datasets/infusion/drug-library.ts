/**
 * An infusion-pump drug library (dose error reduction software): per drug and care area, the
 * concentration, the dose unit and soft/hard limits on the dose, the pump rate and the bolus.
 * Values marked `sourced` come from ../shared/data/clinical-limits.md (BD Alaris library of a US
 * hospital, 2024); the rest are marked `illustrative` and must not be used clinically.
 */

/** Care areas a library profile applies to. */
export const CARE_AREAS = ['icu', 'med-surg', 'paediatrics'] as const;
/** A care area (library profile). */
export type CareArea = (typeof CARE_AREAS)[number];

/** Dose units the library understands; weight-based units need the patient's weight to become mL/h. */
export const DOSE_UNITS = ['unit/h', 'unit/kg/h', 'mcg/kg/min', 'mcg/kg/h', 'mg/h', 'mL/h'] as const;
/** A continuous-dose unit. */
export type DoseUnit = (typeof DOSE_UNITS)[number];

/** Bolus dose units. */
export type BolusUnit = 'unit' | 'unit/kg' | 'mg' | 'mcg/kg' | 'mL';

/**
 * Soft and hard bounds of one quantity. Any bound may be absent. A soft breach warns and can be
 * overridden by a clinician; a hard breach cannot (the infusion must be reprogrammed).
 */
export interface LimitRange {
  softMin?: number;
  softMax?: number;
  hardMin?: number;
  hardMax?: number;
}

/** Where a limit value comes from. */
export type LimitProvenance = 'sourced' | 'illustrative';

/** One library entry: a drug at a concentration in a care area. */
export interface DrugLibraryEntry {
  drugId: string;
  displayName: string;
  careArea: CareArea;
  /** Drug amount per mL, in `concentrationUnit` (e.g. 1 unit/mL, 16 mcg/mL). */
  concentrationPerMl: number;
  concentrationUnit: 'unit' | 'mcg' | 'mg' | 'mL';
  doseUnit: DoseUnit;
  /** Limits of the continuous dose, in `doseUnit`. */
  dose: LimitRange;
  /** Bolus (loading) dose limits, in `bolusUnit`; absent = boluses are not allowed for this entry. */
  bolus?: { unit: BolusUnit; dose: LimitRange; /** Bolus delivery rate in bolus-unit per minute. */ ratePerMinute?: LimitRange };
  /** Second-nurse verification advisory (shown, never blocks). */
  advisory?: string;
  provenance: LimitProvenance;
  /** Short citation or the reason the values are illustrative. */
  source: string;
}

/** A complete library: its entries and the pump's per-care-area rate ceiling. */
export interface DrugLibrary {
  version: string;
  entries: readonly DrugLibraryEntry[];
  /** Hard ceiling of any channel's rate in mL/h per care area. */
  maxRateMlPerHour: Readonly<Record<CareArea, number>>;
}

const ALARIS = 'BD Alaris library of a US hospital (2024), clinical-limits.md';
const ILLUSTRATIVE = 'illustrative: not in clinical-limits.md; plausible for simulation only';

/** Continuous regular-insulin entry (1 unit/mL) for adult care areas: all limits sourced. */
function adultInsulin(careArea: CareArea): DrugLibraryEntry {
  return {
    drugId: 'insulin-regular-iv', displayName: 'Insulin regular 100 units/100 mL', careArea,
    concentrationPerMl: 1, concentrationUnit: 'unit', doseUnit: 'unit/h',
    dose: { softMin: 1, softMax: 20, hardMax: 30 },
    bolus: { unit: 'unit', dose: { softMin: 1, softMax: 11 }, ratePerMinute: { hardMin: 0.5, hardMax: 15 } },
    advisory: '2nd RN to verify', provenance: 'sourced', source: ALARIS,
  };
}

/** Heparin 50 unit/mL: range 1–100 unit/kg/h and bolus hard max 62 unit/kg sourced; soft bounds illustrative. */
function heparin(careArea: CareArea): DrugLibraryEntry {
  return {
    drugId: 'heparin', displayName: 'Heparin 25,000 units/500 mL', careArea,
    concentrationPerMl: 50, concentrationUnit: 'unit', doseUnit: 'unit/kg/h',
    dose: { softMin: 5, softMax: 35, hardMin: 1, hardMax: 100 },
    bolus: { unit: 'unit/kg', dose: { softMax: 40, hardMax: 62 } },
    provenance: 'sourced', source: `${ALARIS}; soft bounds illustrative`,
  };
}

function maintenanceFluid(careArea: CareArea, soft: [number, number], hardMax: number): DrugLibraryEntry {
  return {
    drugId: 'sodium-chloride-0.9', displayName: 'Sodium chloride 0.9% maintenance', careArea,
    concentrationPerMl: 1, concentrationUnit: 'mL', doseUnit: 'mL/h',
    dose: { softMin: soft[0], softMax: soft[1], hardMax },
    bolus: { unit: 'mL', dose: { softMax: 500, hardMax: 1000 } },
    provenance: careArea === 'paediatrics' ? 'illustrative' : 'sourced',
    source: careArea === 'paediatrics' ? ILLUSTRATIVE : `${ALARIS} (adult max rate 999 mL/h); soft bounds illustrative`,
  };
}

/**
 * The default library: insulin, heparin, norepinephrine, morphine and maintenance fluid for the ICU,
 * med-surg and paediatrics profiles. Vasopressors are ICU/paediatrics only (not in the med-surg
 * profile), as in hospital libraries that restrict them to monitored beds.
 */
export const DEFAULT_DRUG_LIBRARY: DrugLibrary = {
  version: 'vigil-sim-2025.1',
  // Adult profile max rate 999 mL/h is sourced; the paediatric ceiling is illustrative (the sourced nursery value is 25 mL/h).
  maxRateMlPerHour: { icu: 999, 'med-surg': 999, paediatrics: 250 },
  entries: [
    adultInsulin('icu'),
    adultInsulin('med-surg'),
    {
      drugId: 'insulin-regular-iv', displayName: 'Insulin regular 100 units/100 mL (weight-based)', careArea: 'paediatrics',
      concentrationPerMl: 1, concentrationUnit: 'unit', doseUnit: 'unit/kg/h',
      dose: { softMin: 0.001, softMax: 0.3, hardMax: 0.8 },
      bolus: { unit: 'unit', dose: { softMin: 0.1, softMax: 5, hardMax: 10 } },
      advisory: '2nd RN to verify', provenance: 'sourced', source: `${ALARIS} (weight-based variant); bolus illustrative`,
    },
    heparin('icu'),
    heparin('med-surg'),
    heparin('paediatrics'),
    {
      drugId: 'norepinephrine', displayName: 'Norepinephrine 4 mg/250 mL', careArea: 'icu',
      concentrationPerMl: 16, concentrationUnit: 'mcg', doseUnit: 'mcg/kg/min',
      dose: { softMin: 0.01, softMax: 1, hardMax: 3 }, provenance: 'illustrative', source: ILLUSTRATIVE,
    },
    {
      drugId: 'norepinephrine', displayName: 'Norepinephrine 4 mg/250 mL', careArea: 'paediatrics',
      concentrationPerMl: 16, concentrationUnit: 'mcg', doseUnit: 'mcg/kg/min',
      dose: { softMin: 0.05, softMax: 1, hardMax: 2 }, provenance: 'illustrative', source: ILLUSTRATIVE,
    },
    {
      drugId: 'morphine', displayName: 'Morphine 100 mg/100 mL', careArea: 'icu',
      concentrationPerMl: 1, concentrationUnit: 'mg', doseUnit: 'mg/h',
      dose: { softMin: 0.5, softMax: 10, hardMax: 20 },
      bolus: { unit: 'mg', dose: { softMin: 1, softMax: 5, hardMax: 10 } }, provenance: 'illustrative', source: ILLUSTRATIVE,
    },
    {
      drugId: 'morphine', displayName: 'Morphine 100 mg/100 mL', careArea: 'med-surg',
      concentrationPerMl: 1, concentrationUnit: 'mg', doseUnit: 'mg/h',
      dose: { softMin: 0.5, softMax: 5, hardMax: 10 },
      bolus: { unit: 'mg', dose: { softMin: 1, softMax: 4, hardMax: 8 } }, provenance: 'illustrative', source: ILLUSTRATIVE,
    },
    {
      drugId: 'morphine', displayName: 'Morphine 100 mg/100 mL (weight-based)', careArea: 'paediatrics',
      concentrationPerMl: 1, concentrationUnit: 'mg', doseUnit: 'mcg/kg/h',
      dose: { softMin: 10, softMax: 40, hardMax: 60 }, provenance: 'illustrative', source: ILLUSTRATIVE,
    },
    maintenanceFluid('icu', [10, 250], 999),
    maintenanceFluid('med-surg', [10, 250], 999),
    maintenanceFluid('paediatrics', [2, 100], 250),
  ],
};

/** @returns the entry for a drug in a care area, or undefined when the library has none. */
export function findDrugEntry(library: DrugLibrary, drugId: string, careArea: string): DrugLibraryEntry | undefined {
  return library.entries.find((entry) => entry.drugId === drugId && entry.careArea === careArea);
}

/**
 * Converts a continuous dose to a pump rate.
 * @returns mL/h. @throws RangeError when a weight-based unit gets no positive weight.
 */
export function doseToRateMlPerHour(entry: DrugLibraryEntry, dose: number, weightKg?: number): number {
  const needsWeight = entry.doseUnit.includes('/kg/');
  if (needsWeight && !(weightKg !== undefined && weightKg > 0)) throw new RangeError(`${entry.drugId}: ${entry.doseUnit} needs a positive weight`);
  const kg = needsWeight ? weightKg! : 1;
  const perHour = entry.doseUnit.endsWith('/min') ? 60 : 1;
  // mcg/kg/h doses against a mg/mL concentration: convert mcg to mg.
  const scale = entry.doseUnit.startsWith('mcg') && entry.concentrationUnit === 'mg' ? 1 / 1000 : 1;
  return (dose * kg * perHour * scale) / entry.concentrationPerMl;
}
