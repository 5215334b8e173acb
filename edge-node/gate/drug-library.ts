/**
 * The drug-library check the gate needs (stage 2, infusion pumps): an injected function so the
 * datasets engineer's `checkDrugLibrary` plugs in. Until it lands, {@link interimDrugLibrary} holds the
 * two entries of shared/data/clinical-limits.md (BD Alaris insulin and heparin).
 */

/** An infusion dose as the gate checks it. */
export interface InfusionDoseInput {
  kind: 'INFUSION_RATE' | 'INFUSION_BOLUS';
  drugId: string;
  careArea: string;
  dose: number;
  doseUnit: string;
  rateMlPerHour: number;
  weightKg: number;
}

/** The library's answer. */
export type DrugLibraryResult =
  | { status: 'within-limits' }
  | { status: 'soft-limit' | 'hard-limit'; text: string }
  | { status: 'not-in-library'; text: string };

/** Checks one infusion dose against the drug library. Pure. */
export type DrugLibraryCheck = (dose: InfusionDoseInput) => DrugLibraryResult;

interface Limits { unit: string; softMin: number; softMax: number; hardMax: number }
interface Entry { rate: Limits; bolus: Limits; maxRateMlPerHour: number }

// BD Alaris (2024) insulin 1 unit/mL and heparin 50 unit/mL (weight-based), from clinical-limits.md.
const ENTRIES: Record<string, Entry> = {
  'insulin-regular-1u-ml': {
    rate: { unit: 'units/h', softMin: 1, softMax: 20, hardMax: 30 },
    bolus: { unit: 'units', softMin: 1, softMax: 11, hardMax: 15 },
    maxRateMlPerHour: 999,
  },
  'heparin-50u-ml': {
    rate: { unit: 'units/kg/h', softMin: 1, softMax: 100, hardMax: 100 },
    bolus: { unit: 'units/kg', softMin: 0, softMax: 62, hardMax: 62 },
    maxRateMlPerHour: 999,
  },
};

/**
 * Interim library (replace with datasets' checkDrugLibrary when it lands).
 * @returns the check result; a unit other than the library's is a hard limit naming `infusion.doseUnit`.
 */
export const interimDrugLibrary: DrugLibraryCheck = (dose) => {
  const entry = ENTRIES[dose.drugId];
  if (!entry) return { status: 'not-in-library', text: `Drug '${dose.drugId}' is not in the drug library for care area '${dose.careArea}'.` };
  const limits = dose.kind === 'INFUSION_RATE' ? entry.rate : entry.bolus;
  if (dose.doseUnit !== limits.unit) return { status: 'hard-limit', text: `infusion.doseUnit '${dose.doseUnit}' is not the library's unit '${limits.unit}' for ${dose.drugId}.` };
  if (dose.dose > limits.hardMax) return { status: 'hard-limit', text: `${dose.dose} ${limits.unit} exceeds the hard limit ${limits.hardMax} ${limits.unit} for ${dose.drugId}.` };
  if (dose.rateMlPerHour > entry.maxRateMlPerHour) return { status: 'hard-limit', text: `Pump rate ${dose.rateMlPerHour} mL/h exceeds ${entry.maxRateMlPerHour} mL/h.` };
  if (dose.dose > limits.softMax || dose.dose < limits.softMin) {
    return { status: 'soft-limit', text: `${dose.dose} ${limits.unit} is outside the soft range ${limits.softMin}–${limits.softMax} ${limits.unit} for ${dose.drugId}.` };
  }
  return { status: 'within-limits' };
};
