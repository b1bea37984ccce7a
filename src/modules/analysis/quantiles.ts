/**
 * Sample quantiles by definition 7 of Hyndman and Fan (1996), R's default for quantile():
 * with the n values sorted, h = (n − 1)p and Q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]),
 * counting from 0. Hyndman RJ, Fan Y. Sample quantiles in statistical packages. The American
 * Statistician 1996;50(4):361-365.
 */

/** Quantile `p` (0 to 1) of n ordered values given by `at(i)`, the i-th smallest (from 0); NaN when n is 0. */
export function quantileOrdered(at: (index: number) => number, n: number, p: number): number {
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const low = Math.floor(h);
  const lowValue = at(low);
  if (low + 1 >= n) return lowValue;
  return lowValue + (h - low) * (at(low + 1) - lowValue);
}

/** Quantile `p` (0 to 1) of values already sorted in ascending order, none missing; NaN when empty. */
export const quantileSorted = (sorted: ArrayLike<number>, p: number): number => quantileOrdered((i) => sorted[i]!, sorted.length, p);

/** The present values of a column, sorted ascending. */
export function sortedPresent(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i += 1) if (Number.isFinite(values[i]!)) count += 1;
  const out = new Float64Array(count);
  let at = 0;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[at++] = v;
  }
  return out.sort();
}

/** The median of the present values of a column; NaN when none is present. */
export const medianOf = (values: ArrayLike<number>): number => quantileSorted(sortedPresent(values), 0.5);
