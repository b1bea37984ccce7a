import {
  holmAdjust,
  kruskalWallis,
  oneWayAnova,
  pairedTTest,
  splitByGroup,
  standardisedMeanDifference,
  summarise,
  welchAnova,
  welchTTest,
} from '../analysis/index.ts';

/**
 * Comparisons of scale scores between groups (units, waves) and between linked waves, with effect
 * sizes and Holm's adjustment over the scales compared. A comparison that cannot be made says why
 * in `unavailable` and carries no statistic.
 */

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export interface Estimate {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface GroupComparison {
  scale: string;
  scaleName: string;
  test: string | null;
  groups: { key: string; label: string; n: number; mean: number | null; sd: number | null }[];
  /** Groups left out, with why (fewer than two cases, or suppressed). */
  leftOut: { label: string; reason: string }[];
  statistic: { name: string; value: number | null; df: string } | null;
  p: number | null;
  pHolm: number | null;
  /** First − second, for two groups. */
  meanDifference: Estimate | null;
  cohensD: Estimate | null;
  hedgesG: Estimate | null;
  /** For more than two groups. */
  anova: { F: number | null; df1: number; df2: number; p: number | null; etaSquared: number | null } | null;
  kruskal: { H: number | null; df: number; p: number | null; pHolm: number | null } | null;
  unavailable: string | null;
}

export interface ComparedGroups {
  key: string;
  label: string;
  values: ArrayLike<number>;
  /** A reason to leave the group out whatever its size (for viewers: suppressed). */
  exclude?: string;
}

const round = (v: number, places = 2) => Number(v.toFixed(places));

function emptyComparison(scale: string, scaleName: string): GroupComparison {
  return { scale, scaleName, test: null, groups: [], leftOut: [], statistic: null, p: null, pHolm: null, meanDifference: null, cohensD: null, hedgesG: null, anova: null, kruskal: null, unavailable: null };
}

/** Compares one scale across groups: Welch's t and d/g for two, Welch's and classical ANOVA for more; Kruskal–Wallis always. */
export function compareScale(scale: string, scaleName: string, candidates: readonly ComparedGroups[]): GroupComparison {
  const out = emptyComparison(scale, scaleName);
  const kept: ComparedGroups[] = [];
  for (const g of candidates) {
    const s = summarise(g.values);
    if (g.exclude) out.leftOut.push({ label: g.label, reason: g.exclude });
    else if (s.n < 2) out.leftOut.push({ label: g.label, reason: s.n === 0 ? 'no scores' : 'one score: too few to compare' });
    else kept.push(g);
  }
  out.groups = kept.map((g) => {
    const s = summarise(g.values);
    return { key: g.key, label: g.label, n: s.n, mean: finite(s.mean), sd: finite(s.sd) };
  });
  if (kept.length < 2) {
    out.unavailable = `too few cases: a comparison needs at least two groups with two or more scores each${kept.length === 1 ? ` (only ${kept[0]!.label} has)` : ''}`;
    return out;
  }
  const names = kept.map((g) => g.label);
  const values = kept.map((g) => g.values);
  const kw = kruskalWallis(values, { names });
  out.kruskal = kw.ok ? { H: finite(kw.H), df: kw.df, p: finite(kw.p), pHolm: null } : null;
  if (kept.length === 2) {
    const t = welchTTest(values[0]!, values[1]!, { names: [names[0]!, names[1]!] });
    if (!t.ok) {
      out.unavailable = t.reason;
      return out;
    }
    out.test = "Welch's two-sample t test";
    out.statistic = { name: 't', value: finite(t.t), df: String(round(t.df)) };
    out.p = finite(t.p);
    out.meanDifference = { estimate: finite(t.meanDifference), lower: finite(t.confidenceInterval.lower), upper: finite(t.confidenceInterval.upper) };
    const es = standardisedMeanDifference(values[0]!, values[1]!, { names: [names[0]!, names[1]!] });
    if (es.ok) {
      out.cohensD = { estimate: finite(es.cohensD.estimate), lower: finite(es.cohensD.confidenceInterval.lower), upper: finite(es.cohensD.confidenceInterval.upper) };
      out.hedgesG = { estimate: finite(es.hedgesG.estimate), lower: finite(es.hedgesG.confidenceInterval.lower), upper: finite(es.hedgesG.confidenceInterval.upper) };
    }
    return out;
  }
  const welch = welchAnova(values, { names });
  const classic = oneWayAnova(values, { names });
  if (classic.ok) out.anova = { F: finite(classic.F), df1: classic.df1, df2: classic.df2, p: finite(classic.p), etaSquared: finite(classic.etaSquared) };
  if (welch.ok) {
    out.test = "Welch's ANOVA";
    out.statistic = { name: 'F', value: finite(welch.F), df: `${welch.df1}, ${round(welch.df2)}` };
    out.p = finite(welch.p);
  } else if (classic.ok) {
    // Welch's ANOVA needs variation within every group; the classical test does not.
    out.test = 'one-way ANOVA';
    out.statistic = { name: 'F', value: finite(classic.F), df: `${classic.df1}, ${classic.df2}` };
    out.p = finite(classic.p);
  } else {
    out.unavailable = welch.reason;
  }
  return out;
}

/** Holm's adjustment over the comparisons made (of the main test, and of Kruskal–Wallis apart). */
export function adjustAll(comparisons: GroupComparison[]): GroupComparison[] {
  const holm = holmAdjust(comparisons.map((c) => c.p));
  const holmKw = holmAdjust(comparisons.map((c) => c.kruskal?.p ?? null));
  return comparisons.map((c, i) => ({ ...c, pHolm: holm[i] ?? null, kruskal: c.kruskal ? { ...c.kruskal, pHolm: holmKw[i] ?? null } : null }));
}

/** Splits scores by group codes into the groups' values. */
export function valuesByGroup(scores: ArrayLike<number>, codes: ArrayLike<number>, count: number): Float64Array[] {
  return splitByGroup(scores, codes, count).groups;
}

export interface PairedChange {
  test: 'paired t test';
  pairs: number;
  incompletePairs: number;
  meanDifference: Estimate;
  t: number | null;
  df: number;
  p: number | null;
  standardisedMeanChange: number | null;
}

/** Paired t test of later − earlier scores of matched respondents; the reason in words when it cannot be made. */
export function pairedChange(earlier: ArrayLike<number>, later: ArrayLike<number>): PairedChange | { unavailable: string } {
  const t = pairedTTest(later, earlier);
  if (!t.ok) return { unavailable: t.reason };
  return {
    test: 'paired t test',
    pairs: t.pairs,
    incompletePairs: t.incompletePairs,
    meanDifference: { estimate: finite(t.meanDifference), lower: finite(t.confidenceInterval.lower), upper: finite(t.confidenceInterval.upper) },
    t: finite(t.t),
    df: t.df,
    p: finite(t.p),
    standardisedMeanChange: finite(t.standardisedMeanChange),
  };
}
