/**
 * Models an edge node deploys from directories named in its config (`models.telemetry`), verified by
 * models/ loadModelArtifact (weights hash, feature-spec hash) before they serve.
 */
import { ConfigError } from '../../common/errors/index.js';
import type { Logger } from '../../common/log/index.js';
import { AnomalyScorer, loadModelArtifact } from '../../models/index.js';
import type { EdgeConfig } from '../config.js';
import type { RunningEdgeNode } from '../main.js';

/**
 * Deploys the configured telemetry autoencoder, if any.
 * @throws VigilError when the directory does not load (missing, corrupt, feature-spec mismatch) and
 * ConfigError when it holds another kind of model: a node must not start believing it has a model it has not.
 */
export function deployConfiguredModels(config: EdgeConfig, node: Pick<RunningEdgeNode, 'deployTelemetryModel'>, logger: Logger): void {
  const directory = config.models.telemetry;
  if (directory === undefined) return;
  const model = loadModelArtifact(directory);
  if (model.kind !== 'telemetry-autoencoder') throw new ConfigError('models.telemetry', `${directory} holds a ${model.kind} model, not a telemetry-autoencoder`);
  node.deployTelemetryModel({ version: model.version, scorer: new AnomalyScorer(model.spec, model.normalisation, model.net, model.weights, model.scoring) });
  logger.info({ version: model.version, threshold: model.scoring.threshold }, 'telemetry model loaded from models.telemetry');
}
