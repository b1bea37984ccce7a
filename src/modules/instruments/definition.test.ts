import { describe, expect, it } from 'vitest';
import { InstrumentDefinitionError, parseInstrument, parseInstrumentText } from './definition.ts';
import { answerOptions, describeFormat, valueRange, type ResponseFormat } from './response-formats.ts';

/** A small, valid instrument of our own; each case below breaks one thing in a copy of it. */
function sample(): Record<string, unknown> {
  return {
    id: 'team-check',
    name: 'Team check',
    version: '1',
    citation: 'Formative project. Team check, 2026.',
    licence: { terms: 'MIT', wording: 'included' },
    responseFormats: {
      agree5: { type: 'agreement', points: 5, missing: [{ value: -1, label: 'Does not apply', kind: 'not-relevant' }] },
      hours: { type: 'number', min: 0, max: 80 },
      open: { type: 'free-text', maxLength: 500 },
    },
    items: [
      { id: 'a1', format: 'agree5', text: 'We plan our work together.' },
      { id: 'a2', format: 'agree5', text: 'Meetings here are a waste of time.', reverse: true },
      { id: 'b1', format: 'agree5', text: 'I can say what I think.' },
      { id: 'b2', format: 'agree5', text: 'Mistakes are held against people.', reverse: true },
      { id: 'h1', format: 'hours', text: 'Hours worked last week' },
      { id: 'c1', format: 'open', text: 'Anything else?' },
    ],
    scales: [
      { id: 'planning', name: 'Planning', items: ['a1', 'a2'], scoring: { method: 'mean', minAnswered: 1 } },
      { id: 'voice', name: 'Voice', items: ['b1', { item: 'b2', weight: 2 }], scoring: { method: 'sum' } },
      { id: 'climate', name: 'Climate', subscales: ['planning', 'voice'], scoring: { method: 'mean' } },
    ],
    derived: [
      { id: 'balance', kind: 'difference', name: 'Balance', from: 'planning', minus: 'voice' },
      { id: 'ratio', kind: 'ratio', name: 'Ratio', numerator: 'planning', denominator: 'voice' },
      {
        id: 'kind', kind: 'quadrant', name: 'Kind of team',
        first: { scale: 'planning', cut: 3 }, second: { scale: 'voice', cut: 'median' },
        quadrants: [
          { when: ['high', 'high'], code: 'thriving', label: 'Thriving' },
          { when: ['high', 'low'], code: 'tidy', label: 'Tidy' },
          { when: ['low', 'high'], code: 'lively', label: 'Lively' },
          { when: ['low', 'low'], code: 'stuck', label: 'Stuck' },
        ],
      },
    ],
    norms: [{ scale: 'planning', citation: 'A study', population: 'Hospital staff', mean: 3.4, sd: 0.8, n: 120 }],
  };
}

type Sample = ReturnType<typeof sample> & Record<string, unknown>;
const at = (s: Sample, key: string) => s[key] as Record<string, unknown>[];

function problemsOf(data: unknown): string[] {
  try {
    parseInstrument(data, 'case.yaml');
    return [];
  } catch (error) {
    if (error instanceof InstrumentDefinitionError) return error.problems;
    throw error;
  }
}

