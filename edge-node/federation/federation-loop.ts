import type { Logger } from '../../common/log/index.js';
import type { ModelKind } from '../../proto/gen/vigil/v1/ModelKind.js';
import { participateInRound, type CandidateValidator, type LocalTrainer, type ModelVault, type ParticipantDeps, type ParticipationOutcome } from './round-participant.js';

/** One model kind the node trains, with its trainer, validator and vault. */
export interface FederatedModel {
  kind: ModelKind;
  trainer: LocalTrainer;
  validator: CandidateValidator;
  vault: ModelVault;
}

/** Options of {@link runFederationLoop}. */
export interface FederationLoopOptions {
  base: Omit<ParticipantDeps, 'trainer' | 'validator' | 'vault'>;
  models: readonly FederatedModel[];
  pollMs: number;
  signal: AbortSignal;
  logger: Logger;
  onOutcome?: (kind: ModelKind, outcome: ParticipationOutcome) => void;
}

/**
 * Polls the coordinator for rounds of each model kind and takes part, until `signal` aborts. A failed
 * attempt is logged and retried at the next poll: a coordinator that is down never stops the node serving.
 */
export async function runFederationLoop(options: FederationLoopOptions): Promise<void> {
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    options.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
  while (!options.signal.aborted) {
    let worked = false;
    for (const model of options.models) {
      if (options.signal.aborted) break;
      try {
        const outcome = await participateInRound({ ...options.base, trainer: model.trainer, validator: model.validator, vault: model.vault }, model.kind);
        if (outcome.status !== 'idle') {
          worked = true;
          options.onOutcome?.(model.kind, outcome);
        }
      } catch (error) {
        options.logger.warn({ err: error, kind: model.kind }, 'federated round attempt failed; will retry');
      }
    }
    if (!worked) await sleep(options.pollMs);
  }
}
