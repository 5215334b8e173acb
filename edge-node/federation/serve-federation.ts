import { loadTlsIdentity } from '../../common/pki/index.js';
import type { Logger } from '../../common/log/index.js';
import type { EdgeConfig } from '../config.js';
import type { EdgePlugins, RunningEdgeNode } from '../main.js';
import { adherencePredictorOf } from './adherence-predictor.js';
import { startEdgeFederation, type EdgeFederation } from './edge-federation.js';

const SOFTWARE_VERSION = 'vigil-edge/0.1.0';

/** @returns the plugins a config asks for beyond models (the simulated clock of demos). */
export function configuredPlugins(config: EdgeConfig, logger: Logger): EdgePlugins {
  const clock = config.simulatedClock;
  if (!clock) return {};
  logger.warn({ speed: clock.speed, virtualStart: new Date(clock.virtualStartMs).toISOString() }, 'SIMULATED CLOCK: this node is replaying recorded time and must not serve real patients');
  return { now: () => Math.round(clock.virtualStartMs + (Date.now() - clock.realStartMs) * clock.speed) };
}

/** Starts the node's federation client when the config has a `federation` section. @returns it, or null. */
export async function startConfiguredFederation(config: EdgeConfig, node: RunningEdgeNode, logger: Logger): Promise<EdgeFederation | null> {
  if (!config.federation) return null;
  return startEdgeFederation({
    section: config.federation,
    tls: loadTlsIdentity(config.identity),
    audit: node.audit,
    logger: logger.child({ component: 'federation' }),
    softwareVersion: SOFTWARE_VERSION,
    targets: {
      deployDoseScorer: (scorer) => node.deployDoseScorer(scorer),
      deployAdherenceScorer: (version, scorer) => node.deployAdherencePredictor(adherencePredictorOf(version, scorer)),
    },
  });
}
