import { describe, expect, it } from 'vitest';
import { getInstrument } from '../../instruments/service.ts';
import type { Instrument } from '../../instruments/definition.ts';
import { parseDefinition } from '../definition.ts';
import { itemsForScales, pagesForInstrument, questionIdFor, questionsForItems, surveyFormatFor } from './instrument-questions.ts';

function shipped(id: string): Instrument {
  const instrument = getInstrument(id);
  if (!instrument) throw new Error(`The ${id} instrument is not shipped`);
  return instrument;
}

describe('instrument items as survey questions', () => {
  it('makes question ids that are valid variable names', () => {
    expect(questionIdFor('change-climate', 'tc1')).toBe('change_climate_tc1');
  });

  it('maps every item format to a survey format, keeping the scored values', () => {
    expect(surveyFormatFor({ type: 'agreement', points: 5, missing: [{ value: -1, label: 'Not relevant to my work', kind: 'not-relevant' }] })).toEqual({
      type: 'likert', points: 5, labels: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'], missing: [{ code: 'NR', label: 'Not relevant to my work' }],
    });
    expect(surveyFormatFor({ type: 'zero-to-ten', lowLabel: 'Not at all', missing: [] })).toEqual({ type: 'scale', min: 0, max: 10, lowLabel: 'Not at all', highLabel: '', missing: [] });
    expect(surveyFormatFor({ type: 'true-false', missing: [] })).toEqual({ type: 'boolean', style: 'true-false', missing: [] });
    expect(surveyFormatFor({ type: 'likert', points: 3, start: 0, labels: ['Never', 'Sometimes', 'Often'], missing: [] })).toEqual({
      type: 'single', options: [{ code: '0', label: 'Never' }, { code: '1', label: 'Sometimes' }, { code: '2', label: 'Often' }], missing: [],
    });
    expect(surveyFormatFor({ type: 'free-text', maxLength: 2000, missing: [] })).toEqual({ type: 'text', maxLength: 2000, multiline: true });
    // NoMAD's three kinds of "does not apply" share the survey's one not-relevant code.
    const nomad = surveyFormatFor({ type: 'agreement', points: 5, missing: [
      { value: -1, label: 'Does not apply to my role', kind: 'not-relevant' },
      { value: -2, label: 'Does not apply at this stage', kind: 'not-relevant' },
      { value: -3, label: "I don't know", kind: 'dont-know' },
    ] });
    expect('missing' in nomad && nomad.missing).toEqual([{ code: 'NR', label: 'Does not apply to my role' }, { code: 'DK', label: "I don't know" }]);
  });

  it('takes wording from the file, or from the team\'s licensed copy, or leaves it empty', () => {
    const climate = shipped('change-climate');
    const [first] = questionsForItems(climate, ['tc1'], new Map());
    expect(first).toMatchObject({ id: 'change_climate_tc1', source: { instrument: 'change-climate', item: 'tc1' }, required: false });
    expect(first!.text.length).toBeGreaterThan(10);
    const oric = shipped('oric');
    const questions = questionsForItems(oric, ['com1', 'com2'], new Map([['com1', 'Licensed wording']]));
    expect(questions.map((q) => q.text)).toEqual(['Licensed wording', '']);
  });

  it('chooses items by scale, through subscales, in the instrument\'s order', () => {
    const oric = shipped('oric');
    expect(itemsForScales(oric, ['change_commitment'])).toEqual(['com1', 'com2', 'com3', 'com4', 'com5']);
    expect(itemsForScales(oric, [])).toHaveLength(12);
    const jcq = shipped('job-content-questionnaire');
    const latitude = jcq.scales.find((s) => s.subscales?.length);
    expect(latitude).toBeDefined();
    const throughSubscales = itemsForScales(jcq, [latitude!.id]);
    const direct = itemsForScales(jcq, latitude!.subscales!);
    expect(throughSubscales).toEqual(direct);
  });

  it('lays an instrument out one page per scale, or a fixed number of items a page, as a valid questionnaire', () => {
    const climate = shipped('change-climate');
    const byScale = pagesForInstrument(climate, new Map(), { by: 'scale' });
    expect(byScale[0]).toMatchObject({ id: 'p1', title: climate.scales[0]!.name });
    expect(byScale.at(-1)!.title).toBe('Other questions');
    expect(byScale.flatMap((p) => p.questions)).toHaveLength(climate.items.length);
    const byCount = pagesForInstrument(climate, new Map(), { by: 'count', perPage: 10 });
    expect(byCount.map((p) => p.questions.length)).toEqual(chunks(climate.items.length, 10));
    expect(() => parseDefinition({ pages: byScale })).not.toThrow();
    expect(() => parseDefinition({ pages: byCount })).not.toThrow();
  });
});

function chunks(total: number, size: number): number[] {
  const out: number[] = [];
  for (let left = total; left > 0; left -= size) out.push(Math.min(size, left));
  return out;
}
