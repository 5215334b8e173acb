import type { Logger } from '../../common/log/index.js';
import type { CoordinatorStore } from '../store/coordinator-store.js';
import type { ModelKindName } from '../strategy/strategy.js';
import { isFinal } from './round-state.js';
import type { RoundRunner } from './round-runner.js';

/** Which rounds to open unattended. */
export interface RoundSchedule {
  kinds: readonly ModelKindName[];
  rounds: number;
  waitForNodes: number;
  pollMs: number;
}

/**
 * Opens rounds by itself: for each scheduled kind, the next round once the previous one of that kind is
 * final, until `rounds` rounds of each kind exist. Failures are logged and retried at the next poll.
 */
export class RoundScheduler {
  #timer: NodeJS.Timeout | undefined;
  #busy = false;

  constructor(private readonly deps: { store: CoordinatorStore; runner: RoundRunner; schedule: RoundSchedule; logger: Logger }) {}

  start(): void {
    if (this.deps.schedule.kinds.length === 0 || this.deps.schedule.rounds === 0) return;
    this.#timer = setInterval(() => void this.poll(), this.deps.schedule.pollMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** One scheduling step (public for tests). */
  async poll(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const { store, runner, schedule } = this.deps;
      const joined = store.listNodes().filter((n) => n.status === 'enrolled' && n.keysetFingerprintHex !== null).length;
      if (joined < schedule.waitForNodes) return;
      const rounds = store.listRounds();
      for (const kind of schedule.kinds) {
        const ofKind = rounds.filter((r) => r.modelKind === kind);
        if (!store.listNodes().some((n) => n.status === 'enrolled' && n.modelKinds.includes(kind))) continue;
        if (ofKind.length >= schedule.rounds || ofKind.some((r) => !isFinal(r.state))) continue;
        const latest = ofKind[0];
        // The next round starts from the version the nodes agreed on; wait until they have reported it.
        if (latest && latest.state === 'PUBLISHED' && !latest.resultVersion) continue;
        try {
          await runner.startRound(kind);
        } catch (error) {
          this.deps.logger.warn({ err: error, kind }, 'could not open a scheduled round');
        }
      }
    } finally {
      this.#busy = false;
    }
  }
}
