/**
 * The requests the drills send, built with the edge-node test harness (wireCommand, sealedFrame): a
 * legitimate temp basal that the node allows, a bolus it holds for a clinician (no recent CGM), and the
 * calls that turn a reply into an outcome label.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ConfirmDoseResponse__Output } from '../../proto/gen/vigil/v1/ConfirmDoseResponse.js';
import type { DoseCommand } from '../../proto/gen/vigil/v1/DoseCommand.js';
import type { GateVerdict__Output } from '../../proto/gen/vigil/v1/GateVerdict.js';
import type { IngestSummary__Output } from '../../proto/gen/vigil/v1/IngestSummary.js';
import type { ScoringClient } from '../../proto/gen/vigil/v1/Scoring.js';
import type { SealedFrame } from '../../proto/gen/vigil/v1/SealedFrame.js';
import type { DoseCommand as DoseRecord } from '../../datasets/records.js';
import { call, wireCommand } from '../../edge-node/testing/harness.js';
import { ISSUER_KEY } from '../../edge-node/gate/testing-fixtures.js';
import type { WardPatient } from './security-node.js';
import { statusName, verdictLabel } from './security-tally.js';

/**
 * @returns a fresh, correctly signed TEMP_BASAL of 0.5 U/h for 30 min (below the patient's schedule) on
 * the patient's pump — a command the node allows — with `overrides` applied before signing with `key`.
 */
export function allowedCommand(patient: WardPatient, overrides: Partial<DoseRecord> = {}, key: Uint8Array = ISSUER_KEY): DoseCommand {
  return wireCommand({ deviceId: patient.pumpId, patientId: patient.patientId, kind: 'TEMP_BASAL', units: 0.5, durationMinutes: 30, ...overrides }, key);
}

/** @returns a correctly signed 1 U bolus the node holds for a clinician (no CGM reading in the last 12 min). */
export function heldCommand(patient: WardPatient): DoseCommand {
  return wireCommand({ deviceId: patient.pumpId, patientId: patient.patientId, kind: 'BOLUS', units: 1 });
}

/** The outcome of one GateDose call. */
export interface GateOutcome {
  /** `REJECT BAD_AUTH_TAG`, `ALLOW`, or a status name such as `PERMISSION_DENIED`. */
  label: string;
  verdict: GateVerdict__Output | null;
  error: grpc.ServiceError | null;
}

/** Calls GateDose. @returns the outcome (never rejects). */
export async function gateDose(client: ScoringClient, command: DoseCommand): Promise<GateOutcome> {
  const { error, value } = await call<GateVerdict__Output>((cb) => client.gateDose(command, cb));
  if (error || !value) return { label: error ? statusName(error) : 'EMPTY_REPLY', verdict: null, error };
  return { label: verdictLabel(value), verdict: value, error: null };
}

/** The outcome of one ConfirmDose call. */
export interface ConfirmOutcome {
  /** `RELEASED` (confirmed: ALLOW), `DECLINED`, or a status name such as `UNAUTHENTICATED`. */
  label: string;
  released: boolean;
  details: string;
}

/** Calls ConfirmDose with decision CONFIRM. @returns the outcome (never rejects). */
export async function confirmDose(client: ScoringClient, holdId: string, totpCode: string): Promise<ConfirmOutcome> {
  const { error, value } = await call<ConfirmDoseResponse__Output>((cb) => client.confirmDose({ holdId, totpCode, decision: 'CLINICIAN_DECISION_CONFIRM', note: 'security drill' }, cb));
  if (error) return { label: statusName(error), released: false, details: error.details };
  const released = value?.verdict === 'VERDICT_ALLOW';
  return { label: released ? 'RELEASED' : (value?.verdict ?? 'EMPTY_REPLY'), released, details: '' };
}

/** Sends frames on one Ingest call. @returns the summary, or the status name when the call failed. */
export function ingest(client: ScoringClient, frames: readonly SealedFrame[]): Promise<{ summary: IngestSummary__Output | null; status: string | null }> {
  return new Promise((resolve) => {
    const stream = client.ingest((error, value) => resolve(error || !value ? { summary: null, status: error ? statusName(error) : 'EMPTY_REPLY' } : { summary: value, status: null }));
    for (const frame of frames) stream.write(frame);
    stream.end();
  });
}

/** @returns `fn(i)` for i in [0, count), at most `concurrency` at a time, results in index order. */
export async function mapLimit<T>(count: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
