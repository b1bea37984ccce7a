import { describe, expect, it } from 'vitest';
import { listInstruments } from '../instruments/catalogue.ts';
import { parseInstrument } from '../instruments/definition.ts';
import { withScoringKey } from '../instruments/service.ts';
import type { StoredAnswer } from './answer-values.ts';
import { answerColumns, itemsOfScale, keyedItemColumns, respondentScores, scoreColumns, scoreResponses, scoredItemIds, type ScoringResult } from './scoring.ts';

/** An instrument of our own that uses every scoring rule: reverse keys, minimum answered, weights, prorating, subscales, derived scores. */
const team = parseInstrument(
  {
    id: 'team-check',
    name: 'Team check',
    version: '1',
    citation: 'Formative project. Team check, 2026.',
    licence: { terms: 'MIT', wording: 'included' },
    responseFormats: {
      agree5: { type: 'agreement', points: 5, missing: [{ value: -1, label: 'Does not apply', kind: 'not-relevant' }] },
      zero4: { type: 'likert', points: 5, start: 0, labels: ['None', 'A little', 'Some', 'A lot', 'All'] },
      hours: { type: 'number', min: 0, max: 80 },
    },
    items: [
      { id: 'a1', format: 'agree5', text: 'We plan our work together.' },
      { id: 'a2', format: 'agree5', text: 'Meetings here are a waste of time.', reverse: true },
      { id: 'a3', format: 'agree5', text: 'Plans are shared.' },
      { id: 'b1', format: 'agree5', text: 'I can say what I think.' },
      { id: 'b2', format: 'agree5', text: 'Mistakes are held against people.', reverse: true },
      { id: 'c1', format: 'zero4', text: 'How much of your time goes on the change?' },
      { id: 'c2', format: 'zero4', text: 'How much of it is wasted?', reverse: true },
      { id: 'c3', format: 'zero4', text: 'How much is useful?' },
      { id: 'h1', format: 'hours', text: 'Hours worked last week' },
    ],
    scales: [
      { id: 'planning', name: 'Planning', items: ['a1', 'a2', 'a3'], scoring: { method: 'mean', minAnswered: 2 } },
      { id: 'voice', name: 'Voice', items: ['b1', { item: 'b2', weight: 2 }], scoring: { method: 'sum' } },
      { id: 'time', name: 'Time', items: ['c1', 'c2', 'c3'], scoring: { method: 'sum', minAnswered: 2, prorate: true } },
      { id: 'climate', name: 'Climate', subscales: ['planning', 'voice'], scoring: { method: 'mean', minAnswered: 1 } },
      { id: 'hours', name: 'Hours', items: ['h1'], scoring: { method: 'mean' } },
    ],
    derived: [
      { id: 'balance', kind: 'difference', name: 'Balance', from: 'planning', minus: 'voice' },
      { id: 'ratio', kind: 'ratio', name: 'Ratio', numerator: 'planning', denominator: 'time', factor: 10 },
      {
        id: 'kind',
        kind: 'quadrant',
        name: 'Kind of team',
        first: { scale: 'planning', cut: 3 },
        second: { scale: 'voice', cut: 'median' },
        quadrants: [
          { when: ['high', 'high'], code: 'thriving', label: 'Thriving' },
          { when: ['high', 'low'], code: 'tidy', label: 'Tidy' },
          { when: ['low', 'high'], code: 'lively', label: 'Lively' },
          { when: ['low', 'low'], code: 'stuck', label: 'Stuck' },
        ],
      },
    ],
  },
  'team-check.yaml',
);

const scaleOf = (result: ScoringResult, id: string) => result.scales.find((s) => s.id === id)!;
const scoresOf = (result: ScoringResult, id: string): (number | null)[] => Array.from(scaleOf(result, id).scores, (v) => (Number.isNaN(v) ? null : v));

