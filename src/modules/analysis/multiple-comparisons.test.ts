import { describe, expect, it } from 'vitest';
import { holmAdjust } from './multiple-comparisons.ts';

describe('Holm adjustment', () => {
  const cases: [string, (number | null)[], (number | null)[]][] = [
    ['none', [], []],
    ['one p value is unchanged', [0.03], [0.03]],
    ['sorted step-down multipliers m, m − 1, …', [0.01, 0.02, 0.03], [0.03, 0.04, 0.04]],
    ['order kept in the output', [0.03, 0.01, 0.02], [0.04, 0.03, 0.04]],
    ['capped at 1', [0.5, 0.6], [1, 1]],
    ['missing p values stay missing and are not counted', [0.01, null, 0.04], [0.02, null, 0.04]],
    ['ties', [0.02, 0.02], [0.04, 0.04]],
  ];
  it.each(cases)('%s', (_name, p, expected) => {
    const adjusted = holmAdjust(p);
    expect(adjusted).toHaveLength(expected.length);
    adjusted.forEach((a, i) => {
      if (expected[i] === null) expect(a).toBeNull();
      else expect(a).toBeCloseTo(expected[i]!, 12);
    });
  });

  it('refuses numbers that are not p values', () => {
    expect(() => holmAdjust([0.1, 1.2])).toThrow('p value 2 is 1.2');
    expect(() => holmAdjust([Number.NaN])).toThrow('p value 1 is NaN');
  });
});
