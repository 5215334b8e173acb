/**
 * A CGM sensor: subcutaneous glucose plus Johnson-SU noise, sampled every `sampleTimeMinutes`, clipped to
 * the sensor's range, with injectable faults (dropout, drift, compression low, stuck value).
 */
import { InvalidArgumentError } from '../../common/errors/index.js';
import { numericCell, parseCsv, requireColumns } from '../csv.js';
import { readTextFile } from '../patient/params.js';
import type { Random } from '../random.js';
import { uvaPadovaPath } from '../shared-data.js';
import { createCgmNoise, type CgmNoise, type CgmNoiseParams } from './cgm-noise.js';

/** One row of sensor_params.csv. */
export interface SensorParams extends CgmNoiseParams {
  name: string;
  sampleTimeMinutes: number;
  minMgDl: number;
  maxMgDl: number;
}

/**
 * Loads CGM sensor models (default: the shared sensor_params.csv).
 * @returns the sensors by name. @throws InvalidArgumentError on a missing column or a bad value.
 */
export function loadSensorParams(csvPath: string = uvaPadovaPath('sensor_params.csv')): Map<string, SensorParams> {
  const table = parseCsv(readTextFile(csvPath), csvPath);
  const columns = requireColumns(table, ['Name', 'PACF', 'gamma', 'lambda', 'delta', 'xi', 'sample_time', 'min', 'max']);
  const sensors = new Map<string, SensorParams>();
  for (const row of table.rows) {
    const cell = (column: string) => numericCell(table, row, column, columns.get(column) ?? -1);
    const sensor: SensorParams = {
      name: row.cells[columns.get('Name') ?? 0] ?? '',
      pacf: cell('PACF'),
      gamma: cell('gamma'),
      lambda: cell('lambda'),
      delta: cell('delta'),
      xi: cell('xi'),
      sampleTimeMinutes: cell('sample_time'),
      minMgDl: cell('min'),
      maxMgDl: cell('max'),
    };
    if (!(Math.abs(sensor.pacf) < 1) || !(sensor.delta > 0) || !(sensor.sampleTimeMinutes >= 1)) {
      throw new InvalidArgumentError([{ field: `${csvPath} row ${row.line}`, description: 'needs |PACF| < 1, delta > 0, sample_time ≥ 1' }]);
    }
    sensors.set(sensor.name, sensor);
  }
  return sensors;
}

/** A sensor fault active over [startMs, endMs). */
export type CgmFault =
  | { kind: 'dropout'; startMs: number; endMs: number }
  /** Additive drift growing linearly from the fault's start. */
  | { kind: 'drift'; startMs: number; endMs: number; mgDlPerHour: number }
  /** Pressure on the sensor (lying on it at night): a smooth dip of `depthMgDl` that recovers by endMs. */
  | { kind: 'compression-low'; startMs: number; endMs: number; depthMgDl: number }
  /** The sensor repeats its last reading from before the fault. */
  | { kind: 'stuck'; startMs: number; endMs: number };

/** Kinds of CGM fault. */
export type CgmFaultKind = CgmFault['kind'];

/**
 * Draws a realistic night-time compression low (00:00–05:00 start, 20–90 min, 25–70 mg/dL deep).
 * @returns the fault for the night that begins at local midnight `midnightMs`.
 */
export function sampleCompressionLow(random: Random, midnightMs: number): CgmFault {
  const startMs = midnightMs + random.int(0, 300) * 60_000;
  return { kind: 'compression-low', startMs, endMs: startMs + random.int(20, 90) * 60_000, depthMgDl: random.uniform(25, 70) };
}

/** Applies a fault to a reading (null = no reading). Pure, so the gateway-side tests can reuse it. */
export function applyCgmFault(fault: CgmFault, timestampMs: number, readingMgDl: number | null, lastGoodMgDl: number | null): number | null {
  if (timestampMs < fault.startMs || timestampMs >= fault.endMs) return readingMgDl;
  switch (fault.kind) {
    case 'dropout':
      return null;
    case 'stuck':
      return lastGoodMgDl ?? readingMgDl;
    case 'drift':
      return readingMgDl === null ? null : readingMgDl + (fault.mgDlPerHour * (timestampMs - fault.startMs)) / 3_600_000;
    case 'compression-low': {
      if (readingMgDl === null) return null;
      const phase = (timestampMs - fault.startMs) / (fault.endMs - fault.startMs);
      return readingMgDl - fault.depthMgDl * Math.sin(Math.PI * phase) ** 2;
    }
  }
}

/** A simulated CGM: call {@link CgmSensor.sample} every minute; it reports on its own sample times. */
export class CgmSensor {
  readonly params: SensorParams;
  private readonly noise: CgmNoise;
  private readonly faults: readonly CgmFault[];
  private lastReportedMgDl: number | null = null;
  private readonly startMs: number;

  /** @param startMs when the sensor was inserted (noise knot 0, first sample). */
  constructor(params: SensorParams, random: Random, startMs: number, faults: readonly CgmFault[] = []) {
    this.params = params;
    this.noise = createCgmNoise(params, random);
    this.faults = faults;
    this.startMs = startMs;
  }

  /**
   * @returns the reading at `timestampMs` (mg/dL, or null for a dropout) when it is a sample time, else
   * undefined. `subcutaneousMgDl` is the true interstitial glucose.
   */
  sample(timestampMs: number, subcutaneousMgDl: number): number | null | undefined {
    const minute = (timestampMs - this.startMs) / 60_000;
    if (minute % this.params.sampleTimeMinutes !== 0) return undefined;
    const clip = (value: number) => Math.min(this.params.maxMgDl, Math.max(this.params.minMgDl, value));
    let reading: number | null = subcutaneousMgDl + this.noise.at(minute);
    for (const fault of this.faults) reading = applyCgmFault(fault, timestampMs, reading, this.lastReportedMgDl);
    const reported = reading === null ? null : Math.round(clip(reading) * 10) / 10;
    if (reported !== null && !this.faults.some((f) => f.kind === 'stuck' && timestampMs >= f.startMs && timestampMs < f.endMs)) {
      this.lastReportedMgDl = reported;
    }
    return reported;
  }
}
