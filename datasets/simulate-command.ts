/**
 * `vigil datasets simulate`: the public, deterministic, noise-free UVA/Padova run (DESIGN.md contract).
 * Input `minute,cho_g,insulin_u_per_min`; output `minute,bg_mg_dl,sc_glucose_mg_dl`, one row per input
 * row, the state before that minute's step. Bad input fails with one line and exit 2, writing nothing.
 */
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT, requireString, type Command } from '../common/cli/index.js';
import { InvalidArgumentError } from '../common/errors/index.js';
import { numericCell, parseCsv, requireColumns } from './csv.js';
import { parsePatientParams, readTextFile, type VirtualPatientParams } from './patient/params.js';
import { simulateTrace, type TraceInput, type TraceRow } from './patient/uva-padova-model.js';

/** Input columns of the simulate contract. */
export const SIMULATE_INPUT_COLUMNS = ['minute', 'cho_g', 'insulin_u_per_min'] as const;
/** Output header of the simulate contract. */
export const SIMULATE_OUTPUT_HEADER = 'minute,bg_mg_dl,sc_glucose_mg_dl';

/**
 * Parses a simulate input CSV: integer minutes without gaps, non-negative grams and rates.
 * @throws InvalidArgumentError naming the row and column of the first bad cell.
 */
export function parseSimulateInput(text: string, source: string): TraceInput[] {
  const table = parseCsv(text, source);
  const columns = requireColumns(table, SIMULATE_INPUT_COLUMNS);
  if (table.rows.length === 0) throw new InvalidArgumentError([{ field: source, description: 'has no data rows' }]);
  const inputs: TraceInput[] = [];
  for (const row of table.rows) {
    const cell = (column: (typeof SIMULATE_INPUT_COLUMNS)[number]) => numericCell(table, row, column, columns.get(column) ?? -1);
    const fail = (column: string, description: string): never => {
      throw new InvalidArgumentError([{ field: `${source} row ${row.line} column '${column}'`, description }]);
    };
    const minute = cell('minute');
    const previous = inputs[inputs.length - 1];
    if (!Number.isInteger(minute)) fail('minute', `must be an integer, got ${minute}`);
    if (previous !== undefined && minute !== previous.minute + 1) fail('minute', `expected ${previous.minute + 1} (minutes must be consecutive), got ${minute}`);
    const choG = cell('cho_g');
    if (choG < 0) fail('cho_g', `must be non-negative, got ${choG}`);
    const insulinUPerMin = cell('insulin_u_per_min');
    if (insulinUPerMin < 0) fail('insulin_u_per_min', `must be non-negative, got ${insulinUPerMin}`);
    inputs.push({ minute, choG, insulinUPerMin });
  }
  return inputs;
}

/** @returns the output CSV text (6 decimals, as the peer traces). */
export function formatTrace(rows: readonly TraceRow[]): string {
  const lines = [SIMULATE_OUTPUT_HEADER];
  for (const row of rows) lines.push(`${row.minute},${row.bgMgDl.toFixed(6)},${row.scGlucoseMgDl.toFixed(6)}`);
  return lines.join('\n') + '\n';
}

/**
 * Picks a patient row by name; `adult-001` also finds `adult#001` (the reference files' spelling).
 * @throws InvalidArgumentError naming `--patient` when no row matches.
 */
export function selectPatient(rows: readonly VirtualPatientParams[], name: string, source: string): VirtualPatientParams {
  const found = rows.find((row) => row.name === name) ?? rows.find((row) => row.name === name.replace(/-(\d+)$/, '#$1'));
  if (!found) throw new InvalidArgumentError([{ field: '--patient', description: `no patient named '${name}' in ${source}` }]);
  return found;
}

/** Writes `text` to a temporary file beside `target` and renames it, so a failure leaves nothing behind. */
function writeAtomically(target: string, text: string): void {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, 'utf8');
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
    throw new InvalidArgumentError([{ field: '--out', description: `cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? 'error'})` }], { cause: error });
  }
}

/** The `simulate` command of the `datasets` group. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'deterministic, noise-free UVA/Padova run of one patient over a per-minute input',
  details:
    'Input columns: minute,cho_g,insulin_u_per_min (grams announced at that minute, eaten at 5 g/min; insulin in U/min).\n' +
    'Output columns: minute,bg_mg_dl,sc_glucose_mg_dl, one row per input row, the state before that minute.',
  options: {
    params: { type: 'string', description: 'CSV with the columns of vpatient_params.csv', valueName: 'CSV' },
    patient: { type: 'string', description: "patient name (the Name column, e.g. 'adult#001')", valueName: 'NAME' },
    input: { type: 'string', description: 'per-minute input CSV', valueName: 'CSV' },
    out: { type: 'string', description: 'output CSV (written atomically)', valueName: 'CSV' },
  },
  async run(args, context) {
    const paramsPath = requireString(args, 'params');
    const patientName = requireString(args, 'patient');
    const inputPath = requireString(args, 'input');
    const outPath = requireString(args, 'out');
    const patient = selectPatient(parsePatientParams(readTextFile(paramsPath), paramsPath), patientName, paramsPath);
    const inputs = parseSimulateInput(readTextFile(inputPath), inputPath);
    const rows = simulateTrace(patient, inputs);
    writeAtomically(outPath, formatTrace(rows));
    context.stderr.write(`simulated ${patient.name} for ${rows.length} minutes -> ${outPath}\n`);
    return EXIT.OK;
  },
};
