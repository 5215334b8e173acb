import { NodeHe } from '../../common/crypto/he/index.js';
import { createRandom } from '../../datasets/random.js';
import type { AuditLog } from '../../common/ledger/index.js';
import type { Logger } from '../../common/log/index.js';
import type { TlsIdentity } from '../../common/pki/index.js';
import { loadModelArtifact, type AdherenceRiskScorer } from '../../models/index.js';
import type { DoseScorer } from '../gate/model-stage.js';
import { FederationClient } from './federation-client.js';
import type { FederationSection } from './federation-config.js';
import { federatedAdherenceModel, federatedDoseModel } from './federated-models.js';
import { runFederationLoop, type FederatedModel } from './federation-loop.js';
import { loadSiteTrainingData } from './site-training-data.js';
import { acknowledgedSizeFile, treeHeadPublisher } from './tree-head-publisher.js';
import type { ModelKind } from '../../proto/gen/vigil/v1/ModelKind.js';

/** Where a node's federated models go when promoted. */
export interface FederationDeployTargets {
  deployDoseScorer(scorer: DoseScorer): void;
  deployAdherenceScorer(version: string, scorer: AdherenceRiskScorer): void;
}

/** A running federation client of an edge node. */
export interface EdgeFederation {
  stop(): Promise<void>;
}

/**
 * Joins the federation and takes part in its rounds in the background: loads the node's training data
 * and secret keyset, restores promoted models (deploying them at once), then polls for rounds.
 * Joining (and re-joining after failures) happens in the background.
 * @throws VigilError when the keyset, a genesis artifact or the site data cannot be loaded.
 */
export async function startEdgeFederation(options: { section: FederationSection; tls: TlsIdentity; audit: AuditLog; targets: FederationDeployTargets; logger: Logger; softwareVersion: string }): Promise<EdgeFederation> {
  const { section, logger } = options;
  const he = await NodeHe.load(section.secretKeyset);
  const data = await loadSiteTrainingData(section.siteData, { untilMs: Date.parse(section.trainUntil), holdoutDays: section.holdoutDays });
  const models: FederatedModel[] = [];
  if (section.genesis.dose && data.dose.train.count >= 20 && data.dose.holdout.count >= 5) {
    models.push(federatedDoseModel({ data: data.dose, genesis: loadModelArtifact(section.genesis.dose), vaultDir: section.modelsDir, seed: section.seed, targetFalseAlarmRate: section.targetFalseAlarmRate, deploy: (s) => options.targets.deployDoseScorer(s), logger }));
  }
  if (section.genesis.adherence && data.adherence.train.labels.length >= 20 && data.adherence.holdout.labels.length >= 6) {
    models.push(federatedAdherenceModel({ data: data.adherence, genesis: loadModelArtifact(section.genesis.adherence), vaultDir: section.modelsDir, seed: section.seed, deploy: (v, s) => options.targets.deployAdherenceScorer(v, s), logger }));
  }
  logger.info({ doseRows: data.dose.train.count, doseHoldout: data.dose.holdout.count, attackRows: data.dose.attacks.count, adherenceRows: data.adherence.count, kinds: models.map((m) => m.kind) }, 'federation: local training data ready');
  const client = new FederationClient(section.coordinator, options.tls, { deadlineMs: 60_000 });
  const kinds: ModelKind[] = models.map((m) => m.kind);
  // Seeded draws for client-level DP noise (the datasets PRNG; one generator for the node's lifetime).
  const noise = createRandom(`dp-noise/${section.seed}`);
  const controller = new AbortController();
  const joinRequest = { softwareVersion: options.softwareVersion, modelKinds: kinds, keysetFingerprintHex: he.fingerprint, auditVerifierKey: options.audit.reader.meta.verifierKey ?? '', auditOrigin: options.audit.origin };
  // Join in the background and retry: a coordinator that is down must never stop the node serving.
  const joined = (async () => {
    while (!controller.signal.aborted) {
      try {
        await client.join(joinRequest);
        logger.info({ kinds }, 'joined the federation');
        return true;
      } catch (error) {
        logger.warn({ err: error }, 'could not join the federation; retrying');
        await new Promise((r) => setTimeout(r, section.pollMs * 4));
      }
    }
    return false;
  })();
  const loop = joined.then((ok) => (!ok ? undefined : runFederationLoop({
    base: {
      client, he, logger: logger.child({ component: 'federation' }),
      publishTreeHead: treeHeadPublisher(options.audit, client, acknowledgedSizeFile(section.witnessState)),
      normal: () => noise.normal(),
      pollMs: section.pollMs,
    },
    models,
    pollMs: section.pollMs,
    signal: controller.signal,
    logger,
    onOutcome: (kind, outcome) => {
      logger.info({ kind, outcome }, 'federated round finished');
      if (outcome.status === 'done') void options.audit.append({ type: 'deployment', data: { nodeId: options.audit.origin, model: String(kind), version: outcome.version, action: outcome.promoted ? 'promote' : 'keep', roundId: outcome.roundId, reason: outcome.reason } });
    },
  })));
  return {
    async stop() {
      controller.abort();
      await loop;
      client.close();
      he.delete();
    },
  };
}
