import { describe, expect, it } from 'vitest';
import { cronbachAlpha, missingDataConventions } from './reliability.ts';
import { syntheticLikert } from './synthetic-data.ts';

const NaN_ = Number.NaN;

/** Alpha written out the long way, from item variances and the variance of the total (complete data). */
function textbookAlpha(columns: number[][]): number {
  const k = columns.length;
  const n = columns[0]!.length;
  const variance = (xs: number[]): number => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
  };
  const totals = Array.from({ length: n }, (_, r) => columns.reduce((a, c) => a + c[r]!, 0));
  return (k / (k - 1)) * (1 - columns.reduce((a, c) => a + variance(c), 0) / variance(totals));
}

describe("Cronbach's alpha", () => {
  const items = [
    [1, 2, 3, 4, 5, 3],
    [2, 2, 3, 5, 4, 3],
    [1, 3, 2, 4, 5, 4],
    [2, 1, 3, 4, 4, 2],
  ];

  it('matches alpha from item and total variances on complete data, both conventions alike', () => {
    const pairwise = cronbachAlpha(items, { missing: 'pairwise', items: ['a', 'b', 'c', 'd'] });
    const listwise = cronbachAlpha(items, { missing: 'listwise' });
    if (!pairwise.ok || !listwise.ok) throw new Error('not computed');
    expect(pairwise.rawAlpha).toBeCloseTo(textbookAlpha(items), 12);
    expect(listwise.rawAlpha).toBeCloseTo(pairwise.rawAlpha, 12);
    expect(pairwise.items.map((i) => i.item)).toEqual(['a', 'b', 'c', 'd']);
    expect(listwise.items[0]!.item).toBe('item 1');
    // Alpha if an item is deleted is alpha of the other items.
    expect(pairwise.items[1]!.alphaIfDeleted!.raw).toBeCloseTo(textbookAlpha([items[0]!, items[2]!, items[3]!]), 12);
  });

  it('reports the convention used with the result', () => {
    const result = cronbachAlpha(items, { missing: 'listwise' });
    expect(result.missing).toBe('listwise');
    expect(result.ok && result.convention).toBe(missingDataConventions.listwise);
  });

  it('gives alpha 1, average r 1 and item-total r 1 for identical items', () => {
    const same = [1, 2, 3, 4, 5];
    const result = cronbachAlpha([same, same, same], { missing: 'pairwise' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.rawAlpha).toBeCloseTo(1, 12);
    expect(result.standardisedAlpha).toBeCloseTo(1, 12);
    expect(result.averageInterItemCorrelation).toBeCloseTo(1, 12);
    expect(result.items.every((i) => Math.abs(i.correctedItemTotal! - 1) < 1e-12)).toBe(true);
  });

  it('is negative when items pull against each other (an unreversed item), not an error', () => {
    const result = cronbachAlpha([[1, 2, 3, 4, 5], [1, 2, 3, 5, 4], [5, 4, 3, 2, 1]], { missing: 'pairwise' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.items[2]!.correctedItemTotal).toBeLessThan(0);
    expect(result.rawAlpha).toBeLessThan(result.items[2]!.alphaIfDeleted!.raw);
  });

  it('uses complete cases for listwise and every answer for pairwise', () => {
    const withGaps = [
      [1, 2, 3, 4, 5, NaN_, 2],
      [2, 2, 3, 5, 4, 3, NaN_],
      [1, 3, 2, 4, 5, 4, 1],
    ];
    const listwise = cronbachAlpha(withGaps, { missing: 'listwise' });
    const pairwise = cronbachAlpha(withGaps, { missing: 'pairwise' });
    const complete = cronbachAlpha(withGaps.map((c) => c.slice(0, 5)), { missing: 'listwise' });
    if (!listwise.ok || !pairwise.ok || !complete.ok) throw new Error('not computed');
    expect(listwise.rawAlpha).toBeCloseTo(complete.rawAlpha, 12);
    expect(listwise.completeCases).toBe(5);
    expect(listwise.respondents).toBe(5);
    expect(pairwise.respondents).toBe(7);
    expect(pairwise.items.map((i) => i.n)).toEqual([6, 6, 7]);
    expect(listwise.items.map((i) => i.n)).toEqual([5, 5, 5]);
    expect(pairwise.rawAlpha).not.toBeCloseTo(listwise.rawAlpha, 6);
  });

  it('gives no alpha if item deleted for two items, saying why', () => {
    const result = cronbachAlpha([[1, 2, 3, 4], [2, 2, 4, 4]], { missing: 'pairwise' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.items.map((i) => i.alphaIfDeleted)).toEqual([null, null]);
    expect(result.notes[0]).toContain('two-item scale');
    // With two items r.drop is their correlation.
    expect(result.items[0]!.correctedItemTotal).toBeCloseTo(result.averageInterItemCorrelation, 12);
  });

  const failures: [string, number[][], 'pairwise' | 'listwise', string][] = [
    ['one item', [[1, 2, 3]], 'pairwise', 'at least two items'],
    ['no items', [], 'pairwise', 'at least two items'],
    ['a single respondent', [[3], [4], [5]], 'pairwise', 'alpha needs at least two respondents; there is one'],
    ['every item constant', [[2, 2, 2], [3, 3, 3], [1, 1, 1]], 'pairwise', 'at least two items'],
    ['no respondent answered every item', [[1, 2, NaN_, NaN_], [NaN_, NaN_, 3, 4], [1, 3, 2, 4]], 'listwise', 'fewer than two respondents answered every item'],
    ['two items never answered together', [[1, 2, NaN_, NaN_], [NaN_, NaN_, 3, 4], [1, 3, 2, 4]], 'pairwise', 'answered together by fewer than two respondents'],
  ];
  it.each(failures)('says why when it cannot compute alpha: %s', (_name, columns, missing, reason) => {
    const result = cronbachAlpha(columns, { missing });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('leaves out a constant item and lists it, computing alpha from the rest', () => {
    const result = cronbachAlpha([[1, 2, 3, 4], [3, 3, 3, 3], [2, 2, 4, 5], [1, 3, 3, 5]], { missing: 'pairwise', items: ['a', 'b', 'c', 'd'] });
    if (!result.ok) throw new Error(result.reason);
    expect(result.k).toBe(3);
    expect(result.excluded).toEqual([{ item: 'b', reason: 'every answer is the same' }]);
    expect(result.rawAlpha).toBeCloseTo(textbookAlpha([[1, 2, 3, 4], [2, 2, 4, 5], [1, 3, 3, 5]]), 12);
  });

  it('never returns NaN or infinite numbers', () => {
    const data = syntheticLikert({ respondents: 40, items: 5, seed: 3, missingRate: 0.3 });
    for (const missing of ['pairwise', 'listwise'] as const) {
      const result = cronbachAlpha(data.columns, { missing });
      const numbers = JSON.stringify(result).match(/-?\d[\d.e+-]*|NaN|Infinity|null/g) ?? [];
      expect(numbers).not.toContain('NaN');
      expect(numbers).not.toContain('Infinity');
    }
  });

  it('rejects an unknown missing-data rule and mismatched names', () => {
    expect(() => cronbachAlpha(items, { missing: 'mean' as 'pairwise' })).toThrow("missing must be 'pairwise' or 'listwise'");
    expect(() => cronbachAlpha(items, { missing: 'pairwise', items: ['a'] })).toThrow('1 item names for 4 columns');
  });
});