describe('instrument definitions', () => {
  it('accepts a sound definition and fills in the defaults', () => {
    const instrument = parseInstrument(sample(), 'sample.yaml');
    expect(instrument.licence.scoringKey).toBe('included');
    expect(instrument.items.find((i) => i.id === 'a1')?.reverse).toBe(false);
    expect(instrument.scales.find((s) => s.id === 'voice')?.scoring.minAnswered).toBe(2);
    expect(instrument.scales.find((s) => s.id === 'voice')?.items).toEqual([{ item: 'b1', weight: 1 }, { item: 'b2', weight: 2 }]);
    expect(instrument.scales.find((s) => s.id === 'climate')?.scoring.minAnswered).toBe(2);
  });

  const cases: [string, (s: Sample) => void, string][] = [
    ['a duplicate item id', (s) => at(s, 'items').push({ id: 'a1', format: 'agree5', text: 'Again' }), 'id "a1" is used more than once'],
    ['a scale sharing an item id', (s) => at(s, 'scales').push({ id: 'b1', name: 'X', items: ['a1'], scoring: { method: 'mean' } }), 'id "b1" is used more than once'],
    ['a scale item that does not exist', (s) => { at(s, 'scales')[0]!.items = ['a1', 'zz9']; }, 'scale "planning": item "zz9" does not exist'],
    ['a scale listing an item twice', (s) => { at(s, 'scales')[0]!.items = ['a1', 'a1']; }, 'scale "planning": item "a1" is listed more than once'],
    ['free text in a scale', (s) => { at(s, 'scales')[0]!.items = ['a1', 'c1']; }, 'scale "planning": item "c1" is free text, which cannot be scored'],
    ['an unknown subscale', (s) => { at(s, 'scales')[2]!.subscales = ['planning', 'nothing']; }, 'scale "climate": subscale "nothing" is not a scale in this file'],
    ['subscales in a circle', (s) => at(s, 'scales').push({ id: 'loop', name: 'Loop', subscales: ['loop2'], scoring: { method: 'mean' } }, { id: 'loop2', name: 'Loop 2', subscales: ['loop'], scoring: { method: 'mean' } }), 'subscales lead back to itself (loop → loop2 → loop)'],
    ['both items and subscales', (s) => { at(s, 'scales')[2]!.items = ['a1']; }, 'scale "climate": give either items or subscales, not both'],
    ['minAnswered above the item count', (s) => { at(s, 'scales')[0]!.scoring = { method: 'mean', minAnswered: 3 }; }, 'minAnswered is 3 but the scale has only 2 items'],
    ['a sum over some items without prorating', (s) => { at(s, 'scales')[1]!.scoring = { method: 'sum', minAnswered: 1 }; }, 'set prorate: true or require all items'],
    ['prorating a mean', (s) => { at(s, 'scales')[0]!.scoring = { method: 'mean', prorate: true }; }, 'prorate applies to sums only'],
    ['reverse keying on free text', (s) => { at(s, 'items')[5]!.reverse = true; }, 'item "c1": is reverse-keyed but its format "open" (free text) has no order to reverse'],
    ['reverse keying on a number', (s) => { at(s, 'items')[4]!.reverse = true; }, 'item "h1": is reverse-keyed but its format "hours" (number) has no order to reverse'],
    ['an undefined format', (s) => { at(s, 'items')[0]!.format = 'agree7'; }, 'item "a1": format "agree7" is not defined in responseFormats'],
    ['a derived score on a missing scale', (s) => { at(s, 'derived')[0]!.minus = 'ghost'; }, 'derived score "balance": refers to "ghost", which is not a scale in this file'],
    ['a ratio of a scale to itself', (s) => { at(s, 'derived')[1]!.denominator = 'planning'; }, 'uses scale "planning" twice'],
    ['a quadrant missing a combination', (s) => { (at(s, 'derived')[2]!.quadrants as { when: string[] }[])[3]!.when = ['high', 'high']; }, 'no quadrant for low/low'],
    ['a norm for an unknown scale', (s) => { at(s, 'norms')[0]!.scale = 'ghost'; }, 'norm for "ghost": no scale or numeric derived score has that id'],
    ['likert labels that do not match the points', (s) => { (s.responseFormats as Record<string, unknown>).five = { type: 'likert', points: 5, labels: ['Low', 'High'] }; }, 'response format "five": has 5 points but 2 labels'],
    ['a missing code that is also an answer', (s) => { (s.responseFormats as Record<string, unknown>).agree5 = { type: 'agreement', points: 5, missing: [{ value: 3, label: 'Unsure', kind: 'dont-know' }] }; }, 'missing value 3 ("Unsure") is also a real answer'],
    ['a number range the wrong way round', (s) => { (s.responseFormats as Record<string, unknown>).hours = { type: 'number', min: 80, max: 0 }; }, 'min 80 is more than max 0'],
    ['duplicate choice values', (s) => { (s.responseFormats as Record<string, unknown>).pick = { type: 'single-choice', options: [{ value: 1, label: 'A' }, { value: 1, label: 'B' }] }; }, 'option value 1 is used more than once'],
    ['an agreement scale with no default labels', (s) => { (s.responseFormats as Record<string, unknown>).agree3 = { type: 'agreement', points: 3 }; }, 'give labels for a 3-point agreement scale'],
    ['item text in a licensed instrument', (s) => { s.licence = { terms: 'Licensed', wording: 'user-supplied' }; }, 'item "a1": has text, but licence.wording is user-supplied'],
    ['no text in an instrument that includes wording', (s) => { delete at(s, 'items')[0]!.text; }, 'item "a1": has no text, but licence.wording is included'],
    ['reverse keys when the key is user-supplied', (s) => { s.licence = { terms: 'T', wording: 'included', scoringKey: 'user-supplied' }; }, 'item "a2": sets reverse, but licence.scoringKey is user-supplied'],
    ['an unknown field', (s) => { s.colour = 'blue'; }, 'the file: Unrecognized key: "colour"'],
    ['an id with capitals', (s) => { at(s, 'items')[0]!.id = 'A1'; }, 'items[0] (A1).id: must be 1 to 32 lowercase letters'],
    ['an unknown format type', (s) => { (s.responseFormats as Record<string, unknown>).odd = { type: 'slider' }; }, 'responseFormats.odd.type'],
    ['a missing citation', (s) => { delete s.citation; }, 'citation: must be text'],
    ['a quadrant list of three', (s) => { (at(s, 'derived')[2]!.quadrants as unknown[]).pop(); }, 'must list exactly four quadrants'],
    ['a negative standard deviation', (s) => { at(s, 'norms')[0]!.sd = -1; }, 'norms[0].sd: must be more than 0'],
  ];

  it.each(cases)('refuses %s with a clear error', (_name, breakIt, expected) => {
    const broken = sample() as Sample;
    breakIt(broken);
    const problems = problemsOf(broken);
    expect(problems.join('\n')).toContain(expected);
  });

  it('reports every problem in a file at once', () => {
    const broken = sample() as Sample;
    at(broken, 'items')[5]!.reverse = true;
    at(broken, 'derived')[0]!.minus = 'ghost';
    expect(problemsOf(broken)).toHaveLength(2);
  });

  it('names the file and says when the YAML itself is broken', () => {
    expect(() => parseInstrumentText('id: [unclosed', 'broken.yaml')).toThrow(/^broken\.yaml: not valid YAML/);
    expect(() => parseInstrumentText('id: a\nid: b\n', 'twice.yaml')).toThrow(/twice\.yaml: not valid YAML/);
  });
});

