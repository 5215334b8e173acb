import { CONSTANT_LEARNING_RATE, scheduledLearningRate, type LearningRateSchedule } from './learning-rate.js';
import { selectDeployable, type DeployableChoice, type DeployCandidate } from './model-selection.js';
import type { AggregateDecision, ConfigureInput, EvaluationInput, EvaluationSummary, ModelKindName, RoundPlanDraft, Strategy, SubmissionFailure, SubmissionResult, TrainingConfig } from './strategy.js';

/** Options shared by FedAvg and FedProx. */
export interface FedAvgOptions {
  /** Local training settings; `learningRate` is the rate of model round 1. */
  config: Omit<TrainingConfig, 'fedproxMu'>;
  /** How the learning rate changes across model rounds (default: constant). */
  learningRateSchedule?: LearningRateSchedule;
  /** Fewest nodes for a round to publish. */
  minNodes: number;
  /** Fraction of enrolled nodes the round waits for before closing early (0..1]. */
  targetFraction?: number;
  roundDurationMs: number;
  /** Nodes not seen for this long are not selected (default: never skip). */
  staleAfterMs?: number;
}

/** FedAvg (McMahan et al. 2017): every live node trains; the sample-weighted mean of updates is applied. */
export class FedAvg implements Strategy {
  readonly name: string = 'fedavg';
  protected readonly mu: number = 0;

  constructor(protected readonly options: FedAvgOptions) {}

  configureRound(input: ConfigureInput): RoundPlanDraft {
    const stale = this.options.staleAfterMs;
    const live = input.nodes.filter((n) => stale === undefined || input.nowMs - n.lastSeenMs <= stale);
    const selected = live.map((n) => n.nodeId).sort();
    const target = Math.max(this.options.minNodes, Math.ceil(selected.length * (this.options.targetFraction ?? 1)));
    const learningRate = scheduledLearningRate(this.options.config.learningRate, this.options.learningRateSchedule ?? CONSTANT_LEARNING_RATE, input.modelRound);
    return {
      config: { ...this.options.config, learningRate, fedproxMu: this.mu },
      selectedNodeIds: selected,
      minNodes: this.options.minNodes,
      targetNodes: Math.min(target, Math.max(selected.length, this.options.minNodes)),
      deadlineAtMs: input.nowMs + this.options.roundDurationMs,
    };
  }

  aggregate(round: { minNodes: number }, results: readonly SubmissionResult[], failures: readonly SubmissionFailure[]): AggregateDecision {
    const totalWeight = results.reduce((sum, r) => sum + r.sampleWeight, 0);
    const metrics = { nodes: results.length, dropped: failures.length, total_weight: totalWeight };
    if (results.length < round.minNodes) return { publish: false, reason: `only ${results.length} of ${round.minNodes} required nodes submitted`, metrics };
    if (!(totalWeight > 0)) return { publish: false, reason: 'total sample weight is zero', metrics };
    return { publish: true, reason: `${results.length} nodes, total weight ${totalWeight}`, metrics };
  }

  evaluate(reports: readonly EvaluationInput[]): EvaluationSummary {
    const sums = new Map<string, { weighted: number; weight: number }>();
    for (const report of reports) {
      for (const [name, value] of Object.entries(report.metrics)) {
        if (!Number.isFinite(value)) continue;
        const entry = sums.get(name) ?? { weighted: 0, weight: 0 };
        const weight = Math.max(report.sampleCount, 1);
        entry.weighted += value * weight;
        entry.weight += weight;
        sums.set(name, entry);
      }
    }
    const metrics = Object.fromEntries([...sums].map(([name, s]) => [name, s.weighted / s.weight]));
    const hashes = new Set(reports.map((r) => r.weightsSha256Hex));
    const agreed = hashes.size === 1 ? [...hashes][0]! : null;
    return { metrics, agreedWeightsSha256Hex: agreed, flagged: reports.length > 0 && agreed === null, promotedBy: reports.filter((r) => r.promoted).length };
  }

  selectDeployable(kind: ModelKindName, candidates: readonly DeployCandidate[]): DeployableChoice | null {
    return selectDeployable(kind, candidates);
  }
}

/** FedProx (Li et al. 2020): FedAvg with a proximal term μ/2‖w − w_global‖² in each node's local loss. */
export class FedProx extends FedAvg {
  override readonly name: string = 'fedprox';
  protected override readonly mu: number;

  constructor(options: FedAvgOptions & { mu: number }) {
    super(options);
    if (!(options.mu > 0)) throw new RangeError('FedProx needs μ > 0 (μ = 0 is FedAvg)');
    this.mu = options.mu;
  }
}
