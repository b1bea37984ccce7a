import { describe, expect, it } from 'vitest';
import { hedgesCorrection, standardisedMeanDifference, standardisedMeanDifferenceFromSummaries } from './effect-sizes.ts';

describe('standardised mean differences', () => {
  it.each([
    [2, 1 / Math.sqrt(Math.PI)],
    [10, 24 / (Math.sqrt(5) * ((105 / 16) * Math.sqrt(Math.PI)))],
  ])("Hedges' exact correction J(%i)", (df, expected) => {
    expect(hedgesCorrection(df)).toBeCloseTo(expected, 12);
  });

  it('is close to the usual approximation 1 − 3/(4 df − 1) for larger samples', () => {
    for (const df of [20, 50, 200]) expect(Math.abs(hedgesCorrection(df) - (1 - 3 / (4 * df - 1)))).toBeLessThan(1e-4);
  });

  it('computes d with the pooled SD, g = J d, and normal-approximation intervals', () => {
    const result = standardisedMeanDifferenceFromSummaries({ n: 20, mean: 3.5, sd: 1 }, { n: 30, mean: 3, sd: 1 });
    if (!result.ok) throw new Error(result.reason);
    const d = 0.5;
    const se = Math.sqrt(50 / 600 + 0.25 / 100);
    expect(result.pooledSd).toBeCloseTo(1, 12);
    expect(result.cohensD.estimate).toBeCloseTo(d, 12);
    expect(result.cohensD.standardError).toBeCloseTo(se, 12);
    expect(result.cohensD.confidenceInterval.lower).toBeCloseTo(d - 1.959963984540054 * se, 9);
    expect(result.hedgesG.estimate).toBeCloseTo(hedgesCorrection(48) * d, 12);
    expect(result.hedgesG.standardError).toBeCloseTo(hedgesCorrection(48) * se, 12);
    expect(result.intervalMethod).toContain('Hedges and Olkin');
  });

  it('takes raw values too, and the level asked for', () => {
    const result = standardisedMeanDifference([1, 2, 3, 4], [2, 3, 4, 5, Number.NaN], { confidence: 0.9 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.cohensD.estimate).toBeCloseTo(-1 / Math.sqrt(5 / 3), 12);
    expect(result.hedgesG.confidenceInterval.level).toBe(0.9);
  });

  it.each([
    ['one case', [1], [1, 2], 'fewer than two cases'],
    ['no variation', [2, 2], [3, 3, 3], 'every value is the same'],
  ])('says so for %s', (_name, a, b, reason) => {
    const result = standardisedMeanDifference(a, b);
    expect(!result.ok && result.reason).toContain(reason);
  });
});