describe('scoring a scale of items by mean', () => {
  // Planning: mean of a1, 6 − a2, a3; at least two answered.
  const cases: [string, Record<string, StoredAnswer>, number | null][] = [
    ['all answered, a2 reversed', { a1: 4, a2: 2, a3: 5 }, (4 + 4 + 5) / 3],
    ['one "not relevant" code left out', { a1: 4, a2: 'NR', a3: 5 }, 4.5],
    ['"don\'t know" left out', { a1: 'DK', a2: 1, a3: 3 }, 4],
    ['the numeric missing value −1 left out', { a1: -1, a2: 5, a3: 3 }, 2],
    ['an out-of-range 7 left out', { a1: 7, a2: 5, a3: 3 }, 2],
    ['a fraction on an ordinal scale left out', { a1: 2.5, a2: 5, a3: 3 }, 2],
    ['option codes stored as text', { a1: '4', a2: '2', a3: '5' }, (4 + 4 + 5) / 3],
    ['unreadable text left out', { a1: 'four', a2: 2, a3: 5 }, 4.5],
    ['only one answered: below the minimum of two', { a1: 4, a2: null, a3: undefined }, null],
    ['nothing answered', {}, null],
    ['the lowest answers', { a1: 1, a2: 5, a3: 1 }, 1],
    ['the highest answers', { a1: 5, a2: 1, a3: 5 }, 5],
  ];
  it.each(cases)('%s', (_name, answers, expected) => {
    const result = scoreResponses(team, [answers]);
    const score = scoresOf(result, 'planning')[0];
    if (expected === null) expect(score).toBeNull();
    else expect(score).toBeCloseTo(expected, 12);
  });
});

describe('scoring sums', () => {
  const cases: [string, string, Record<string, StoredAnswer>, number | null][] = [
    ['weighted sum: b1 + 2 × (6 − b2)', 'voice', { b1: 3, b2: 2 }, 3 + 2 * 4],
    ['an unprorated sum needs every item', 'voice', { b1: 3 }, null],
    ['a scale starting at 0, c2 reversed as 4 − c2', 'time', { c1: '0', c2: '1', c3: '4' }, 0 + 3 + 4],
    ['prorated when one of three is missing: (0 + 3) × 3/2', 'time', { c1: 0, c2: 1 }, 4.5],
    ['prorated sum below its minimum', 'time', { c1: 0 }, null],
    ['a negative option code "m1" is out of range here', 'time', { c1: 'm1', c2: 1, c3: 2 }, (3 + 2) * 1.5],
    ['a number format: any value in its range', 'hours', { h1: 37.5 }, 37.5],
    ['a number format: beyond its maximum', 'hours', { h1: 81 }, null],
  ];
  it.each(cases)('%s', (_name, scale, answers, expected) => {
    const score = scoresOf(scoreResponses(team, [answers]), scale)[0];
    if (expected === null) expect(score).toBeNull();
    else expect(score).toBeCloseTo(expected, 12);
  });
});

describe('scales made of subscales', () => {
  it('averages the subscale scores that exist, needing the minimum number of them', () => {
    const result = scoreResponses(team, [
      { a1: 4, a2: 2, a3: 5, b1: 3, b2: 2 },
      { a1: 4, a2: 2, a3: 5 },
      { b1: 1 },
    ]);
    expect(scoresOf(result, 'climate')).toEqual([((4 + 4 + 5) / 3 + 11) / 2, (4 + 4 + 5) / 3, null]);
  });

  it('gives the possible range of every scale', () => {
    const result = scoreResponses(team, []);
    expect(Object.fromEntries(result.scales.map((s) => [s.id, s.range]))).toEqual({
      planning: { min: 1, max: 5 },
      voice: { min: 3, max: 15 },
      time: { min: 0, max: 12 },
      climate: { min: 2, max: 10 },
      hours: { min: 0, max: 80 },
    });
  });
});

