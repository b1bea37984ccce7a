import { tQuantile, tTwoSidedP } from './distributions.ts';
import { checkLevel, unavailable, type Interval, type Unavailable } from './outcome.ts';
import { checkSummary, summarise, type SampleSummary } from './summaries.ts';

/**
 * t tests of a difference in means, as R's t.test.
 *
 * Welch's test (Welch 1947) does not assume equal variances: with v_i = s_i² / n_i,
 * t = (m1 − m2) / √(v1 + v2) and df = (v1 + v2)² / (v1²/(n1 − 1) + v2²/(n2 − 1)) (Satterthwaite
 * 1946); the interval is (m1 − m2) ± t(1 − α/2, df) √(v1 + v2). It serves independent samples:
 * two units, or two waves of an anonymous survey.
 *
 * The paired test serves linked waves: the differences first − second of respondents with both
 * values, t = mean(d) / (sd(d)/√n), df = n − 1. Its standardised mean change is d_z = mean(d)/sd(d).
 */

export interface TTestOptions {
  /** Confidence level of the interval for the difference; 0.95 when absent. */
  confidence?: number;
  /** Names of the two samples, for reasons in words; "the first group" and "the second group" when absent. */
  names?: readonly [string, string];
}

export interface WelchTTest {
  ok: true;
  test: "Welch's two-sample t test";
  first: SampleSummary;
  second: SampleSummary;
  /** first − second. */
  meanDifference: number;
  t: number;
  df: number;
  /** Two-sided. */
  p: number;
  confidenceInterval: Interval;
}

export interface PairedTTest {
  ok: true;
  test: 'paired t test';
  /** Respondents with both values. */
  pairs: number;
  /** Respondents with only one of the two values, left out. */
  incompletePairs: number;
  /** Mean of first − second. */
  meanDifference: number;
  sdDifference: number;
  t: number;
  df: number;
  p: number;
  confidenceInterval: Interval;
  /** Standardised mean change d_z = mean difference / SD of the differences. */
  standardisedMeanChange: number;
}

const defaultNames: readonly [string, string] = ['the first group', 'the second group'];

/** Welch's t test from two samples' summaries (n, mean, SD). */
export function welchTTestFromSummaries(first: SampleSummary, second: SampleSummary, options: TTestOptions = {}): WelchTTest | Unavailable {
  const level = checkLevel(options.confidence ?? 0.95);
  const [firstName, secondName] = options.names ?? defaultNames;
  const problem = checkSummary(first, firstName) ?? checkSummary(second, secondName);
  if (problem) return unavailable(`${problem}: a t test needs at least two cases in each group`);
  const v1 = (first.sd * first.sd) / first.n;
  const v2 = (second.sd * second.sd) / second.n;
  const se = Math.sqrt(v1 + v2);
  if (!(se > 0)) return unavailable(`every value is the same within ${firstName} and within ${secondName}, so a t test cannot be computed`);
  const meanDifference = first.mean - second.mean;
  const t = meanDifference / se;
  const df = (v1 + v2) ** 2 / ((v1 * v1) / (first.n - 1) + (v2 * v2) / (second.n - 1));
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return {
    ok: true,
    test: "Welch's two-sample t test",
    first,
    second,
    meanDifference,
    t,
    df,
    p: tTwoSidedP(t, df),
    confidenceInterval: { level, lower: meanDifference - half, upper: meanDifference + half },
  };
}

/** Welch's t test of two independent samples (NaN = missing). */
export function welchTTest(first: ArrayLike<number>, second: ArrayLike<number>, options: TTestOptions = {}): WelchTTest | Unavailable {
  return welchTTestFromSummaries(summarise(first), summarise(second), options);
}

/** Paired t test of two linked columns (same respondent at the same index; NaN = missing). */
export function pairedTTest(first: ArrayLike<number>, second: ArrayLike<number>, options: Omit<TTestOptions, 'names'> = {}): PairedTTest | Unavailable {
  const level = checkLevel(options.confidence ?? 0.95);
  if (first.length !== second.length) throw new Error(`paired columns differ in length (${first.length} and ${second.length})`);
  const differences: number[] = [];
  let incompletePairs = 0;
  for (let i = 0; i < first.length; i += 1) {
    const a = first[i]!;
    const b = second[i]!;
    const hasA = Number.isFinite(a);
    const hasB = Number.isFinite(b);
    if (hasA && hasB) differences.push(a - b);
    else if (hasA || hasB) incompletePairs += 1;
  }
  const d = summarise(differences);
  if (d.n < 2) return unavailable(`a paired t test needs at least two respondents with both values; there ${d.n === 1 ? 'is 1' : `are ${d.n}`}`);
  if (!(d.sd > 0)) return unavailable('every respondent changed by the same amount, so a paired t test cannot be computed');
  const se = d.sd / Math.sqrt(d.n);
  const t = d.mean / se;
  const df = d.n - 1;
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return {
    ok: true,
    test: 'paired t test',
    pairs: d.n,
    incompletePairs,
    meanDifference: d.mean,
    sdDifference: d.sd,
    t,
    df,
    p: tTwoSidedP(t, df),
    confidenceInterval: { level, lower: d.mean - half, upper: d.mean + half },
    standardisedMeanChange: d.mean / d.sd,
  };
}
