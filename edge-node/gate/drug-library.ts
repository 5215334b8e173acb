import { checkDrugLibrary } from '../../datasets/infusion/check-drug-library.js';
import { DEFAULT_DRUG_LIBRARY } from '../../datasets/infusion/drug-library.js';
import type { DoseCommand } from '../../datasets/records.js';

/*
 * The drug-library check the gate needs (stage 2, infusion pumps), as an injected function; the
 * implementation is datasets/infusion's checkDrugLibrary over DEFAULT_DRUG_LIBRARY.
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

/**
 * The drug library of datasets/infusion (BD Alaris limits from clinical-limits.md where published,
 * marked illustrative elsewhere) behind the gate's interface. A dose in another unit than the library's
 * is a hard limit: the pump must be reprogrammed, never guessed at.
 * @returns within-limits, soft-limit (HOLD), hard-limit (REJECT) or not-in-library, with the text.
 */
export const libraryDrugCheck: DrugLibraryCheck = (dose) => {
  const command = {
    commandId: 'check', patientId: 'p-00000000', deviceId: 'check', issuerId: 'check', counter: 0, issuedAtMs: 0,
    kind: dose.kind, units: 0, durationMinutes: 0,
    infusion: { drugId: dose.drugId, careArea: dose.careArea, dose: dose.dose, doseUnit: dose.doseUnit, rateMlPerHour: dose.rateMlPerHour },
  } satisfies DoseCommand;
  const result = checkDrugLibrary(command, DEFAULT_DRUG_LIBRARY);
  if (result.status === 'not-applicable' || result.status === 'not-in-library') {
    return { status: 'not-in-library', text: `Drug '${dose.drugId}' is not in the drug library for care area '${dose.careArea}'.` };
  }
  const unit = dose.kind === 'INFUSION_RATE' ? result.entry.doseUnit : (result.entry.bolus?.unit ?? result.entry.doseUnit);
  if (dose.doseUnit !== unit) return { status: 'hard-limit', text: `infusion.doseUnit '${dose.doseUnit}' is not the library's unit '${unit}' for ${dose.drugId}.` };
  if (result.status === 'within') return { status: 'within-limits' };
  const text = result.breaches.map((b) => `${b.quantity} ${b.value} ${b.unit} ${b.bound === 'max' ? 'above' : 'below'} the ${b.severity} limit ${b.limit}`).join('; ');
  return { status: result.status === 'hard-breach' ? 'hard-limit' : 'soft-limit', text: `${dose.drugId} (${dose.careArea}): ${text}.` };
};
