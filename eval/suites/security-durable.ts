/**
 * After the node stopped: what its store says the attacks achieved, independently of the replies the
 * drills saw — a forged command stored as allowed or held, an attacked hold no longer pending, an attack
 * frame stored as an event — and which alerts it raised (burst detectors).
 */
import Database from 'better-sqlite3';
import type { DrillTally } from './security-tally.js';

/** What the store shows for one attack drill. */
export interface DurableOutcome {
  /** Attack commands stored with a verdict other than REJECT. */
  commandsNotRejected: number;
  /** Attacked holds that were confirmed or declined. */
  holdsDecided: number;
  /** Attack frames stored as events. */
  framesStored: number;
}

/** Everything the store shows. */
export interface DurableCheck {
  /** Drill id → what got through according to the store (attack drills with evidence only). */
  drills: Record<string, DurableOutcome>;
  /** Alerts raised: kind → device id ('' for none) → count. */
  alerts: Record<string, Record<string, number>>;
}

const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Reads the stopped node's store (read-only).
 * @returns per-drill durable outcomes and the alerts. @throws when the store cannot be opened.
 */
export function checkDurableState(storeFile: string, tallies: readonly DrillTally[]): DurableCheck {
  const db = new Database(storeFile, { readonly: true, fileMustExist: true });
  try {
    const notRejected = (ids: readonly string[]) => chunks([...new Set(ids)], 500).reduce((n, part) =>
      n + (db.prepare(`SELECT count(*) AS n FROM commands WHERE verdict <> 'REJECT' AND command_id IN (${part.map(() => '?').join(',')})`).get(...part) as { n: number }).n, 0);
    const decided = (ids: readonly string[]) => chunks([...new Set(ids)], 500).reduce((n, part) =>
      n + (db.prepare(`SELECT count(*) AS n FROM holds WHERE status <> 'pending' AND hold_id IN (${part.map(() => '?').join(',')})`).get(...part) as { n: number }).n, 0);
    const event = db.prepare('SELECT count(*) AS n FROM events WHERE device_id = ? AND counter = ?');
    const drills: Record<string, DurableOutcome> = {};
    for (const tally of tallies) {
      if (tally.kind !== 'attack') continue;
      const { commandIds, holdIds, frames } = tally.evidence;
      if (commandIds.length + holdIds.length + frames.length === 0) continue;
      drills[tally.id] = {
        commandsNotRejected: notRejected(commandIds),
        holdsDecided: decided(holdIds),
        framesStored: frames.reduce((n, f) => n + (event.get(f.deviceId, f.counter) as { n: number }).n, 0),
      };
    }
    const alerts: Record<string, Record<string, number>> = {};
    const rows = db.prepare('SELECT kind, device_id AS deviceId, count(*) AS n FROM alerts GROUP BY kind, device_id ORDER BY kind, device_id').all() as { kind: string; deviceId: string; n: number }[];
    for (const row of rows) (alerts[row.kind] ??= {})[row.deviceId] = row.n;
    return { drills, alerts };
  } finally {
    db.close();
  }
}

/** @returns the number of an attack drill's attempts the store shows got through. */
export const durableThrough = (o: DurableOutcome | undefined): number => (o ? o.commandsNotRejected + o.holdsDecided + o.framesStored : 0);
