/**
 * The ward the GateDose load runs against: one patient per pump, each with the history a real AID
 * patient has when a command arrives — 30 h of temp basals every 5 min, three meal boluses a day with
 * their announced carbs, and 90 min of CGM every 5 min up to now — so every verdict computes its
 * physiological context over as much history as it would in service.
 */
import { ADULT_PROFILE } from '../../edge-node/gate/testing-fixtures.js';
import type { DoseCommand } from '../../datasets/records.js';
import type { EdgeStore, WriteOp } from '../../edge-node/store/edge-store.js';

const MINUTE_MS = 60_000;
const HISTORY_HOURS = 30;
const CGM_MINUTES = 90;
/** Meals (minute of the UTC day) and their carbs, g. */
const MEALS = [{ minute: 7 * 60 + 30, carbsG: 45 }, { minute: 12 * 60 + 30, carbsG: 60 }, { minute: 18 * 60 + 30, carbsG: 70 }];

/** @returns the pseudonymous id of the ward's w-th patient. */
export const wardPatient = (w: number): string => `p-be${w.toString(16).padStart(6, '0')}`;
/** @returns the id of the ward's w-th pump. */
export const wardPump = (w: number): string => `bench-pump-${w}`;

const scheduledRate = (minuteOfDay: number): number => (minuteOfDay >= 360 ? 1.0 : 0.8); // ADULT_PROFILE's schedule

/** One ward patient's history: delivered commands, announced carbs and CGM, in time order per list. */
export interface WardHistory {
  commands: DoseCommand[];
  carbs: { atMs: number; carbsG: number }[];
  cgm: { atMs: number; glucoseMgDl: number }[];
}

/** @returns the history of the ward's w-th patient ending at the 5-min boundary before `nowMs`. */
export function wardHistory(w: number, nowMs: number): WardHistory {
  const endMs = Math.floor(nowMs / (5 * MINUTE_MS)) * 5 * MINUTE_MS;
  const patientId = wardPatient(w);
  const deviceId = wardPump(w);
  const history: WardHistory = { commands: [], carbs: [], cgm: [] };
  let seq = 0;
  const command = (issuedAtMs: number, kind: 'TEMP_BASAL' | 'BOLUS', units: number, durationMinutes: number): void => {
    history.commands.push({ commandId: `hist-${w}-${seq++}`, patientId, deviceId, issuerId: 'aid-1', counter: seq, issuedAtMs, kind, units, durationMinutes });
  };
  for (let t = endMs - HISTORY_HOURS * 60 * MINUTE_MS; t < endMs; t += 5 * MINUTE_MS) {
    const minute = Math.floor(t / MINUTE_MS) % 1440;
    // An AID controller nudging the basal up and down around the schedule (deterministic per pump).
    const wobble = 0.6 + 0.8 * (((t / (5 * MINUTE_MS)) * 7919 + w * 104_729) % 97) / 97;
    command(t, 'TEMP_BASAL', Number((scheduledRate(minute) * wobble).toFixed(2)), 30);
    const meal = MEALS.find((m) => m.minute >= minute && m.minute < minute + 5);
    if (meal) {
      command(t + MINUTE_MS, 'BOLUS', meal.carbsG / ADULT_PROFILE.carbRatioGPerU, 0);
      history.carbs.push({ atMs: t + MINUTE_MS, carbsG: meal.carbsG });
    }
    if (t >= endMs - CGM_MINUTES * MINUTE_MS) {
      history.cgm.push({ atMs: t + 5 * MINUTE_MS - 1, glucoseMgDl: Math.round(140 + 15 * Math.sin((t / MINUTE_MS + w) / 45)) });
    }
  }
  return history;
}

/** Stores the history of every ward patient (in one transaction per patient). */
export function prefillWard(store: EdgeStore, pumps: number, nowMs: number): void {
  for (let w = 0; w < pumps; w++) {
    const patientId = wardPatient(w);
    const deviceId = wardPump(w);
    const history = wardHistory(w, nowMs);
    const ops: WriteOp[] = [
      ...history.commands.map((record): WriteOp => ({
        op: 'command', commandJson: JSON.stringify(record), decidedAtMs: record.issuedAtMs, acceptedCounter: null,
        command: { commandId: record.commandId, digestHex: '', patientId, deviceId, verdict: 'ALLOW', replyJson: '{}', delivered: true },
      })),
      ...history.carbs.map((c): WriteOp => ({ op: 'event', receivedAtMs: c.atMs - MINUTE_MS, event: { deviceId, patientId, kind: 'carbs', counter: `c${c.atMs - MINUTE_MS}`, atMs: c.atMs, payload: { carbsG: c.carbsG } } })),
      ...history.cgm.map((g): WriteOp => ({ op: 'event', receivedAtMs: g.atMs + 1 - 5 * MINUTE_MS, event: { deviceId, patientId, kind: 'cgm', counter: `g${g.atMs + 1 - 5 * MINUTE_MS}`, atMs: g.atMs, payload: { glucoseMgDl: g.glucoseMgDl } } })),
    ];
    store.commit(ops);
  }
}
