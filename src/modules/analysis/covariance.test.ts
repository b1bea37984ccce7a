import { describe, expect, it } from 'vitest';
import { listwiseCovariance, pairwiseCovariance } from './covariance.ts';

const NaN_ = Number.NaN;

/** The sample covariance of two equal-length lists. */
function cov(a: number[], b: number[]): number {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  return a.reduce((s, x, i) => s + (x - ma) * (b[i]! - mb), 0) / (a.length - 1);
}

describe('covariance matrices', () => {
  const x = [1, 2, NaN_, 4, 5, 7];
  const y = [2, NaN_, 3, 3, 6, 8];
  const z = [1, 1, 2, 3, 5, 9];

  it('pairwise: each covariance over the rows both columns have, with those rows’ means', () => {
    const m = pairwiseCovariance([x, y, z]);
    expect(m.values[0 * 3 + 1]).toBeCloseTo(cov([1, 4, 5, 7], [2, 3, 6, 8]), 12);
    expect(m.values[1 * 3 + 0]).toBeCloseTo(cov([1, 4, 5, 7], [2, 3, 6, 8]), 12);
    expect(m.values[0 * 3 + 2]).toBeCloseTo(cov([1, 2, 4, 5, 7], [1, 1, 3, 5, 9]), 12);
    expect(m.values[0]).toBeCloseTo(cov([1, 2, 4, 5, 7], [1, 2, 4, 5, 7]), 12);
    expect(m.values[8]).toBeCloseTo(cov(z, z), 12);
    expect(Array.from(m.counts)).toEqual([5, 4, 5, 4, 5, 5, 5, 5, 6]);
    expect(m.completeRows).toBe(4);
    expect(m.rowsWithData).toBe(6);
  });

  it('listwise: complete rows only', () => {
    const m = listwiseCovariance([x, y, z]);
    expect(m.values[1]).toBeCloseTo(cov([1, 4, 5, 7], [2, 3, 6, 8]), 12);
    expect(m.values[8]).toBeCloseTo(cov([1, 3, 5, 9], [1, 3, 5, 9]), 12);
    expect(m.completeRows).toBe(4);
  });

  it('agrees between the two when nothing is missing, and stays accurate far from zero', () => {
    const a = [1e9 + 1, 1e9 + 2, 1e9 + 4, 1e9 + 8];
    const b = [3, 1, 4, 1];
    const p = pairwiseCovariance([a, b]);
    const l = listwiseCovariance([a, b]);
    expect(p.values[1]).toBeCloseTo(cov([1, 2, 4, 8], b), 9);
    expect(Array.from(p.values)).toEqual(Array.from(l.values));
  });

  it('marks covariances with fewer than two rows as NaN and refuses ragged columns', () => {
    const m = pairwiseCovariance([[1, NaN_, 3], [NaN_, 2, 4]]);
    expect(m.values[1]).toBeNaN();
    expect(() => pairwiseCovariance([[1, 2], [1]])).toThrow('differ in length');
  });
});
