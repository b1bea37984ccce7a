import { describe, expect, it } from 'vitest';
import { pairedTTest, welchTTest, welchTTestFromSummaries } from './t-tests.ts';

const NaN_ = Number.NaN;

describe("Welch's t test", () => {
  it('is antisymmetric: swapping the groups changes only signs', () => {
    const a = [3, 4, 5, 4, 6, NaN_];
    const b = [2, 3, 2, 4];
    const ab = welchTTest(a, b);
    const ba = welchTTest(b, a);
    if (!ab.ok || !ba.ok) throw new Error('not computed');
    expect(ba.t).toBeCloseTo(-ab.t, 12);
    expect(ba.df).toBeCloseTo(ab.df, 12);
    expect(ba.p).toBeCloseTo(ab.p, 12);
    expect(ba.confidenceInterval.lower).toBeCloseTo(-ab.confidenceInterval.upper, 12);
    expect(ab.first.n).toBe(5);
  });

  it('with equal sizes and spreads has df = 2(n − 1)', () => {
    const result = welchTTest([1, 2, 3], [4, 5, 6]);
    if (!result.ok) throw new Error('not computed');
    expect(result.df).toBeCloseTo(4, 12);
    expect(result.t).toBeCloseTo(-3 / Math.sqrt(2 / 3), 12);
  });

  it('gives p = 1 and an interval around 0 for identical means', () => {
    const result = welchTTest([1, 2, 3], [1, 2, 3]);
    expect(result).toMatchObject({ ok: true, t: 0, meanDifference: 0 });
    if (result.ok) expect(result.p).toBeCloseTo(1, 12);
  });

  it('works when only one group varies', () => {
    expect(welchTTest([2, 2, 2], [1, 2, 3]).ok).toBe(true);
  });

  const refusals: [string, number[], number[], string][] = [
    ['one case in a group', [1], [1, 2, 3], 'the first group has fewer than two cases: a t test needs at least two cases in each group'],
    ['an empty group', [1, 2], [NaN_, NaN_], 'the second group has fewer than two cases'],
    ['no variation in either group', [2, 2, 2], [3, 3], 'every value is the same within the first group and within the second group'],
  ];
  it.each(refusals)('says so, with no statistic, for %s', (_name, a, b, reason) => {
    const result = welchTTest(a, b);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
    expect(Object.keys(result)).toEqual(['ok', 'reason']);
  });

  it('names the groups in its reasons, and checks summaries given to it', () => {
    const result = welchTTest([1], [1, 2], { names: ['Wave 1', 'Wave 2'] });
    expect(!result.ok && result.reason).toContain('Wave 1 has fewer than two cases');
    const bad = welchTTestFromSummaries({ n: 10, mean: 3, sd: -1 }, { n: 10, mean: 3, sd: 1 });
    expect(!bad.ok && bad.reason).toContain('no standard deviation');
  });
});

describe('paired t test', () => {
  it('uses respondents with both values and counts the rest', () => {
    const result = pairedTTest([1, 2, 3, 4, NaN_, 6], [2, 2, 5, 5, 1, NaN_]);
    if (!result.ok) throw new Error(result.reason);
    // differences −1, 0, −2, −1
    expect(result.pairs).toBe(4);
    expect(result.incompletePairs).toBe(2);
    expect(result.meanDifference).toBe(-1);
    expect(result.sdDifference).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(result.t).toBeCloseTo(-1 / (Math.sqrt(2 / 3) / 2), 12);
    expect(result.df).toBe(3);
    expect(result.standardisedMeanChange).toBeCloseTo(-1 / Math.sqrt(2 / 3), 12);
  });

  const refusals: [string, number[], number[], string][] = [
    ['one linked pair', [1, NaN_], [2, 3], 'there is 1'],
    ['no linked pairs', [NaN_], [2], 'there are 0'],
    ['the same change for everyone', [1, 2, 3], [2, 3, 4], 'every respondent changed by the same amount'],
  ];
  it.each(refusals)('says so for %s', (_name, a, b, reason) => {
    const result = pairedTTest(a, b);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it('refuses columns of different lengths', () => {
    expect(() => pairedTTest([1, 2], [1])).toThrow('differ in length');
  });
});
