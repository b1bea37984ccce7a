import { describe, expect, it } from 'vitest';
import { kruskalWallis } from './kruskal-wallis.ts';

describe('Kruskal–Wallis test', () => {
  it('works an example without ties by hand', () => {
    // Ranks: group 1 → 1, 2, 3; group 2 → 4, 5, 6. H = 12/(6·7) (36/3 + 225/3) − 21 = 27/7.
    const result = kruskalWallis([[1, 2, 3], [10, 11, 12]]);
    expect(result).toMatchObject({ ok: true, df: 1, tieCorrection: 1, meanRanks: [2, 5], n: [3, 3] });
    if (result.ok) expect(result.H).toBeCloseTo(27 / 7, 12);
  });

  it('gives tied values their mean rank and corrects H for ties', () => {
    // Values 1,1,2,2 | 2,3,3,3: ties of 2, 3, 3 → Σ(t³ − t) = 6 + 24 + 24 = 54, correction 1 − 54/504.
    const result = kruskalWallis([[1, 1, 2, 2], [2, 3, 3, 3]]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.tieCorrection).toBeCloseTo(1 - 54 / 504, 12);
    expect(result.meanRanks).toEqual([(1.5 + 1.5 + 4 + 4) / 4, (4 + 7 + 7 + 7) / 4]);
  });

  it('leaves out missing values and gives H = 0, p = 1 for identical groups', () => {
    const result = kruskalWallis([[1, 2, Number.NaN], [1, 2]]);
    expect(result).toMatchObject({ ok: true, H: 0, p: 1, n: [2, 2] });
  });

  const refusals: [string, number[][], string][] = [
    ['every value the same', [[2, 2], [2, 2, 2]], 'every value is the same'],
    ['a group of one', [[1, 2], [3]], 'fewer than two'],
    ['one group', [[1, 2, 3]], 'at least two groups'],
  ];
  it.each(refusals)('says so for %s', (_name, groups, reason) => {
    const result = kruskalWallis(groups);
    expect(!result.ok && result.reason).toContain(reason);
  });
});
