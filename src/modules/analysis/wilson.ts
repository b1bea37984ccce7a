import { normalQuantile } from './distributions.ts';
import { checkLevel, type Interval } from './outcome.ts';

/**
 * The Wilson score interval for a proportion (Wilson 1927; Newcombe 1998, method 3): the interval
 * R's prop.test(x, n, correct = FALSE) reports. Unlike p ± z·se it stays inside 0–1 and is
 * sensible for small samples and for proportions near 0 or 1, which response rates of a pilot of
 * 30 often are.
 */
export interface ProportionEstimate {
  successes: number;
  n: number;
  /** successes / n; null when n is 0. */
  proportion: number | null;
  /** Null when n is 0: no interval can be given. */
  interval: Interval | null;
}

export function wilsonInterval(successes: number, n: number, level = 0.95): ProportionEstimate {
  checkLevel(level);
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n must be a whole number of at least 0, not ${n}`);
  if (!(Number.isInteger(successes) && successes >= 0 && successes <= n)) throw new RangeError(`successes must be a whole number from 0 to n (${n}), not ${successes}`);
  if (n === 0) return { successes, n, proportion: null, interval: null };
  const p = successes / n;
  const z = normalQuantile(1 - (1 - level) / 2);
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamped only against rounding: at 0 or n the bound is exactly 0 or 1.
  return {
    successes,
    n,
    proportion: p,
    interval: { level, lower: successes === 0 ? 0 : Math.max(0, centre - half), upper: successes === n ? 1 : Math.min(1, centre + half) },
  };
}
