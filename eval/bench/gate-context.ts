/**
 * The dose context's own cost, in process (no server, no gRPC): µs per modelsDoseContextSource call (what
 * the gate runs per command: context and feature row) over a ward patient's 30-h history, from the
 * patient's live tracker state (incremental insulin history, as the node serves) and from the same
 * lists without it (the from-scratch computation). Each measured command is then delivered, as the
 * bench's allowed commands are, so the history keeps moving.
 */
import { modelsDoseContextSource } from '../../edge-node/gate/models-context-source.js';
import { ADULT_PROFILE } from '../../edge-node/gate/testing-fixtures.js';
import { PatientStateTracker, type PatientState } from '../../models/index.js';
import { wardHistory, wardPatient, wardPump } from './gate-ward.js';

const HOUR_MS = 3_600_000;

/**
 * @returns µs per context (median of `rounds` rounds of `perRound` commands), incremental and from
 * scratch, with commands spread round robin over `pumps` ward patients as the bench spreads them.
 */
export function measureContext(pumps = 512, perRound = 4000, rounds = 5): { incrementalUs: number; fromScratchUs: number } {
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const nowMs = Date.now();
  const time = (fromScratch: boolean): number => {
    const trackers = Array.from({ length: pumps }, (_, w) => {
      const profile = { ...ADULT_PROFILE, patientId: wardPatient(w) };
      const tracker = new PatientStateTracker(profile, { commandRetentionMs: 30 * HOUR_MS });
      const history = wardHistory(w, nowMs);
      for (const c of history.commands) tracker.addCommand(c);
      for (const g of history.cgm) tracker.addCgm({ patientId: profile.patientId, deviceId: 'cgm-1', timestampMs: g.atMs, glucoseMgDl: g.glucoseMgDl });
      for (const c of history.carbs) tracker.addCarbs({ timestampMs: c.atMs, carbsG: c.carbsG });
      return tracker;
    });
    const results: number[] = [];
    let t = nowMs;
    let sink = 0;
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      for (let i = 0; i < perRound; i++) {
        const w = (r * perRound + i) % pumps;
        const live = trackers[w]!.snapshot();
        t += 2; // ~1 command per patient per second, as in the bench
        const command = { commandId: `m-${r}-${i}`, patientId: live.profile.patientId, deviceId: wardPump(w), issuerId: 'aid-1', counter: i, issuedAtMs: t, kind: 'TEMP_BASAL' as const, units: 0.5, durationMinutes: 30 };
        const state: PatientState = fromScratch ? { profile: live.profile, commands: live.commands, cgm: live.cgm, carbs: live.carbs, utcOffsetMinutes: 0 } : live;
        sink += modelsDoseContextSource(state, command).context.insulinOnBoardU;
        trackers[w]!.addCommand(command);
      }
      results.push(((performance.now() - start) * 1000) / perRound);
    }
    if (Number.isNaN(sink)) throw new Error('unreachable');
    return median(results);
  };
  time(false); // warm-up (JIT)
  time(true);
  return { incrementalUs: Number(time(false).toFixed(2)), fromScratchUs: Number(time(true).toFixed(2)) };
}
