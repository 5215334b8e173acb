/**
 * Which command ids the store may already hold, in memory, so a new command (the common case) skips the
 * idempotency SELECT. A Bloom filter: "no" is certain, "maybe" falls back to the store. It is seeded with
 * every id in the store at start and told of every id the runner decides; the runner is the only writer of
 * command rows while the node runs, so a "no" can never hide a stored command. It grows by adding layers
 * (each twice the size, half the false-positive rate), so it never rebuilds and the rate stays ≤ 2 × 1%.
 */

interface Layer {
  bits: Uint32Array;
  /** Number of bits (a power of two, so positions are masks). */
  mask: number;
  hashes: number;
  capacity: number;
  count: number;
}

const BASE_FALSE_POSITIVE_RATE = 0.01;

function layer(capacity: number, falsePositiveRate: number): Layer {
  const bits = Math.max(1024, 2 ** Math.ceil(Math.log2((-capacity * Math.log(falsePositiveRate)) / Math.LN2 ** 2)));
  return { bits: new Uint32Array(bits / 32), mask: bits - 1, hashes: Math.max(1, Math.round((bits / capacity) * Math.LN2)), capacity, count: 0 };
}

let h1Of = 0;
let h2Of = 0;
/** Sets h1Of and h2Of: two independent 32-bit hashes of a string (FNV-1a and a murmur-style mix), for double hashing. */
function hash(id: string): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h1Of = h1 >>> 0;
  h2Of = (h2 ^ (h2 >>> 16)) | 1; // odd step: visits distinct positions
}

/** A growing Bloom filter of command ids: no false negatives, about 1–2% false positives. */
export class CommandIdFilter {
  readonly #layers: Layer[];

  /** @param ids the ids already stored. @param capacity expected ids before the first growth. */
  constructor(ids: Iterable<string> = [], capacity = 1 << 16) {
    const seed = Array.isArray(ids) ? ids : [...ids];
    this.#layers = [layer(Math.max(capacity, 2 * seed.length), BASE_FALSE_POSITIVE_RATE)];
    for (const id of seed) this.add(id);
  }

  /** Records an id (idempotent). */
  add(id: string): void {
    let top = this.#layers[this.#layers.length - 1]!;
    if (top.count >= top.capacity) {
      top = layer(top.capacity * 2, BASE_FALSE_POSITIVE_RATE / 2 ** this.#layers.length);
      this.#layers.push(top);
    }
    hash(id);
    for (let i = 0, h = h1Of; i < top.hashes; i++, h = (h + h2Of) >>> 0) {
      const bit = h & top.mask;
      top.bits[bit >>> 5] = top.bits[bit >>> 5]! | (1 << (bit & 31));
    }
    top.count++;
  }

  /** @returns false when the id was certainly never added; true when it may have been. */
  mightContain(id: string): boolean {
    hash(id);
    const h1 = h1Of;
    const h2 = h2Of;
    for (const l of this.#layers) {
      let all = true;
      for (let i = 0, h = h1; i < l.hashes; i++, h = (h + h2) >>> 0) {
        const bit = h & l.mask;
        if ((l.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) {
          all = false;
          break;
        }
      }
      if (all) return true;
    }
    return false;
  }
}
