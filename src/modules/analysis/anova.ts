import { fUpperP } from './distributions.ts';
import { unavailable, type Unavailable } from './outcome.ts';
import { summarise, type SampleSummary } from './summaries.ts';

/**
 * One-way analysis of variance between groups (NaN = missing, left out).
 *
 * Classical ANOVA (R: aov, or oneway.test with var.equal = TRUE): F = (SSB/(k − 1)) / (SSW/(N − k))
 * with SSB = Σ n_i (m_i − m)², SSW = Σ (n_i − 1) s_i²; eta² = SSB / (SSB + SSW).
 *
 * Welch's ANOVA (R: oneway.test, its default), for unequal variances (Welch 1951): with
 * w_i = n_i / s_i², W = Σ w_i, m' = Σ w_i m_i / W and λ = Σ (1 − w_i/W)² / (n_i − 1),
 * F = [Σ w_i (m_i − m')² / (k − 1)] / [1 + 2(k − 2)λ / (k² − 1)], df1 = k − 1, df2 = (k² − 1) / (3λ).
 */

export interface GroupOptions {
  /** Names of the groups, for reasons in words; "group 1", "group 2" … when absent. */
  names?: readonly string[];
}

export interface OneWayAnova {
  ok: true;
  test: 'one-way ANOVA';
  groups: SampleSummary[];
  F: number;
  df1: number;
  df2: number;
  p: number;
  etaSquared: number;
  sumOfSquaresBetween: number;
  sumOfSquaresWithin: number;
}

export interface WelchAnova {
  ok: true;
  test: "Welch's ANOVA";
  groups: SampleSummary[];
  F: number;
  df1: number;
  df2: number;
  p: number;
}

/** Summaries of each group, or the reason the groups cannot be compared. */
export function groupSummaries(groups: readonly ArrayLike<number>[], options: GroupOptions): SampleSummary[] | Unavailable {
  if (groups.length < 2) return unavailable('a comparison needs at least two groups');
  const summaries = groups.map(summarise);
  const small = summaries.map((s, i) => (s.n < 2 ? (options.names?.[i] ?? `group ${i + 1}`) : null)).filter((name) => name !== null);
  if (small.length) return unavailable(`too few cases: ${small.join(', ')} ${small.length === 1 ? 'has' : 'have'} fewer than two`);
  return summaries;
}

/** Classical one-way ANOVA with eta squared. */
export function oneWayAnova(groups: readonly ArrayLike<number>[], options: GroupOptions = {}): OneWayAnova | Unavailable {
  const summaries = groupSummaries(groups, options);
  if (!Array.isArray(summaries)) return summaries;
  const k = summaries.length;
  const total = summaries.reduce((a, s) => a + s.n, 0);
  const grandMean = summaries.reduce((a, s) => a + s.n * s.mean, 0) / total;
  const between = summaries.reduce((a, s) => a + s.n * (s.mean - grandMean) ** 2, 0);
  const within = summaries.reduce((a, s) => a + (s.n - 1) * s.sd * s.sd, 0);
  if (!(within > 0)) return unavailable('every value is the same within each group, so an F test cannot be computed');
  const df1 = k - 1;
  const df2 = total - k;
  const F = between / df1 / (within / df2);
  return {
    ok: true,
    test: 'one-way ANOVA',
    groups: summaries,
    F,
    df1,
    df2,
    p: fUpperP(F, df1, df2),
    etaSquared: between / (between + within),
    sumOfSquaresBetween: between,
    sumOfSquaresWithin: within,
  };
}

/** Welch's heteroscedastic one-way ANOVA. */
export function welchAnova(groups: readonly ArrayLike<number>[], options: GroupOptions = {}): WelchAnova | Unavailable {
  const summaries = groupSummaries(groups, options);
  if (!Array.isArray(summaries)) return summaries;
  const constant = summaries.map((s, i) => (s.sd > 0 ? null : (options.names?.[i] ?? `group ${i + 1}`))).filter((name) => name !== null);
  if (constant.length) return unavailable(`every value is the same within ${constant.join(', ')}, so Welch's ANOVA cannot be computed`);
  const k = summaries.length;
  const weights = summaries.map((s) => s.n / (s.sd * s.sd));
  const W = weights.reduce((a, b) => a + b, 0);
  const weightedMean = summaries.reduce((a, s, i) => a + weights[i]! * s.mean, 0) / W;
  const spread = summaries.reduce((a, s, i) => a + weights[i]! * (s.mean - weightedMean) ** 2, 0) / (k - 1);
  const lambda = summaries.reduce((a, s, i) => a + (1 - weights[i]! / W) ** 2 / (s.n - 1), 0);
  const F = spread / (1 + (2 * (k - 2) * lambda) / (k * k - 1));
  const df1 = k - 1;
  const df2 = (k * k - 1) / (3 * lambda);
  return { ok: true, test: "Welch's ANOVA", groups: summaries, F, df1, df2, p: fUpperP(F, df1, df2) };
}
