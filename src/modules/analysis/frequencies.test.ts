import { describe, expect, it } from 'vitest';
import { frequencyTable } from './frequencies.ts';

const options = [
  { value: 1, label: 'Disagree' },
  { value: 2, label: 'Neither' },
  { value: 3, label: 'Agree' },
];

describe('frequency tables', () => {
  it('counts options with percentages of valid answers, and missing codes apart', () => {
    const table = frequencyTable([1, 3, '3', 3, 'NR', 'DK', 'NR', null, undefined, 7, ['a']], options, [{ code: 'NR', label: 'Not relevant' }]);
    expect(table.respondents).toBe(11);
    expect(table.valid).toBe(4);
    expect(table.options.map((o) => [o.label, o.count, o.percent])).toEqual([
      ['Disagree', 1, 25],
      ['Neither', 0, 0],
      ['Agree', 3, 75],
    ]);
    expect(table.options[2]!.percentOfAll).toBeCloseTo((3 / 11) * 100, 12);
    expect(table.missingCodes).toEqual([
      { code: 'NR', label: 'Not relevant', count: 2, percentOfAll: (2 / 11) * 100 },
      { code: 'DK', label: 'DK', count: 1, percentOfAll: (1 / 11) * 100 },
    ]);
    expect(table.notAnswered.count).toBe(2);
    expect(table.other.count).toBe(2);
  });

  it('gives null percentages, not NaN, when there is nothing to divide by', () => {
    const empty = frequencyTable([], options);
    expect(empty.options.every((o) => o.percent === null && o.percentOfAll === null)).toBe(true);
    const allMissing = frequencyTable(['NR', null], options);
    expect(allMissing.options[0]!.percent).toBeNull();
    expect(allMissing.options[0]!.percentOfAll).toBe(0);
  });

  it('matches coded options stored as text', () => {
    const table = frequencyTable(['m1', '0', '0'], [
      { value: 'm1', label: 'Minus one' },
      { value: '0', label: 'Zero' },
    ]);
    expect(table.options.map((o) => o.count)).toEqual([1, 2]);
  });
});
