/**
 * Seeded pseudo-random numbers for every simulator in datasets/ (sfc32 seeded by a 128-bit string hash).
 * Same seed → same stream, on every platform; `fork(label)` derives an independent stream from the seed
 * path alone, so adding draws to one component never shifts another component's numbers.
 */

/** A deterministic random source. */
export interface Random {
  /** The seed path this stream was made from (e.g. `"42/patient-3/cgm"`). */
  readonly seed: string;
  /** @returns a uniform number in [0, 1) with 53 bits of precision. */
  next(): number;
  /** @returns a standard normal draw (mean 0, SD 1), or `mean + sd·z` when given. */
  normal(mean?: number, sd?: number): number;
  /** @returns a uniform integer in [min, max] (both inclusive). @throws RangeError when max < min. */
  int(min: number, max: number): number;
  /** @returns a uniform number in [min, max). */
  uniform(min: number, max: number): number;
  /** @returns true with probability `p`. */
  bernoulli(p: number): boolean;
  /** @returns `bytes` random bytes as lowercase hex (ids). */
  hex(bytes: number): string;
  /** @returns an independent stream whose seed is `<seed>/<label>`; does not consume from this one. */
  fork(label: string): Random;
}

/** cyrb128: a fast 128-bit string hash, good enough to spread seeds over sfc32's state. */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * Creates a seeded random stream.
 * @param seed any string or finite number; numbers are formatted with `String(seed)`.
 * @returns a {@link Random}. @throws RangeError when the seed is a non-finite number.
 */
export function createRandom(seed: string | number): Random {
  if (typeof seed === 'number' && !Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
  const seedText = String(seed);
  let [a, b, c, d] = hashSeed(seedText);
  const nextUint32 = (): number => {
    // sfc32 (Chris Doty-Humphrey): passes PractRand, 32-bit ops only.
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) nextUint32(); // warm-up: mixes weak seeds
  let spareNormal: number | null = null;

  const next = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;

  const random: Random = {
    seed: seedText,
    next,
    normal(mean = 0, sd = 1) {
      if (spareNormal !== null) {
        const z = spareNormal;
        spareNormal = null;
        return mean + sd * z;
      }
      // Box–Muller; 1 - next() is in (0, 1] so the log is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      spareNormal = radius * Math.sin(angle);
      return mean + sd * radius * Math.cos(angle);
    },
    int(min, max) {
      if (max < min) throw new RangeError(`int(${min}, ${max}): max < min`);
      return min + Math.floor(next() * (Math.floor(max) - Math.ceil(min) + 1));
    },
    uniform(min, max) {
      return min + (max - min) * next();
    },
    bernoulli(p) {
      return next() < p;
    },
    hex(bytes) {
      let out = '';
      for (let i = 0; i < bytes; i++) out += (nextUint32() & 0xff).toString(16).padStart(2, '0');
      return out;
    },
    fork(label) {
      return createRandom(`${seedText}/${label}`);
    },
  };
  return random;
}
