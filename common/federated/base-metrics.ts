/**
 * An evaluation report rates the round's candidate under plain metric names and, under names with
 * {@link BASE_METRIC_PREFIX}, the weights the round started from (its base version) on the same hold-out
 * data. With both, the coordinator's registry can rank the genesis (or any base) against the rounds built
 * on it, and never publishes as deployable a round that every node rates worse than where it started.
 */
export const BASE_METRIC_PREFIX = 'base_';

/** @returns the candidate's metrics plus the base version's under prefixed names. */
export function withBaseMetrics(candidate: Readonly<Record<string, number>>, base: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = { ...candidate };
  for (const [name, value] of Object.entries(base)) out[`${BASE_METRIC_PREFIX}${name}`] = value;
  return out;
}

/** @returns the candidate's metrics of a report (the base version's left out). */
export function candidateMetricsOf(metrics: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([name]) => !name.startsWith(BASE_METRIC_PREFIX)));
}

/** @returns the base version's metrics of a report, prefix removed (empty when the node reported none). */
export function baseMetricsOf(metrics: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(metrics)) if (name.startsWith(BASE_METRIC_PREFIX)) out[name.slice(BASE_METRIC_PREFIX.length)] = value;
  return out;
}
