/**
 * Learning-rate schedules across federated rounds, pure. The clock is the model round: how many aggregations
 * the round's base model already had, plus one (failed rounds do not advance it, and rounds of other model
 * kinds do not either).
 */

/** How the local learning rate changes from one model round to the next. */
export type LearningRateSchedule =
  | { kind: 'constant' }
  /** lr(r) = max(minLearningRate, base · decayPerRound^(r − 1)). */
  | { kind: 'exponential'; decayPerRound: number; minLearningRate: number };

/** The schedule that keeps the configured rate (the behaviour before schedules existed). */
export const CONSTANT_LEARNING_RATE: LearningRateSchedule = Object.freeze({ kind: 'constant' });

/**
 * @returns the learning rate for model round `modelRound` (1 = the first round from the genesis).
 * @throws RangeError for a model round below 1 or not an integer, or a decay outside (0, 1].
 */
export function scheduledLearningRate(baseLearningRate: number, schedule: LearningRateSchedule, modelRound: number): number {
  if (!Number.isInteger(modelRound) || modelRound < 1) throw new RangeError(`model round must be an integer ≥ 1, got ${modelRound}`);
  if (schedule.kind === 'constant') return baseLearningRate;
  if (!(schedule.decayPerRound > 0 && schedule.decayPerRound <= 1)) throw new RangeError(`decayPerRound must be in (0, 1], got ${schedule.decayPerRound}`);
  return Math.max(Math.min(schedule.minLearningRate, baseLearningRate), baseLearningRate * schedule.decayPerRound ** (modelRound - 1));
}