describe('derived scores', () => {
  const responses: Record<string, StoredAnswer>[] = [
    { a1: 5, a2: 1, a3: 5, b1: 5, b2: 1, c1: 2, c2: 2, c3: 2 }, // planning 5, voice 15, time 6
    { a1: 1, a2: 5, a3: 1, b1: 1, b2: 5, c1: 0, c2: 4, c3: 0 }, // planning 1, voice 3, time 0
    { a1: 3, a2: 3, a3: 3, b1: 3, b2: 3, c1: 1, c2: 1, c3: 1 }, // planning 3, voice 9, time 5
    { a1: 4, a2: 2, a3: 4, b1: 2, b2: 4, c1: 4, c2: 0, c3: 4 }, // planning 4, voice 6, time 12
    { b1: 2, b2: 2 }, // no planning; voice 10
  ];
  const result = scoreResponses(team, responses);

  it('computes differences and ratios, missing when a part is missing or the denominator is 0', () => {
    const balance = result.derived.find((d) => d.id === 'balance')!;
    const ratio = result.derived.find((d) => d.id === 'ratio')!;
    if (balance.kind === 'quadrant' || ratio.kind === 'quadrant') throw new Error('wrong kind');
    expect(Array.from(balance.scores, (v) => (Number.isNaN(v) ? null : v))).toEqual([-10, -2, -6, -2, null]);
    expect(Array.from(ratio.scores, (v) => (Number.isNaN(v) ? null : v))).toEqual([(5 / 6) * 10, null, 6, (4 / 12) * 10, null]);
    expect(ratio.zeroDenominators).toBe(1);
    expect(ratio.scored).toBe(3);
  });

  it('puts each respondent in a quadrant: above a fixed cut, and above the sample median', () => {
    const kind = result.derived.find((d) => d.id === 'kind')!;
    if (kind.kind !== 'quadrant') throw new Error('wrong kind');
    // Voice median of 15, 3, 9, 6, 10 is 9: "high" means above 9, so 9 itself is low.
    expect(kind.cuts).toEqual([
      { scale: 'planning', source: 'fixed', value: 3 },
      { scale: 'voice', source: 'median', value: 9 },
    ]);
    expect(Array.from(kind.codes, (c) => (c < 0 ? null : kind.categories[c]!.code))).toEqual(['thriving', 'stuck', 'stuck', 'tidy', null]);
    expect(kind.counts).toEqual([1, 1, 0, 2]);
    expect(respondentScores(result, 3)).toMatchObject({ planning: 4, voice: 6, kind: 'tidy', balance: -2 });
    expect(respondentScores(result, 4)).toMatchObject({ planning: null, kind: null, ratio: null });
  });

  it('leaves every quadrant empty when the median has no scores to come from', () => {
    const empty = scoreResponses(team, [{ a1: 4, a2: 2 }]);
    const kind = empty.derived.find((d) => d.id === 'kind')!;
    if (kind.kind !== 'quadrant') throw new Error('wrong kind');
    expect(kind.cuts[1].value).toBeNull();
    expect(kind.scored).toBe(0);
    expect(kind.rule).toContain('no scores');
  });
});

describe('counting how answers were used', () => {
  it('tallies answered, missing codes, unanswered and invalid answers per item', () => {
    const result = scoreResponses(team, [{ a1: 'NR', a2: 9 }, { a1: -1, a2: 'DK' }, { a1: 3, a2: 'x' }, {}]);
    expect(result.items.find((t) => t.item === 'a1')).toEqual({ item: 'a1', answered: 1, missingCode: 2, notAnswered: 1, invalid: 0, absent: false });
    expect(result.items.find((t) => t.item === 'a2')).toEqual({ item: 'a2', answered: 0, missingCode: 1, notAnswered: 1, invalid: 2, absent: false });
  });

  it('treats codes the caller names as missing, and items with no column as absent', () => {
    const result = scoreColumns(team, { respondents: 2, columns: { a1: [9, 4], a2: [2, 99] } }, { missingValues: [9, 99] });
    expect(result.items.find((t) => t.item === 'a1')).toMatchObject({ answered: 1, missingCode: 1, invalid: 0 });
    expect(result.items.find((t) => t.item === 'a3')).toMatchObject({ answered: 0, notAnswered: 2, absent: true });
    expect(result.rules.join(' ')).toContain('These codes are also treated as missing: 9, 99.');
  });

  it('states its rules in words', () => {
    const { rules } = scoreResponses(team, []);
    expect(rules).toContain('Planning: the mean of its items; scored when at least 2 of 3 items are answered.');
    expect(rules).toContain('Voice: the weighted sum of its items; scored when all 2 items are answered.');
    expect(rules).toContain('Time: the sum of its items, prorated to the full number when some are missing; scored when at least 2 of 3 items are answered.');
    expect(rules.some((r) => r.startsWith('Kind of team: "high" means planning above 3 and voice above the sample median'))).toBe(true);
  });

  it('rejects a column of the wrong length', () => {
    expect(() => scoreColumns(team, { respondents: 3, columns: { a1: [1, 2] } })).toThrow('has 2 values, not 3');
  });
});

