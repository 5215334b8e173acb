/**
 * Which federated model version the coordinator publishes as deployable, pure: the version the nodes rated
 * best on their own hold-out data (the metrics they report with ReportEvaluation), not blindly the last
 * round. The versions rated are each round's candidate and the version a round started from (the genesis
 * among them: nodes rate it under base_ metric names), so a run whose every round is worse than its start
 * keeps its start. Only complete, agreed evaluations count: at least the round's `minNodes` reports, every
 * report naming the same weights hash. Ties go to the later round (more aggregation, same validated quality).
 */
import type { EvaluationSummary, ModelKindName } from './strategy.js';

/** How the nodes' federated evaluation ranks candidates of one model kind. */
export interface SelectionRule {
  /** Metrics (as nodes report them) averaged into the score; higher is better. Missing ones are skipped. */
  higherIsBetter: readonly string[];
  /** Compared when scores tie: lower is better. */
  tieBreakLowerIsBetter?: string;
}

/**
 * Per kind, the hold-out metrics edge-node/federation/federated-models.ts reports: detection of labelled
 * attacks at the threshold calibrated to the target false-alarm rate (ties: fewer false alarms), and for the
 * adherence model both heads it serves (P(miss next dose) and P(PDC < 80% over the next 7 days)).
 */
export const SELECTION_RULES: Readonly<Record<ModelKindName, SelectionRule>> = Object.freeze({
  MODEL_KIND_DOSE_AUTOENCODER: { higherIsBetter: ['detection_rate'], tieBreakLowerIsBetter: 'false_alarm_rate' },
  MODEL_KIND_ADHERENCE: { higherIsBetter: ['auroc_miss_next', 'auroc_pdc_below_80'] },
  MODEL_KIND_TELEMETRY_AUTOENCODER: { higherIsBetter: ['detection_rate'], tieBreakLowerIsBetter: 'false_alarm_rate' },
});

/** A version rated by a published round's nodes, and the federated evaluation of it so far. */
export interface DeployCandidate {
  version: string;
  roundId: string;
  roundSeq: number;
  /** What the round's reports rated: its candidate, or the version it started from (base_ metrics). */
  rated: 'candidate' | 'base';
  /** Reports received and the round's minimum node count. */
  reports: number;
  minNodes: number;
  summary: EvaluationSummary;
}

/** The deployable version and why. */
export interface DeployableChoice {
  version: string;
  roundId: string;
  /** The score the rule gave it (NaN when no candidate reported a ranking metric). */
  score: number;
  /** How the score was computed, e.g. `mean(auroc_miss_next, auroc_pdc_below_80)`. */
  metric: string;
  reason: string;
  /** Candidates that were ranked (eligible evaluations). */
  ranked: number;
}

const SCORE_EPSILON = 1e-9;

/** @returns the candidate's score under `rule`, or NaN when it reported none of the rule's metrics. */
export function selectionScore(rule: SelectionRule, metrics: Record<string, number>): number {
  const values = rule.higherIsBetter.map((name) => metrics[name]).filter((v): v is number => v !== undefined && Number.isFinite(v));
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

function metricLabel(rule: SelectionRule): string {
  return rule.higherIsBetter.length === 1 ? rule.higherIsBetter[0]! : `mean(${rule.higherIsBetter.join(', ')})`;
}

/** @returns whether `a` is a better deployable than `b` (score, then tie-break, then the later round). */
function better(rule: SelectionRule, a: DeployCandidate & { score: number }, b: DeployCandidate & { score: number }): boolean {
  if (Math.abs(a.score - b.score) > SCORE_EPSILON) return a.score > b.score;
  const tie = rule.tieBreakLowerIsBetter;
  const ta = tie ? a.summary.metrics[tie] : undefined;
  const tb = tie ? b.summary.metrics[tie] : undefined;
  if (ta !== undefined && tb !== undefined && Number.isFinite(ta) && Number.isFinite(tb) && Math.abs(ta - tb) > SCORE_EPSILON) return ta < tb;
  return a.roundSeq > b.roundSeq;
}

/**
 * Picks the deployable version among published rounds of one kind.
 * @returns the best eligible candidate with its reason; when no candidate has a complete, agreed evaluation
 *   carrying a ranking metric, null (the registry then keeps what it had, or the genesis).
 */
export function selectDeployable(kind: ModelKindName, candidates: readonly DeployCandidate[]): DeployableChoice | null {
  const rule = SELECTION_RULES[kind];
  const eligible = candidates
    .filter((c) => !c.summary.flagged && c.summary.agreedWeightsSha256Hex === c.version && c.reports >= c.minNodes)
    .map((c) => ({ ...c, score: selectionScore(rule, c.summary.metrics) }))
    .filter((c) => Number.isFinite(c.score));
  if (eligible.length === 0) return null;
  let best = eligible[0]!;
  for (const c of eligible.slice(1)) if (better(rule, c, best)) best = c;
  const rounds = eligible.filter((c) => c.rated === 'candidate');
  const latest = (rounds.length > 0 ? rounds : eligible).reduce((a, c) => (c.roundSeq > a.roundSeq ? c : a));
  const metric = metricLabel(rule);
  const what = best.rated === 'base' ? `the version round ${best.roundId} started from, rated by its nodes alongside its candidate` : best === latest ? 'the latest evaluated round' : `round ${best.roundId}`;
  const where = best === latest ? '' : `; better than the latest evaluated round ${latest.roundId} (${latest.score.toFixed(4)})`;
  return {
    version: best.version,
    roundId: best.roundId,
    score: best.score,
    metric,
    reason: `best federated hold-out ${metric} = ${best.score.toFixed(4)} over ${eligible.length} rated version(s), ${best.reports} node report(s): ${what}${where}`,
    ranked: eligible.length,
  };
}
