import { describe, expect, it } from 'vitest';
import { describeByGroup, describeValues, groupCodes, splitByGroup } from './descriptives.ts';
import { seededRandom } from './synthetic-data.ts';

const NaN_ = Number.NaN;

describe('descriptive statistics', () => {
  it('gives n, mean, SD, type 7 quartiles, range and a t interval', () => {
    const result = describeValues([4, 1, NaN_, 3, 2]);
    if (!result.ok) throw new Error(result.reason);
    expect(result).toMatchObject({ n: 4, missing: 1, mean: 2.5, median: 2.5, q1: 1.75, q3: 3.25, min: 1, max: 4 });
    expect(result.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    // t(0.975, 3) = 3.182446305284263
    const half = 3.182446305284263 * (Math.sqrt(5 / 3) / 2);
    expect(result.confidenceInterval!.lower).toBeCloseTo(2.5 - half, 7);
    expect(result.confidenceInterval!.upper).toBeCloseTo(2.5 + half, 7);
    expect(result.confidenceInterval!.level).toBe(0.95);
  });

  const edges: [string, number[], object][] = [
    ['no values', [], { ok: false, n: 0, missing: 0, reason: 'no values' }],
    ['only missing values', [NaN_, NaN_], { ok: false, n: 0, missing: 2, reason: 'no values (2 missing values)' }],
    ['one value', [3], { ok: true, n: 1, mean: 3, sd: null, median: 3, q1: 3, q3: 3, confidenceInterval: null, notes: ['one value: no standard deviation or confidence interval'] }],
    ['all equal', [2, 2, 2], { ok: true, n: 3, mean: 2, sd: 0, confidenceInterval: { level: 0.95, lower: 2, upper: 2 } }],
    ['infinities counted as missing', [1, Number.POSITIVE_INFINITY, 3], { ok: true, n: 2, missing: 1, mean: 2 }],
  ];
  it.each(edges)('has a defined result for %s', (_name, values, expected) => {
    expect(describeValues(values)).toMatchObject(expected);
  });

  it('checks the confidence level', () => {
    expect(() => describeValues([1, 2], { confidence: 95 })).toThrow('between 0 and 1');
  });
});

describe('grouped descriptives', () => {
  // Whole numbers in a short range are counted; other data is sorted: both ways must agree with describing each group alone.
  it.each([
    ['Likert answers (counted)', (u: number) => Math.round(1 + 4 * u)],
    ['scale means (sorted)', (u: number) => 1 + 4 * u],
    ['whole numbers over a wide range (sorted)', (u: number) => Math.round(100000 * u)],
  ])('gives the same statistics as describing each group on its own: %s', (_kind, make) => {
    const random = seededRandom(5);
    const values = Float64Array.from({ length: 500 }, () => (random() < 0.1 ? NaN_ : make(random())));
    const { codes, keys } = groupCodes(Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? null : ['north', 'south', 'east'][i % 3]!)));
    expect(keys).toEqual(['south', 'east', 'north']);
    const byGroup = describeByGroup(values, codes, keys.length, { confidence: 0.9 });
    keys.forEach((_key, g) => {
      const alone = describeValues(values.filter((_, r) => codes[r] === g), { confidence: 0.9 });
      expect(byGroup[g]).toEqual(alone);
    });
  });

  it('numbers groups in a given order first, then as they appear; null keys join no group', () => {
    const { codes, keys } = groupCodes(['2025', '2024', null, '2026', '2024'], ['2024', '2025']);
    expect(keys).toEqual(['2024', '2025', '2026']);
    expect(Array.from(codes)).toEqual([1, 0, -1, 2, 0]);
  });

  it('counts and sorts to the same quartiles', () => {
    const values = [1, 5, 2, 2, 4, 3, 5, 1, 2];
    const counted = describeValues(values);
    const sorted = describeValues(values.map((v) => v + 0.5));
    if (!counted.ok || !sorted.ok) throw new Error('not computed');
    expect([sorted.q1, sorted.median, sorted.q3, sorted.min, sorted.max]).toEqual([counted.q1 + 0.5, counted.median + 0.5, counted.q3 + 0.5, 1.5, 5.5]);
    expect(counted.sd).toBeCloseTo(sorted.sd!, 12);
  });

  it('reports empty groups as unavailable and counts missing values per group', () => {
    const result = describeByGroup([1, NaN_, 3, 5], [0, 0, 0, 2], 3);
    expect(result[0]).toMatchObject({ ok: true, n: 2, missing: 1, mean: 2 });
    expect(result[1]).toMatchObject({ ok: false, n: 0, reason: 'no values' });
    expect(result[2]).toMatchObject({ ok: true, n: 1, mean: 5 });
  });

  it('splits values by group code, skipping codes out of range', () => {
    const { groups, missing } = splitByGroup([1, 2, 3, NaN_, 5], [1, 0, 1, 1, 9], 2);
    expect(groups.map((g) => Array.from(g))).toEqual([[2], [1, 3]]);
    expect(Array.from(missing)).toEqual([0, 1]);
    expect(() => splitByGroup([1], [0, 1], 2)).toThrow('1 values but 2 group codes');
  });
});
