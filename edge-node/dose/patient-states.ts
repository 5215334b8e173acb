/**
 * In-memory patient states for the gate: one models/features PatientStateTracker per patient — the
 * tracker training replays streams through — loaded from the store on first use and kept current as
 * commands are delivered and frames are ingested. Bounded: each list keeps only what the dose context
 * looks at, and the tracker keeps the incremental insulin history the context is computed from.
 */
import type { CgmReading, DoseCommand, PatientProfile } from '../../datasets/records.js';
import { PatientStateTracker } from '../../models/index.js';
import type { PatientState } from '../gate/dose-context.js';
import type { EdgeStore } from '../store/edge-store.js';

const HOUR_MS = 3_600_000;
/** What the gate keeps (and loads back from the store) of each list. */
const RETAIN = { commands: 30 * HOUR_MS, cgm: 1.5 * HOUR_MS, carbs: 6 * HOUR_MS };

/** Patient states by pseudonymous id. */
export class PatientStates {
  readonly #profiles = new Map<string, PatientProfile>();
  readonly #trackers = new Map<string, PatientStateTracker>();
  readonly #store: EdgeStore;
  readonly #now: () => number;

  constructor(store: EdgeStore, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
    for (const p of store.patients()) this.#profiles.set(p.patientId, p);
  }

  /** @returns whether the patient is registered. */
  has(patientId: string): boolean {
    return this.#profiles.has(patientId);
  }

  /** @returns the patient's state (loaded on first use; one live object per patient), or null when unknown. */
  get(patientId: string): PatientState | null {
    const existing = this.#trackers.get(patientId);
    if (existing) return existing.snapshot();
    const profile = this.#profiles.get(patientId);
    if (!profile) return null;
    const now = this.#now();
    const tracker = new PatientStateTracker(profile, { commandRetentionMs: RETAIN.commands, cgmRetentionMs: RETAIN.cgm, carbRetentionMs: RETAIN.carbs });
    for (const c of this.#store.deliveredCommands(patientId, now - RETAIN.commands)) tracker.addCommand(c);
    for (const e of this.#store.events(patientId, 'cgm', now - RETAIN.cgm)) {
      tracker.addCgm({ patientId, deviceId: e.deviceId, timestampMs: e.atMs, glucoseMgDl: (e.payload['glucoseMgDl'] as number | null) ?? null });
    }
    for (const e of this.#store.events(patientId, 'carbs', now - RETAIN.carbs)) tracker.addCarbs({ timestampMs: e.atMs, carbsG: Number(e.payload['carbsG']) });
    this.#trackers.set(patientId, tracker);
    return tracker.snapshot();
  }

  /** Records a delivered (allowed or confirmed) command. */
  addDelivered(command: DoseCommand): void {
    this.#trackers.get(command.patientId)?.addCommand(command);
  }

  /** Records a CGM reading from an ingested frame. */
  addCgm(reading: CgmReading): void {
    this.#trackers.get(reading.patientId)?.addCgm(reading);
  }

  /** Records announced carbs from an ingested frame. */
  addCarbs(patientId: string, entry: { timestampMs: number; carbsG: number }): void {
    this.#trackers.get(patientId)?.addCarbs(entry);
  }
}
