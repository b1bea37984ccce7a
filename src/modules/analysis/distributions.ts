import jStat from 'jstat';

/**
 * Probabilities and quantiles of the t, F, chi-square and normal distributions, from jstat.
 * Upper tails are taken from the incomplete beta function directly (not as 1 − cdf) where jstat
 * allows, so small p values keep their precision.
 */

/** Two-sided p value of a t statistic with `df` degrees of freedom. */
export function tTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df));
}

/** The t quantile: the value below which a proportion `p` of the distribution lies. */
export const tQuantile = (p: number, df: number): number => jStat.studentt.inv(p, df);

/**
 * P(F > f) for an F distribution with (df1, df2) degrees of freedom, as the incomplete beta
 * I_{df2/(df2 + df1 f)}(df2/2, df1/2) (Abramowitz and Stegun 1964, 26.6.2).
 */
export function fUpperP(f: number, df1: number, df2: number): number {
  if (f <= 0) return 1;
  return Math.min(1, Math.max(0, jStat.ibeta(df2 / (df2 + df1 * f), df2 / 2, df1 / 2)));
}

/** P(X > x) for a chi-square distribution with `df` degrees of freedom: 1 − P(df/2, x/2). */
export function chiSquareUpperP(x: number, df: number): number {
  if (x <= 0) return 1;
  return Math.min(1, Math.max(0, 1 - jStat.lowRegGamma(df / 2, x / 2)));
}

/** The standard normal quantile. */
export const normalQuantile = (p: number): number => jStat.normal.inv(p, 0, 1);

/** Natural logarithm of the gamma function. */
export const logGamma = (x: number): number => jStat.gammaln(x);
