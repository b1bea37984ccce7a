/**
 * SplitMix64 (Steele, Lea and Flood 2014), the generator Java's SplittableRandom uses: a 64-bit
 * counter advanced by the golden-ratio constant, then mixed. It is written with BigInt so that every
 * 64-bit seed a team may record gives its own stream, and the same seed gives the same stream on any
 * machine. The demo's generator (src/demo/random.ts) takes only 32-bit seeds, so it is not reused.
 * Predictable by design: never use it for anything secret.
 */
const MASK = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

export const SEED_MIN = -(1n << 63n);
export const SEED_MAX = (1n << 63n) - 1n;

export interface SeededStream {
  /** The next 64 bits, as an unsigned BigInt. */
  nextBits(): bigint;
  /** A whole number from 0 to `bound - 1`, each equally likely. */
  below(bound: number): number;
}

export function splitmix64(seed: bigint): SeededStream {
  let state = BigInt.asUintN(64, seed);
  const nextBits = () => {
    state = (state + GOLDEN_GAMMA) & MASK;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    return z ^ (z >> 31n);
  };
  return {
    nextBits,
    below(bound) {
      if (!Number.isInteger(bound) || bound < 1) throw new RangeError(`bound must be a whole number of at least 1, not ${bound}`);
      const n = BigInt(bound);
      // Values at or above the largest multiple of n are drawn again, so no remainder is favoured.
      const limit = (1n << 64n) - ((1n << 64n) % n);
      for (;;) {
        const bits = nextBits();
        if (bits < limit) return Number(bits % n);
      }
    },
  };
}
