import { chiSquareUpperP } from './distributions.ts';
import { unavailable, type Unavailable } from './outcome.ts';
import { groupSummaries, type GroupOptions } from './anova.ts';

/**
 * Kruskal–Wallis rank test between groups (R: kruskal.test). All N present values are ranked
 * together, tied values sharing the mean of their ranks; with R_i the rank sum of group i,
 * H = 12 / (N(N + 1)) Σ R_i² / n_i − 3(N + 1), divided by the tie correction
 * 1 − Σ (t³ − t) / (N³ − N) over groups of t tied values (Kruskal and Wallis 1952), and referred
 * to chi-square with k − 1 degrees of freedom.
 */

export interface KruskalWallis {
  ok: true;
  test: 'Kruskal–Wallis rank sum test';
  /** Cases per group. */
  n: number[];
  /** Mean rank per group. */
  meanRanks: number[];
  H: number;
  df: number;
  p: number;
  /** The divisor applied for ties (1 when there are none). */
  tieCorrection: number;
}

export function kruskalWallis(groups: readonly ArrayLike<number>[], options: GroupOptions = {}): KruskalWallis | Unavailable {
  const summaries = groupSummaries(groups, options);
  if (!Array.isArray(summaries)) return summaries;
  const k = groups.length;
  const sizes = summaries.map((s) => s.n);
  const N = sizes.reduce((a, b) => a + b, 0);
  const values = new Float64Array(N);
  const owner = new Int32Array(N);
  let at = 0;
  groups.forEach((group, g) => {
    for (let i = 0; i < group.length; i += 1) {
      const v = group[i]!;
      if (Number.isFinite(v)) {
        values[at] = v;
        owner[at] = g;
        at += 1;
      }
    }
  });
  const order = Uint32Array.from({ length: N }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const rankSums = new Float64Array(k);
  let ties = 0;
  for (let start = 0; start < N; ) {
    let end = start + 1;
    while (end < N && values[order[end]!] === values[order[start]!]) end += 1;
    const t = end - start;
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i += 1) rankSums[owner[order[i]!]!]! += rank;
    if (t > 1) ties += t * t * t - t;
    start = end;
  }
  const tieCorrection = 1 - ties / (N * N * N - N);
  if (!(tieCorrection > 0)) return unavailable('every value is the same, so the groups cannot be ranked');
  let sum = 0;
  for (let g = 0; g < k; g += 1) sum += rankSums[g]! ** 2 / sizes[g]!;
  // H is never negative; rounding can leave a tiny negative number when the rank means are equal.
  const H = Math.max(0, ((12 / (N * (N + 1))) * sum - 3 * (N + 1)) / tieCorrection);
  const df = k - 1;
  return {
    ok: true,
    test: 'Kruskal–Wallis rank sum test',
    n: sizes,
    meanRanks: sizes.map((size, g) => rankSums[g]! / size),
    H,
    df,
    p: chiSquareUpperP(H, df),
    tieCorrection,
  };
}
