import { describe, expect, it } from 'vitest';
import { medianOf, quantileSorted, sortedPresent } from './quantiles.ts';

describe('type 7 quantiles', () => {
  // Reference values: R quantile(x, p) with the default type 7.
  it.each([
    [[1, 2, 3, 4], 0.25, 1.75],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.75, 3.25],
    [[1, 2, 3, 4, 5], 0.25, 2],
    [[1, 2, 3, 4, 5], 1, 5],
    [[1, 2, 3, 4, 5], 0, 1],
    [[7], 0.25, 7],
    [[1, 10], 0.1, 1.9],
  ])('quantile of %j at %d is %d', (sorted, p, expected) => {
    expect(quantileSorted(sorted, p)).toBeCloseTo(expected, 12);
  });

  it('is NaN for no values, for callers to turn into a reason', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('sorts the present values and finds the median', () => {
    expect(Array.from(sortedPresent([3, Number.NaN, 1, 2]))).toEqual([1, 2, 3]);
    expect(medianOf([3, Number.NaN, 1, 2, 10])).toBe(2.5);
  });
});
