import { describe, expect, it } from 'vitest';
import { oneWayAnova, welchAnova } from './anova.ts';
import { welchTTest } from './t-tests.ts';

describe('one-way ANOVA', () => {
  it('works a small example by hand: SSB, SSW, F and eta squared', () => {
    // Means 2, 4, 6 (grand mean 4); SSB = 3·4 + 0 + 3·4 = 24; SSW = 2 + 2 + 2 = 6.
    const result = oneWayAnova([[1, 2, 3], [3, 4, 5], [5, 6, 7]]);
    expect(result).toMatchObject({ ok: true, df1: 2, df2: 6, sumOfSquaresBetween: 24, sumOfSquaresWithin: 6, F: 12, etaSquared: 0.8 });
    if (result.ok) expect(result.p).toBeCloseTo(0.008, 12);
  });

  it('with two groups of equal spread agrees with the t test: F = t²', () => {
    const a = [1, 2, 3, 4];
    const b = [3, 4, 5, 6];
    const anova = oneWayAnova([a, b]);
    const t = welchTTest(a, b);
    if (!anova.ok || !t.ok) throw new Error('not computed');
    expect(anova.F).toBeCloseTo(t.t ** 2, 12);
    // Two routes through jstat (incomplete beta for F, the t distribution for t) agree to about 1e-9.
    expect(anova.p).toBeCloseTo(t.p, 7);
  });

  const refusals: [string, number[][], string][] = [
    ['one group', [[1, 2, 3]], 'at least two groups'],
    ['a group of one', [[1, 2], [3]], 'group 2 has fewer than two'],
    ['two small groups', [[1], [3], [2, 3]], 'group 1, group 2 have fewer than two'],
    ['no variation within any group', [[1, 1], [2, 2]], 'every value is the same within each group'],
  ];
  it.each(refusals)('says so for %s', (_name, groups, reason) => {
    const result = oneWayAnova(groups);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it('names groups in its reasons', () => {
    const result = oneWayAnova([[1, 2], [3]], { names: ['Mental health', 'Older people'] });
    expect(!result.ok && result.reason).toBe('too few cases: Older people has fewer than two');
  });
});

describe("Welch's ANOVA", () => {
  it('with two groups equals the square of Welch’s t, with the same df', () => {
    const a = [1, 2, 3, 4, 8];
    const b = [3, 4, 5];
    const anova = welchAnova([a, b]);
    const t = welchTTest(a, b);
    if (!anova.ok || !t.ok) throw new Error('not computed');
    expect(anova.F).toBeCloseTo(t.t ** 2, 10);
    expect(anova.df2).toBeCloseTo(t.df, 10);
    expect(anova.p).toBeCloseTo(t.p, 8);
  });

  it('needs variation within every group', () => {
    const result = welchAnova([[1, 2], [3, 3]]);
    expect(!result.ok && result.reason).toContain('within group 2');
  });
});
