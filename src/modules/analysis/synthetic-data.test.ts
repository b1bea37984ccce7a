import { describe, expect, it } from 'vitest';
import { seededRandom, syntheticLikert } from './synthetic-data.ts';

describe('synthetic Likert data', () => {
  it('is the same for the same seed and different for another', () => {
    const a = syntheticLikert({ respondents: 50, items: 4, seed: 9, missingRate: 0.1, groups: 3 });
    const b = syntheticLikert({ respondents: 50, items: 4, seed: 9, missingRate: 0.1, groups: 3 });
    const c = syntheticLikert({ respondents: 50, items: 4, seed: 10, missingRate: 0.1, groups: 3 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('gives whole answers within the points, missing about as often as asked, and every group', () => {
    const { columns, groups } = syntheticLikert({ respondents: 5000, items: 3, seed: 1, points: 7, missingRate: 0.2, groups: 4, reversed: [2] });
    const values = columns.flatMap((c) => Array.from(c));
    const present = values.filter(Number.isFinite);
    expect(present.every((v) => Number.isInteger(v) && v >= 1 && v <= 7)).toBe(true);
    expect(1 - present.length / values.length).toBeCloseTo(0.2, 1);
    expect(new Set(groups)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('draws uniform numbers in [0, 1)', () => {
    const random = seededRandom(123);
    const draws = Array.from({ length: 10000 }, random);
    expect(draws.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(0.5, 1);
  });
});
