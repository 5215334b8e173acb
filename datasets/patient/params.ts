/**
 * UVA/Padova virtual-patient parameters: typed rows from any CSV with the columns of
 * `vpatient_params.csv`, plus the therapy answers of `Quest.csv` (carb ratio, correction factor, age, TDI).
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, NotFoundError } from '../../common/errors/index.js';
import { numericCell, parseCsv, requireColumns, type CsvTable } from '../csv.js';
import { uvaPadovaPath } from '../shared-data.js';

/** The rate constants and basal values the model reads (names and units as in vpatient_params.csv). */
export const MODEL_PARAMETER_NAMES = [
  'BW', 'Gb', 'Ib', 'kabs', 'kmax', 'kmin', 'b', 'd', 'Vg', 'Vi', 'Vmx', 'Km0', 'k2', 'k1', 'p2u', 'm1', 'm2', 'm4',
  'm30', 'ki', 'kp1', 'kp2', 'kp3', 'f', 'ke1', 'ke2', 'Fsnc', 'Vm0', 'kd', 'ksc', 'ka1', 'ka2', 'u2ss', 'dosekempt',
] as const;
/** Name of one model parameter. */
export type ModelParameterName = (typeof MODEL_PARAMETER_NAMES)[number];

/** The 13 initial-state columns, in state order. */
export const INITIAL_STATE_COLUMNS = Array.from({ length: 13 }, (_, i) => `x0_${i + 1}`);

/** One virtual patient's model parameters. */
export type VirtualPatientParams = { readonly name: string; readonly x0: readonly number[] } & {
  readonly [K in ModelParameterName]: number;
};

/** Therapy answers from Quest.csv. */
export interface VirtualPatientTherapy {
  carbRatioGPerU: number;
  correctionFactorMgDlPerU: number;
  ageYears: number;
  totalDailyInsulinU: number;
}

/** A virtual patient: model parameters and, when Quest.csv lists it, its therapy answers. */
export interface VirtualPatient {
  name: string;
  params: VirtualPatientParams;
  therapy: VirtualPatientTherapy | null;
}

/** Rates, volumes and the body weight must be positive; everything else only finite. */
const MUST_BE_POSITIVE: ReadonlySet<string> = new Set(['BW', 'Vg', 'Vi', 'Km0', 'kmax', 'kabs', 'ki', 'ksc', 'p2u']);

/**
 * Parses a parameters table (text of a CSV with the columns of vpatient_params.csv).
 * @throws InvalidArgumentError naming the row and column of a missing column or a non-numeric value.
 */
export function parsePatientParams(text: string, source: string): VirtualPatientParams[] {
  const table = parseCsv(text, source);
  const columns = requireColumns(table, ['Name', ...INITIAL_STATE_COLUMNS, ...MODEL_PARAMETER_NAMES]);
  return table.rows.map((row) => {
    const numberOf = (column: string): number => {
      const value = numericCell(table, row, column, columns.get(column) ?? -1);
      if (MUST_BE_POSITIVE.has(column) && value <= 0) {
        throw new InvalidArgumentError([{ field: `${source} row ${row.line} column '${column}'`, description: `must be positive, got ${value}` }]);
      }
      return value;
    };
    const name = row.cells[columns.get('Name') ?? 0] ?? '';
    if (name === '') throw new InvalidArgumentError([{ field: `${source} row ${row.line} column 'Name'`, description: 'is empty' }]);
    const values: Record<string, number> = {};
    for (const parameter of MODEL_PARAMETER_NAMES) values[parameter] = numberOf(parameter);
    return Object.freeze({ name, x0: Object.freeze(INITIAL_STATE_COLUMNS.map(numberOf)), ...values }) as VirtualPatientParams;
  });
}

/** Parses Quest.csv text into therapy answers by patient name. @throws InvalidArgumentError on bad cells. */
export function parseQuest(text: string, source: string): Map<string, VirtualPatientTherapy> {
  const table: CsvTable = parseCsv(text, source);
  const columns = requireColumns(table, ['Name', 'CR', 'CF', 'Age', 'TDI']);
  const byName = new Map<string, VirtualPatientTherapy>();
  for (const row of table.rows) {
    const cell = (column: string) => numericCell(table, row, column, columns.get(column) ?? -1);
    byName.set(row.cells[columns.get('Name') ?? 0] ?? '', {
      carbRatioGPerU: cell('CR'),
      correctionFactorMgDlPerU: cell('CF'),
      ageYears: cell('Age'),
      totalDailyInsulinU: cell('TDI'),
    });
  }
  return byName;
}

/** Reads a file, turning a missing file into an InvalidArgumentError naming it. */
export function readTextFile(filePath: string): string {
  try {
    return readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError([{ field: filePath, description: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }], { cause: error });
  }
}

/**
 * Loads the virtual patients (defaults: the shared vpatient_params.csv and Quest.csv).
 * Pass `questCsvPath: null` to skip therapy answers.
 * @returns one {@link VirtualPatient} per parameter row, in file order.
 * @throws InvalidArgumentError when a file is unreadable or malformed.
 */
export function loadVirtualPatients(paramsCsvPath?: string, questCsvPath?: string | null): VirtualPatient[] {
  const paramsPath = paramsCsvPath ?? uvaPadovaPath('vpatient_params.csv');
  const params = parsePatientParams(readTextFile(paramsPath), paramsPath);
  const questPath = questCsvPath === undefined ? uvaPadovaPath('Quest.csv') : questCsvPath;
  const quest = questPath === null ? new Map<string, VirtualPatientTherapy>() : parseQuest(readTextFile(questPath), questPath);
  return params.map((row) => ({ name: row.name, params: row, therapy: quest.get(row.name) ?? null }));
}

/** @returns the patient named `name`. @throws NotFoundError when no row has that name. */
export function findVirtualPatient(patients: readonly VirtualPatient[], name: string): VirtualPatient {
  const found = patients.find((patient) => patient.name === name);
  if (!found) throw new NotFoundError('virtual patient', name);
  return found;
}
