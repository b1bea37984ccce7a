import { logGamma, normalQuantile } from './distributions.ts';
import { checkLevel, unavailable, type Interval, type Unavailable } from './outcome.ts';
import { checkSummary, summarise, type SampleSummary } from './summaries.ts';

/**
 * Standardised mean differences between two independent samples (first − second).
 *
 * - Cohen's d = (m1 − m2) / s_pooled, s_pooled = √(((n1 − 1)s1² + (n2 − 1)s2²) / (n1 + n2 − 2)).
 * - Hedges' g = J × d with the exact small-sample correction
 *   J = Γ(df/2) / (√(df/2) Γ((df − 1)/2)), df = n1 + n2 − 2 (Hedges 1981, J Educ Stat 6:107-128).
 * - Intervals: the large-sample normal approximation of Hedges and Olkin (1985),
 *   Var(d) = (n1 + n2)/(n1 n2) + d² / (2(n1 + n2)), d ± z(1 − α/2)√Var(d); for g,
 *   Var(g) = J² Var(d), g ± z √Var(g) (Borenstein, Hedges, Higgins, Rothstein. Introduction to
 *   Meta-Analysis. Wiley 2009, chapter 4).
 */

export interface EffectSize {
  estimate: number;
  standardError: number;
  confidenceInterval: Interval;
}

export interface StandardisedMeanDifference {
  ok: true;
  first: SampleSummary;
  second: SampleSummary;
  pooledSd: number;
  cohensD: EffectSize;
  hedgesG: EffectSize;
  /** The small-sample correction factor J applied to d to give g. */
  correction: number;
  intervalMethod: string;
}

export const effectSizeIntervalMethod =
  'normal approximation with Var(d) = (n1 + n2)/(n1 n2) + d²/(2(n1 + n2)) (Hedges and Olkin 1985); Var(g) = J² Var(d)';

/** Hedges' exact correction factor J for `df` degrees of freedom. */
export function hedgesCorrection(df: number): number {
  return Math.exp(logGamma(df / 2) - 0.5 * Math.log(df / 2) - logGamma((df - 1) / 2));
}

export interface EffectSizeOptions {
  confidence?: number;
  names?: readonly [string, string];
}

/** Cohen's d and Hedges' g with intervals, from two samples' summaries. */
export function standardisedMeanDifferenceFromSummaries(first: SampleSummary, second: SampleSummary, options: EffectSizeOptions = {}): StandardisedMeanDifference | Unavailable {
  const level = checkLevel(options.confidence ?? 0.95);
  const [firstName, secondName] = options.names ?? ['the first group', 'the second group'];
  const problem = checkSummary(first, firstName) ?? checkSummary(second, secondName);
  if (problem) return unavailable(`${problem}: an effect size needs at least two cases in each group`);
  const df = first.n + second.n - 2;
  const pooledSd = Math.sqrt(((first.n - 1) * first.sd ** 2 + (second.n - 1) * second.sd ** 2) / df);
  if (!(pooledSd > 0)) return unavailable(`every value is the same within ${firstName} and within ${secondName}, so there is no standard deviation to scale by`);
  const d = (first.mean - second.mean) / pooledSd;
  const seD = Math.sqrt((first.n + second.n) / (first.n * second.n) + (d * d) / (2 * (first.n + second.n)));
  const J = hedgesCorrection(df);
  const g = J * d;
  const seG = J * seD;
  const z = normalQuantile(1 - (1 - level) / 2);
  const effect = (estimate: number, se: number): EffectSize => ({ estimate, standardError: se, confidenceInterval: { level, lower: estimate - z * se, upper: estimate + z * se } });
  return { ok: true, first, second, pooledSd, cohensD: effect(d, seD), hedgesG: effect(g, seG), correction: J, intervalMethod: effectSizeIntervalMethod };
}

/** Cohen's d and Hedges' g with intervals, from two samples (NaN = missing). */
export function standardisedMeanDifference(first: ArrayLike<number>, second: ArrayLike<number>, options: EffectSizeOptions = {}): StandardisedMeanDifference | Unavailable {
  return standardisedMeanDifferenceFromSummaries(summarise(first), summarise(second), options);
}
