/**
 * How many to draw from each stratum. Pure, so it can be tested and explained on its own.
 */

export interface StratumSize {
  stratum: string;
  /** People available in the stratum (after earlier samples are excluded). */
  available: number;
}

/**
 * Proportional allocation by the largest remainder (Hamilton's) method: each stratum first gets the
 * whole part of its exact share `size × available / total`; the places left over go one each to the
 * strata with the largest fractional parts, ties going to the larger stratum and then to the stratum
 * whose name sorts first. The shares always add up to `size` exactly, and none exceeds its stratum.
 * Integer arithmetic only, so the result is the same on every machine.
 */
export function proportionalAllocation(strata: readonly StratumSize[], size: number): Map<string, number> {
  const total = strata.reduce((sum, s) => sum + s.available, 0);
  if (size > total) throw new RangeError(`Cannot allocate ${size} among ${total}`);
  const shares = strata.map((s) => ({ ...s, whole: total ? Math.floor((size * s.available) / total) : 0, remainder: total ? (size * s.available) % total : 0 }));
  let left = size - shares.reduce((sum, s) => sum + s.whole, 0);
  const order = [...shares].sort((a, b) => b.remainder - a.remainder || b.available - a.available || (a.stratum < b.stratum ? -1 : a.stratum > b.stratum ? 1 : 0));
  for (const share of order) {
    if (left === 0) break;
    if (share.whole < share.available) {
      share.whole += 1;
      left -= 1;
    }
  }
  return new Map(shares.map((s) => [s.stratum, s.whole]));
}

/** Fixed allocation: the same number from every stratum; a smaller stratum gives everyone it has. */
export function fixedAllocation(strata: readonly StratumSize[], perStratum: number): Map<string, number> {
  return new Map(strata.map((s) => [s.stratum, Math.min(perStratum, s.available)]));
}
