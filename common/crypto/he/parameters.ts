/** CKKS parameters of a federation keyset. See README.md for the measurements behind the defaults. */
export interface HeParameters {
  /** Ring dimension N; a ciphertext has N/2 slots. */
  readonly polyModulusDegree: number;
  /** Bit sizes of the coefficient-modulus primes. One prime: we only add, never multiply or rescale. */
  readonly coeffModulusBits: readonly number[];
  /** log2 of the CKKS scale Δ every ciphertext must carry. */
  readonly scaleBits: number;
}

/**
 * Vigil's federation parameters: N = 8192, one 56-bit prime, Δ = 2^32 (128-bit security by SEAL's tables,
 * which allow 218 bits at N = 8192). About 14.05 bytes per weight on the wire (7-byte coefficient words, see wire-format.ts); sums up to ±2^22 in magnitude;
 * absolute error about 1e-6 on a 10-node sum.
 */
export const FEDERATION_HE_PARAMETERS: HeParameters = Object.freeze({
  polyModulusDegree: 8192,
  coeffModulusBits: Object.freeze([56]),
  scaleBits: 32,
});

/**
 * The largest magnitude a slot of a sum may reach before it wraps modulo q. A prime of b bits is ≥ 2^(b-1), and
 * centred residues reach q/2, so |sum|·Δ < 2^(b-2).
 * @returns 2^(total modulus bits − 2 − scaleBits).
 */
export function maxAbsAggregate(parameters: HeParameters): number {
  const totalBits = parameters.coeffModulusBits.reduce((sum, bits) => sum + bits, 0);
  return 2 ** (totalBits - 2 - parameters.scaleBits);
}

/** @returns the number of CKKS slots per ciphertext (N/2). */
export function slotsPerCiphertext(parameters: HeParameters): number {
  return parameters.polyModulusDegree / 2;
}
