/**
 * Seeded synthetic Likert answers for tests, benchmarks and demonstrations: each respondent has
 * one latent score per factor (standard normal, shifted by their group), each item is that score
 * times a loading plus noise, cut into `points` ordered answers. The same seed gives the same data.
 */

/**
 * A small seeded generator of uniform numbers in [0, 1): the "mulberry32" recipe (a 32-bit state
 * advanced by a Weyl sequence, then mixed with multiply-xorshift steps), by Tommy Ettinger (2017).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw by the Box–Muller transform (Box and Muller 1958). */
export function normalDraw(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export interface SyntheticOptions {
  respondents: number;
  items: number;
  seed: number;
  /** Answer points 1 … points; 5 when absent. */
  points?: number;
  /** Items are split into this many consecutive blocks, each driven by its own latent score; 1 when absent. */
  factors?: number;
  /** Share of answers left missing (NaN); 0 when absent. */
  missingRate?: number;
  /** Number of groups respondents are spread over at random; 1 when absent. */
  groups?: number;
  /** Latent shift between consecutive groups, in SD units; 0.2 when absent. */
  groupShift?: number;
  /** Indices of items worded the other way round (answers mirrored). */
  reversed?: readonly number[];
}

export interface SyntheticData {
  columns: Float64Array[];
  groups: Int32Array;
}

export function syntheticLikert(options: SyntheticOptions): SyntheticData {
  const { respondents: n, items: k, seed } = options;
  const points = options.points ?? 5;
  const factors = options.factors ?? 1;
  const missingRate = options.missingRate ?? 0;
  const groupCount = options.groups ?? 1;
  const shift = options.groupShift ?? 0.2;
  const reversed = new Set(options.reversed ?? []);
  const random = seededRandom(seed);
  const columns = Array.from({ length: k }, () => new Float64Array(n));
  const loadings = Float64Array.from({ length: k }, () => 0.5 + 0.4 * random());
  const groups = new Int32Array(n);
  const latent = new Float64Array(factors);
  const perFactor = Math.ceil(k / factors);
  for (let r = 0; r < n; r += 1) {
    const group = Math.floor(random() * groupCount);
    groups[r] = group;
    for (let f = 0; f < factors; f += 1) latent[f] = normalDraw(random) + shift * group;
    for (let j = 0; j < k; j += 1) {
      if (missingRate > 0 && random() < missingRate) {
        columns[j]![r] = Number.NaN;
        continue;
      }
      const z = loadings[j]! * latent[Math.floor(j / perFactor)]! + 0.8 * normalDraw(random);
      let answer = Math.min(points, Math.max(1, Math.round((points + 1) / 2 + z)));
      if (reversed.has(j)) answer = points + 1 - answer;
      columns[j]![r] = answer;
    }
  }
  return { columns, groups };
}