describe('columns and records', () => {
  it('scores the same from columns as from records, without changing the input', () => {
    const records: Record<string, StoredAnswer>[] = [
      { a1: 4, a2: 2, a3: 5, b1: 3, b2: 2 },
      { a1: 7, a2: 'NR', a3: 5, b1: 3, b2: 2 },
    ];
    const columns = { a1: [4, 7], a2: [2, Number.NaN], a3: [5, 5], b1: [3, 3], b2: [2, 2] };
    const fromColumns = scoreColumns(team, { respondents: 2, columns });
    const fromRecords = scoreResponses(team, records);
    expect(fromColumns.scales.map((s) => Array.from(s.scores))).toEqual(fromRecords.scales.map((s) => Array.from(s.scores)));
    expect(columns.a1).toEqual([4, 7]);
  });

  it('reads answers stored under survey question ids', () => {
    const result = scoreResponses(team, [{ team_check_a1: 4, team_check_a2: 2, team_check_a3: 5 }], { itemKey: (id) => `team_check_${id}` });
    expect(scoresOf(result, 'planning')[0]).toBeCloseTo(13 / 3, 12);
  });

  it('builds keyed item columns for reliability, reversing keyed items and clearing invalid values', () => {
    const input = answerColumns(team, [{ a1: 4, a2: 2, a3: 9 }, { a1: 'NR', a2: 5, a3: 1 }]);
    const { items, columns } = keyedItemColumns(team, input, 'planning');
    expect(items).toEqual(['a1', 'a2', 'a3']);
    expect(columns.map((c) => Array.from(c, (v) => (Number.isNaN(v) ? null : v)))).toEqual([
      [4, null],
      [4, 1],
      [null, 1],
    ]);
    expect(itemsOfScale(team, 'climate')).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
    expect(() => itemsOfScale(team, 'nothing')).toThrow('has no scale nothing');
  });
});

describe('the shipped instruments', () => {
  const instruments = listInstruments().map((i) => [i.id, i] as const);

  it.each(instruments)('%s: the highest keyed answers score the top of each range, the lowest the bottom', (_id, shipped) => {
    // Instruments whose key is licensed get a made-up key here: every other item reversed.
    const instrument = shipped.licence.scoringKey === 'user-supplied' ? withScoringKey(shipped, new Map(shipped.items.map((item, i) => [item.id, i % 2 === 1]))) : shipped;
    const answer = (top: boolean): Record<string, number> =>
      Object.fromEntries(
        scoredItemIds(instrument).map((id) => {
          const item = instrument.items.find((i) => i.id === id)!;
          const format = instrument.responseFormats[item.format]!;
          const range = format.type === 'agreement' ? { min: 1, max: format.points } : format.type === 'likert' ? { min: format.start, max: format.start + format.points - 1 } : format.type === 'zero-to-ten' ? { min: 0, max: 10 } : { min: 0, max: 1 };
          return [id, top !== item.reverse ? range.max : range.min];
        }),
      );
    const result = scoreResponses(instrument, [answer(true), answer(false)]);
    for (const scale of result.scales) {
      expect(scale.scores[0], `${scale.id} top`).toBeCloseTo(scale.range.max, 10);
      expect(scale.scores[1], `${scale.id} bottom`).toBeCloseTo(scale.range.min, 10);
    }
  });

  it('scores the JCQ with its published weights: skill discretion 12–48, latitude 24–96, demands 12–48', () => {
    const jcq = listInstruments().find((i) => i.id === 'job-content-questionnaire')!;
    const result = scoreResponses(jcq, []);
    expect(scaleOf(result, 'skill_discretion').range).toEqual({ min: 12, max: 48 });
    expect(scaleOf(result, 'decision_authority').range).toEqual({ min: 12, max: 48 });
    expect(scaleOf(result, 'decision_latitude').range).toEqual({ min: 24, max: 96 });
    expect(scaleOf(result, 'psychological_demands').range).toEqual({ min: 12, max: 48 });
    expect(scaleOf(result, 'social_support').range).toEqual({ min: 8, max: 32 });
    // sd2 (repetitive work) is reversed as 5 − answer: all 3s except sd2 = 1 gives 2 × (3 × 5 + 4).
    const answers = Object.fromEntries(scoredItemIds(jcq).map((id) => [id, id === 'sd2' ? 1 : 3]));
    expect(scaleOf(scoreResponses(jcq, [answers]), 'skill_discretion').scores[0]).toBe(38);
  });
});
