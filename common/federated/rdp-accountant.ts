/**
 * Rényi-DP accountant for the Gaussian mechanism (Mironov 2017), as used for client-level DP where every
 * enrolled node takes part in every round (sampling rate 1, so no amplification by subsampling is claimed).
 * One round of an update clipped to C with N(0, (σC)²) noise is (α, α/(2σ²))-RDP; T rounds compose to
 * (α, T·α/(2σ²)); the conversion to (ε, δ) is ε = min over α of RDP(α) + log(1/δ)/(α − 1).
 */

/** Orders α searched; the same grid as common DP libraries use. */
const ORDERS: readonly number[] = [
  1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 48, 64, 128, 256, 512, 1024,
];

/** Result of {@link gaussianEpsilon}. */
export interface DpBudget {
  epsilon: number;
  delta: number;
  /** The Rényi order α that gave the tightest ε. */
  order: number;
  rounds: number;
  noiseMultiplier: number;
}

/**
 * @returns ε at δ after `rounds` Gaussian-mechanism releases with the given noise multiplier.
 * @throws RangeError when noiseMultiplier ≤ 0, rounds < 0 or δ ∉ (0, 1).
 */
export function gaussianEpsilon(noiseMultiplier: number, rounds: number, delta: number): DpBudget {
  if (!(noiseMultiplier > 0)) throw new RangeError('noise multiplier must be positive (no noise means no DP guarantee)');
  if (!(rounds >= 0) || !Number.isInteger(rounds)) throw new RangeError('rounds must be a non-negative integer');
  if (!(delta > 0 && delta < 1)) throw new RangeError('delta must be in (0, 1)');
  let best = { epsilon: Number.POSITIVE_INFINITY, order: ORDERS[0]! };
  for (const order of ORDERS) {
    const rdp = (rounds * order) / (2 * noiseMultiplier * noiseMultiplier);
    const epsilon = rdp + Math.log(1 / delta) / (order - 1);
    if (epsilon < best.epsilon) best = { epsilon, order };
  }
  return { epsilon: rounds === 0 ? 0 : best.epsilon, delta, order: best.order, rounds, noiseMultiplier };
}
