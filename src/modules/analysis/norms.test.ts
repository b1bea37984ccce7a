import { describe, expect, it } from 'vitest';
import { compareWithNorm } from './norms.ts';
import { welchTTestFromSummaries } from './t-tests.ts';

const norm = { mean: 3.4, sd: 0.8, n: 120, citation: 'A study of hospital staff, 2019', population: 'Hospital staff' };

describe('comparison with a published norm', () => {
  it('gives Welch’s t from the summaries, the effect size, and the citation', () => {
    const result = compareWithNorm({ n: 40, mean: 3.1, sd: 0.9 }, norm);
    if (!result.ok) throw new Error(result.reason);
    const direct = welchTTestFromSummaries({ n: 40, mean: 3.1, sd: 0.9 }, { n: 120, mean: 3.4, sd: 0.8 });
    expect(result.test).toEqual({ ...direct, first: { n: 40, mean: 3.1, sd: 0.9 } });
    expect(result.test.meanDifference).toBeCloseTo(-0.3, 12);
    expect(result.effectSize.cohensD.estimate).toBeLessThan(0);
    expect(result.norm.citation).toBe('A study of hospital staff, 2019');
  });

  it('accepts raw scores for the sample', () => {
    const result = compareWithNorm([3, 4, 3, 2, Number.NaN], norm);
    expect(result.ok && result.sample).toEqual({ n: 4, mean: 3, sd: Math.sqrt(2 / 3) });
  });

  it.each([
    ['no citation', [3, 4, 5], { ...norm, citation: ' ' }, 'only be used with its citation'],
    ['a sample of one', [3], norm, 'the sample has fewer than two cases'],
    ['a norm of one', [3, 4], { ...norm, n: 1 }, 'the published norm has fewer than two cases'],
  ])('says so for %s', (_name, sample, given, reason) => {
    const result = compareWithNorm(sample, given);
    expect(!result.ok && result.reason).toContain(reason);
  });
});
