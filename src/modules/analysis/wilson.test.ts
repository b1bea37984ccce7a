import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson.ts';

describe('wilsonInterval', () => {
  // Newcombe (1998), Statistics in Medicine 17:857–872, table I, method 3 (score interval without
  // continuity correction), the figures R's prop.test(x, n, correct = FALSE) gives.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('gives Newcombe\'s interval for %i of %i', (x, n, lower, upper) => {
    const estimate = wilsonInterval(x, n);
    expect(estimate.interval!.lower).toBeCloseTo(lower, 4);
    expect(estimate.interval!.upper).toBeCloseTo(upper, 4);
  });

  it('puts each bound of the pilot\'s 17 of 30 where the score test is exactly at 1.96', () => {
    // The Wilson interval is the set of proportions the score test does not reject, so at either
    // bound (p̂ − π) / √(π(1 − π)/n) is ±z.
    const estimate = wilsonInterval(17, 30);
    expect(estimate.proportion).toBeCloseTo(17 / 30, 12);
    const score = (pi: number) => (17 / 30 - pi) / Math.sqrt((pi * (1 - pi)) / 30);
    expect(score(estimate.interval!.lower)).toBeCloseTo(1.959964, 5);
    expect(score(estimate.interval!.upper)).toBeCloseTo(-1.959964, 5);
  });

  it('ends at 1 when everyone answered, and gives no interval for no one invited', () => {
    expect(wilsonInterval(5, 5).interval!.upper).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual({ successes: 0, n: 0, proportion: null, interval: null });
  });

  it('refuses counts that are not counts', () => {
    expect(() => wilsonInterval(6, 5)).toThrow(/from 0 to n/);
    expect(() => wilsonInterval(1.5, 5)).toThrow(/whole number/);
  });
});