describe('response formats', () => {
  const format = (f: Record<string, unknown>) => parseInstrument({ ...sample(), responseFormats: { ...(sample().responseFormats as object), f } }, 'x').responseFormats.f as ResponseFormat;

  it('numbers options from the start value and mirrors them for reverse keying', () => {
    const likert = format({ type: 'likert', points: 4, start: 0, labels: ['Never', 'Sometimes', 'Often', 'Always'] });
    expect(answerOptions(likert).map((o) => o.value)).toEqual([0, 1, 2, 3]);
    expect(valueRange(likert)).toEqual({ min: 0, max: 3 });
  });

  it('gives agreement, true/false, yes/no and 0-10 formats their usual values', () => {
    expect(answerOptions(format({ type: 'agreement', points: 4 })).map((o) => o.label)).toEqual(['Strongly disagree', 'Disagree', 'Agree', 'Strongly agree']);
    expect(answerOptions(format({ type: 'true-false' }))).toEqual([{ value: 1, label: 'True' }, { value: 0, label: 'False' }]);
    expect(valueRange(format({ type: 'yes-no' }))).toEqual({ min: 0, max: 1 });
    expect(answerOptions(format({ type: 'zero-to-ten', lowLabel: 'Not at all' }))[0]).toEqual({ value: 0, label: '0 – Not at all' });
    expect(valueRange(format({ type: 'free-text' }))).toBeUndefined();
  });

  it('describes a format in one line, with its missing options', () => {
    expect(describeFormat(format({ type: 'agreement', points: 5, missing: [{ value: -9, label: "Don't know", kind: 'dont-know' }] }))).toBe(
      "5-point agree/disagree (1 Strongly disagree … 5 Strongly agree); scored as missing: -9 Don't know",
    );
    expect(describeFormat(format({ type: 'number', min: 0, max: 80, integer: true, unit: 'hours' }))).toBe('whole number from 0 to 80 hours');
  });
});
